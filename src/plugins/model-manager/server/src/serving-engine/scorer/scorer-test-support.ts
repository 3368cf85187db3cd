/** Test-only: a graph whose compiled scorer passes the parity check yet hands a batch back. */
import { onnx } from 'onnx-proto';
import { exportToOnnx, trainTextClassifier } from '../../ml';
import { SMOKE_TEXTS } from '../onnx-text-classifier';
import { CompiledScorer } from './compiled-scorer';
import { parityTexts } from './parity';
import type { SparseRow } from './values';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

/**
 * One of our exports (raw term frequencies), changed so that a text counting one n-gram more often
 * than any parity text does raises every column's count by one: a row no longer sparse, which the
 * compiled scorer hands to onnxruntime. `flood` is such a text.
 */
export function handedBackExport(rows: Array<{ text: string; label: string }>): {
  bytes: Uint8Array;
  flood: string;
} {
  const trained = trainTextClassifier(rows, { minDf: 2, sublinearTf: false });
  const plain = exportToOnnx(trained);
  const scorer = CompiledScorer.compile(onnx.ModelProto.decode(plain), 'probabilities', ['tf']);
  const [counts] = scorer.evaluate(parityTexts(scorer, [], SMOKE_TEXTS), ['tf']);
  const most = Math.max(...(counts as SparseRow[]).flatMap((r) => Array.from(r.vals)));
  const word = trained.vectorizer.vocabulary.find((term) => !term.includes(' '))!;

  const model = onnx.ModelProto.decode(plain);
  const graph = model.graph!;
  for (const n of graph.node!) n.input = n.input!.map((i) => (i === 'tf' ? 'tf_raised' : i));
  const at = graph.node!.findIndex((n) => n.opType === 'TfIdfVectorizer') + 1;
  const node = (opType: string, input: string[], output: string, attribute: object[] = []) =>
    onnx.NodeProto.fromObject({ opType, input, output: [output], name: output, attribute });
  graph.node!.splice(
    at,
    0,
    node('ReduceMax', ['tf'], 'tf_most', [
      { name: 'axes', type: AttributeType.INTS, ints: [1] },
      { name: 'keepdims', type: AttributeType.INT, i: 1 },
    ]),
    node('Greater', ['tf_most', 'most_in_parity'], 'flooded'),
    node('Cast', ['flooded'], 'flooded_float', [
      { name: 'to', type: AttributeType.INT, i: DataType.FLOAT },
    ]),
    node('Add', ['tf', 'flooded_float'], 'tf_raised')
  );
  graph.initializer!.push(
    onnx.TensorProto.fromObject({
      name: 'most_in_parity',
      dims: [],
      dataType: DataType.FLOAT,
      floatData: [most],
    })
  );
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    flood: Array.from({ length: most + 1 }, () => word).join(' '),
  };
}
