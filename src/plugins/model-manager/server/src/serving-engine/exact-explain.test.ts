import { onnx } from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { exportToOnnx, trainTextClassifier } from '../ml';
import { exactExplanation } from './exact-explain';
import { deriveLinearServing, exportTerms } from './linear-graph';
import { TOY_ROWS } from '../ml/onnx-test-support';

const rows = [...TOY_ROWS];
const texts = [
  'build the wall and care for families',
  'Health care, health care: the WALL!',
  'nothing known here',
];

/** Inserts `scores / T` before the Softmax, as a temperature-calibrated export would, and declares it. */
function withTemperature(bytes: Uint8Array, temperature: number): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const softmax = graph.node!.find((n) => n.opType === 'Softmax')!;
  const scores = softmax.input![0];
  graph.initializer!.push(
    onnx.TensorProto.fromObject({
      name: 'T',
      dims: [],
      dataType: onnx.TensorProto.DataType.FLOAT,
      floatData: [temperature],
    })
  );
  graph.node!.splice(
    graph.node!.indexOf(softmax),
    0,
    onnx.NodeProto.fromObject({ opType: 'Div', input: [scores, 'T'], output: ['scores_t'] })
  );
  softmax.input = ['scores_t'];
  model.metadataProps!.push(
    onnx.StringStringEntryProto.fromObject({
      key: 'calibration',
      value: JSON.stringify({ method: 'temperature', temperature }),
    })
  );
  return onnx.ModelProto.encode(model).finish();
}

async function explainAll(bytes: Uint8Array) {
  const proto = onnx.ModelProto.decode(bytes);
  const derived = deriveLinearServing(proto);
  const terms = exportTerms(proto);
  if (!derived || !terms) throw new Error('not recognised as a linear export');
  const session = await InferenceSession.create(derived.bytes, { intraOpNumThreads: 1 });
  try {
    const out = await session.run({ text: new Tensor('string', texts, [texts.length]) }, [
      'probabilities',
      derived.linear.featuresOutput,
      derived.linear.evidenceOutput,
    ]);
    const p = out.probabilities.data as Float32Array;
    const features = out[derived.linear.featuresOutput].data as Float32Array;
    const F = derived.linear.features;
    return texts.map((text, i) => {
      const k = p[2 * i + 1] > p[2 * i] ? 1 : 0;
      const logit = Math.log(p[2 * i + k] / p[2 * i + 1 - k]);
      const explanation = exactExplanation(
        text,
        features.subarray(i * F, (i + 1) * F),
        derived.linear,
        terms,
        k
      );
      return {
        explanation,
        logit,
        evidence: (out[derived.linear.evidenceOutput].data as Float32Array)[i],
      };
    });
  } finally {
    await session.release();
  }
}

const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);

describe('exact explanations of our linear exports', () => {
  const model = trainTextClassifier(rows, {
    algorithm: 'logistic-regression',
    ngramRange: [1, 2],
    minDf: 1,
  });

  it('token weights plus the bias add up to the predicted class log-odds', async () => {
    for (const { explanation, logit } of await explainAll(exportToOnnx(model))) {
      expect(sum(explanation.tokens.map((t) => t.weight)) + explanation.bias).toBeCloseTo(logit, 4);
    }
  });

  it('still adds up when the artifact declares (and applies) a temperature', async () => {
    // Uncalibrated by the trainer, so the temperature inserted here is the only one in the graph.
    const uncalibrated = trainTextClassifier(rows, {
      algorithm: 'logistic-regression',
      ngramRange: [1, 2],
      minDf: 1,
      calibration: 'none',
    });
    for (const { explanation, logit } of await explainAll(
      withTemperature(exportToOnnx(uncalibrated), 2.5)
    )) {
      expect(sum(explanation.tokens.map((t) => t.weight)) + explanation.bias).toBeCloseTo(logit, 4);
    }
  });

  it('gives offsets into the original text and weighs the pushing words, unknown words zero', async () => {
    const [mixed, , unknown] = await explainAll(exportToOnnx(model));
    const t = mixed.explanation.tokens;
    expect(t.map((x) => texts[0].slice(x.start, x.end))).toEqual(texts[0].split(' '));
    expect(unknown.explanation.tokens.every((x) => x.weight === 0)).toBe(true);
    expect(unknown.evidence).toBe(0);
    expect(mixed.evidence).toBeGreaterThan(0);
  });
});
