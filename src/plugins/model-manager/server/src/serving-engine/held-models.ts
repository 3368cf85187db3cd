/**
 * The onnxruntime sessions one thread holds, keyed by artifact hash: loading (with the linear
 * serving graph derived for our own exports), runs and exact explanations. Used by an inference
 * worker thread (pool/inference-worker.ts) and, for artifacts cheap enough to run on the event
 * loop, by the serving thread itself (local-model.ts). No worker_threads or Strapi here.
 */
import { onnx } from 'onnx-proto';
import { exactExplanation, type ExactExplanation } from './exact-explain';
import { deriveLinearServing, type LinearModel } from './linear-graph';
import { OnnxTextClassifier, type LoadOptions } from './onnx-text-classifier';
import type { LoadedInfo, RunResult } from './pool/messages';

interface Held {
  classifier: OnnxTextClassifier;
  linear: LinearModel | null;
}

/** A view that owns its whole buffer (so it can be transferred), copying only when it does not. */
function own(array: Float32Array): Float32Array {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength
    ? array
    : array.slice();
}

export class HeldModels {
  private readonly held = new Map<string, Held>();

  /** the artifacts held, by hash */
  hashes(): string[] {
    return [...this.held.keys()];
  }

  private get(hash: string): Held {
    const entry = this.held.get(hash);
    if (!entry) throw new Error(`artifact ${hash.slice(0, 12)} is not loaded in this thread`);
    return entry;
  }

  /** `proto`: the bytes already decoded, when the caller has them. */
  async load(
    hash: string,
    bytes: Uint8Array,
    options: LoadOptions,
    proto: onnx.ModelProto = onnx.ModelProto.decode(bytes)
  ): Promise<LoadedInfo> {
    const before = process.memoryUsage.rss();
    const derived = deriveLinearServing(proto);
    const classifier = await OnnxTextClassifier.load(derived?.bytes ?? bytes, options);
    await this.held.get(hash)?.classifier.dispose();
    this.held.set(hash, { classifier, linear: derived?.linear ?? null });
    return {
      signature: classifier.signature,
      memoryBytes: Math.max(bytes.byteLength, process.memoryUsage.rss() - before),
      linear: !!derived,
    };
  }

  async run(hash: string, texts: string[], chunkSize: number): Promise<RunResult> {
    const { classifier, linear } = this.get(hash);
    const extra = linear ? [linear.evidenceOutput] : [];
    const { probabilities, extras } = await classifier.runFlat(texts, chunkSize, extra);
    return {
      probabilities: own(probabilities),
      evidence: linear ? own(extras[linear.evidenceOutput]) : null,
    };
  }

  async explain(
    hash: string,
    texts: string[],
    predicted: number[],
    chunkSize: number
  ): Promise<ExactExplanation[]> {
    const { classifier, linear } = this.get(hash);
    if (!linear) throw new Error('exact explanations need one of our linear exports');
    const { extras } = await classifier.runFlat(texts, chunkSize, [linear.featuresOutput]);
    const features = extras[linear.featuresOutput];
    return texts.map((text, i) =>
      exactExplanation(
        text,
        features.subarray(i * linear.features, (i + 1) * linear.features),
        linear,
        predicted[i]
      )
    );
  }

  async release(hash: string): Promise<void> {
    await this.held.get(hash)?.classifier.dispose();
    this.held.delete(hash);
  }
}
