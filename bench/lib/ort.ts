/**
 * onnxruntime-node used directly, the least a server can do: one session on the uploaded bytes,
 * the `probabilities` tensor only. The baseline the plugin's serving engine is measured against.
 */
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';

/** Class names from the model's `classes` metadata (a JSON array or a comma-separated list). */
function classLabelsOf(bytes: Uint8Array): string[] {
  const meta = onnx.ModelProto.decode(bytes).metadataProps ?? [];
  const raw = meta.find((p) => p.key === 'classes')?.value;
  if (!raw) throw new Error('model has no "classes" metadata');
  return raw.startsWith('[') ? JSON.parse(raw).map(String) : raw.split(',').map((s) => s.trim());
}

export async function openSession(bytes: Uint8Array, intraOpNumThreads = 1) {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const inputName = session.inputNames[0];
  return {
    classLabels: classLabelsOf(bytes),
    /** Probability rows, flat, in classLabels order. */
    async predict(texts: string[]): Promise<Float32Array> {
      const feeds = { [inputName]: new ort.Tensor('string', texts, [texts.length]) };
      return (await session.run(feeds, ['probabilities'])).probabilities.data as Float32Array;
    },
    release: () => session.release(),
  };
}
