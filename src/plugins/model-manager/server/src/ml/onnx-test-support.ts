/** Test-only helper: runs an exported text classifier in onnxruntime-node. */
import { InferenceSession, Tensor } from 'onnxruntime-node';

export interface OnnxOutputs {
  probabilities: number[][];
  labels: string[];
}

/** Runs `texts` through the model in chunks (string tensors are memory-hungry). */
export async function runTextModel(
  model: Uint8Array,
  texts: readonly string[],
  chunk = 200
): Promise<OnnxOutputs> {
  const session = await InferenceSession.create(model, { intraOpNumThreads: 1 });
  const out: OnnxOutputs = { probabilities: [], labels: [] };
  try {
    for (let i = 0; i < texts.length; i += chunk) {
      const batch = texts.slice(i, i + chunk);
      const r = await session.run({ text: new Tensor('string', [...batch], [batch.length]) });
      const p = r.probabilities.data as Float32Array;
      const C = r.probabilities.dims[1];
      for (let k = 0; k < batch.length; k++)
        out.probabilities.push(Array.from(p.subarray(k * C, k * C + C)));
      out.labels.push(...(r.label.data as string[]));
    }
  } finally {
    await session.release();
  }
  return out;
}

export function maxAbsDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new RangeError('row count differs');
  let max = 0;
  a.forEach((row, i) => row.forEach((v, c) => (max = Math.max(max, Math.abs(v - b[i][c])))));
  return max;
}

/** Twelve labelled sentences whose classes two words tell apart ("wall" red, "care" blue): a model trains in milliseconds. */
export const TOY_ROWS: ReadonlyArray<{ text: string; label: string }> = [
  ...[
    'build the wall now',
    'secure the border wall',
    'cut taxes and build the wall',
    'the wall works',
    'lower taxes for business',
    'border security first',
  ].map((text) => ({ text, label: 'red' })),
  ...[
    'health care is a right',
    'care for every family',
    'climate action now',
    'expand health care',
    'raise the minimum wage',
    'care about climate',
  ].map((text) => ({ text, label: 'blue' })),
];
