/** onnxruntime-node used directly, as the serving runtime does: one session, tensor outputs only. */
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';

export interface Session {
  session: ort.InferenceSession;
  inputName: string;
  classLabels: string[];
  /** Probability rows, in classLabels order. */
  predict(texts: string[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Class names from the model's metadata (`classes`, a JSON array or a comma-separated list). */
export function classLabelsOf(bytes: Uint8Array): string[] {
  const proto = onnx.ModelProto.decode(bytes);
  const meta = Object.fromEntries(
    (proto.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])
  );
  const raw = meta.classes ?? meta.class_labels ?? meta.labels;
  if (!raw) throw new Error('model has no "classes" metadata');
  try {
    const parsed = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // comma-separated
  }
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function openSession(
  bytes: Uint8Array,
  threads = { intra: 1, inter: 1 }
): Promise<Session> {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads.intra,
    interOpNumThreads: threads.inter,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const inputName = session.inputNames[0];
  const classLabels = classLabelsOf(bytes);
  return {
    session,
    inputName,
    classLabels,
    async predict(texts: string[]) {
      const out = await session.run(
        { [inputName]: new ort.Tensor('string', texts, [texts.length]) },
        ['probabilities']
      );
      return out.probabilities.data as Float32Array;
    },
    release: () => session.release(),
  };
}
