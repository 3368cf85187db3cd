/**
 * Entry of an inference worker thread: holds the onnxruntime sessions of the artifacts assigned
 * to it and runs them, so a long batch or an explanation never blocks the serving event loop.
 * Only trusted artifacts (validated in the sandbox, then stored) are ever sent here.
 */
import { parentPort } from 'worker_threads';
import { onnx } from 'onnx-proto';
import { ArtifactError } from '../artifact-error';
import { exactExplanation } from '../exact-explain';
import { deriveLinearServing, type LinearModel } from '../linear-graph';
import { OnnxTextClassifier } from '../onnx-text-classifier';
import type { LoadedInfo, RunResult, WorkerReply, WorkerRequest } from './messages';

interface Held {
  classifier: OnnxTextClassifier;
  linear: LinearModel | null;
}

const held = new Map<string, Held>();

function own(array: Float32Array): Float32Array {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : array.slice();
}

function heldModel(hash: string): Held {
  const entry = held.get(hash);
  if (!entry) throw new Error(`artifact ${hash.slice(0, 12)} is not loaded in this worker`);
  return entry;
}

async function load(hash: string, bytes: Uint8Array, options: Parameters<typeof OnnxTextClassifier.load>[1]): Promise<LoadedInfo> {
  const before = process.memoryUsage.rss();
  const derived = deriveLinearServing(onnx.ModelProto.decode(bytes));
  const classifier = await OnnxTextClassifier.load(derived?.bytes ?? bytes, options);
  held.get(hash)?.classifier.dispose();
  held.set(hash, { classifier, linear: derived?.linear ?? null });
  return {
    signature: classifier.signature,
    memoryBytes: Math.max(bytes.byteLength, process.memoryUsage.rss() - before),
    linear: !!derived,
  };
}

async function run(hash: string, texts: string[], chunkSize: number): Promise<RunResult> {
  const { classifier, linear } = heldModel(hash);
  const extra = linear ? [linear.evidenceOutput] : [];
  const { probabilities, extras } = await classifier.runFlat(texts, chunkSize, extra);
  return { probabilities: own(probabilities), evidence: linear ? own(extras[linear.evidenceOutput]) : null };
}

async function explain(hash: string, texts: string[], predicted: number[], chunkSize: number) {
  const { classifier, linear } = heldModel(hash);
  if (!linear) throw new Error('exact explanations need one of our linear exports');
  const { extras } = await classifier.runFlat(texts, chunkSize, [linear.featuresOutput]);
  const features = extras[linear.featuresOutput];
  return texts.map((text, i) => exactExplanation(text, features.subarray(i * linear.features, (i + 1) * linear.features), linear, predicted[i]));
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.op) {
    case 'load':
      return { id: request.id, ok: true, loaded: await load(request.hash, request.bytes, request.options) };
    case 'run':
      return { id: request.id, ok: true, run: await run(request.hash, request.texts, request.chunkSize) };
    case 'explain':
      return { id: request.id, ok: true, explained: await explain(request.hash, request.texts, request.predicted, request.chunkSize) };
    case 'release':
      await held.get(request.hash)?.classifier.dispose();
      held.delete(request.hash);
      return { id: request.id, ok: true };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => {
      const transfer = reply.ok && reply.run ? [reply.run.probabilities.buffer, ...(reply.run.evidence ? [reply.run.evidence.buffer] : [])] : [];
      parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
    },
    (error: unknown) => {
      const problem = error instanceof ArtifactError ? error.problem : undefined;
      parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), problem });
    }
  );
});
