import { createHash } from 'crypto';
import { onnx } from 'onnx-proto';

/**
 * scikit-learn exports (skl2onnx) as data scientists make them, served as they are: the serving
 * graph is derived from the uploaded bytes, deterministically (same bytes, same graph, on every
 * instance), and the uploaded bytes are never changed. What it changes, and why:
 * - a StringNormalizer naming no locale makes onnxruntime ask for en_US.UTF-8, which slim
 *   machines lack: it gets locale "C" (its lowercasing gave answers identical to en_US.UTF-8's on
 *   the real exports, non-ASCII texts included; tests/api/sklearn-exports.test.ts checks it);
 * - a ZipMap output (a sequence of maps onnxruntime-node cannot fetch) is dropped and the tensor
 *   feeding it becomes the probabilities output.
 * Class names come from metadata, else the classifier's or ZipMap's class-label attributes.
 */
export const SERVING_LOCALE = 'C';

const CLASSIFIERS = new Set(['LinearClassifier', 'SVMClassifier', 'TreeEnsembleClassifier']);

export interface ServingGraph {
  /** bytes to give onnxruntime: the upload itself when nothing needed changing */
  bytes: Uint8Array;
  /** the graph output holding the probabilities */
  probabilitiesOutput: string;
  /** class names from the graph when metadata has none, and where they were found */
  graphClasses: { labels: string[]; integer: boolean; from: string } | null;
  /** what was changed, for the version's record; empty when served as uploaded */
  changes: string[];
  /** sha256 of the derived graph (null when served as uploaded) */
  derivedSha256: string | null;
}

function attribute(node: onnx.INodeProto, name: string) {
  return node.attribute?.find((a) => a.name === name);
}

const text = (s: Uint8Array) => Buffer.from(s).toString('utf8');

function classesOf(
  node: onnx.INodeProto,
  stringsName: string,
  intsName: string
): { labels: string[]; integer: boolean } | null {
  const strings = attribute(node, stringsName)?.strings ?? [];
  if (strings.length) return { labels: strings.map(text), integer: false };
  const ints = attribute(node, intsName)?.ints ?? [];
  if (ints.length) return { labels: ints.map((i) => String(i)), integer: true };
  return null;
}

function graphClasses(nodes: onnx.INodeProto[]): ServingGraph['graphClasses'] {
  for (const node of nodes) {
    if (CLASSIFIERS.has(node.opType ?? '')) {
      const found = classesOf(node, 'classlabels_strings', 'classlabels_ints');
      if (found)
        return {
          ...found,
          from: `${node.opType} ${attribute(node, 'classlabels_strings') ? 'classlabels_strings' : 'classlabels_ints'}`,
        };
    }
  }
  const zipMap = nodes.find((n) => n.opType === 'ZipMap');
  const found = zipMap ? classesOf(zipMap, 'classlabels_strings', 'classlabels_int64s') : null;
  return found ? { ...found, from: 'ZipMap class labels' } : null;
}

/** The ZipMap whose map output the graph declares, when it has no "probabilities" output: its index, or -1. */
function servedZipMap(graph: onnx.IGraphProto): number {
  const outputs = graph.output ?? [];
  if (outputs.some((o) => o.name === 'probabilities')) return -1;
  return (graph.node ?? []).findIndex(
    (n) => n.opType === 'ZipMap' && outputs.some((o) => o.name === n.output?.[0])
  );
}

/** The output the serving graph's probabilities are read from (a ZipMap's input once it is removed). */
export function probabilitiesOutputOf(model: onnx.IModelProto): string {
  const zipIndex = servedZipMap(model.graph ?? {});
  return zipIndex < 0 ? 'probabilities' : (model.graph!.node![zipIndex].input?.[0] ?? '');
}

export function deriveServingGraph(model: onnx.ModelProto, uploaded: Uint8Array): ServingGraph {
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const changes: string[] = [];
  let derived: onnx.ModelProto | null = null;
  const copy = () => (derived ??= onnx.ModelProto.decode(uploaded));

  nodes.forEach((node, i) => {
    if (node.opType === 'StringNormalizer' && !attribute(node, 'locale')) {
      const target = copy().graph!.node![i];
      target.attribute = [
        ...(target.attribute ?? []),
        {
          name: 'locale',
          type: onnx.AttributeProto.AttributeType.STRING,
          s: Buffer.from(SERVING_LOCALE),
        },
      ];
      changes.push(
        `StringNormalizer "${node.name ?? i}": locale "${SERVING_LOCALE}" (it named none, so onnxruntime would need en_US.UTF-8)`
      );
    }
  });

  const zipIndex = servedZipMap(graph);
  const probabilitiesOutput = probabilitiesOutputOf(model);
  if (zipIndex >= 0) {
    const zipMap = nodes[zipIndex];
    const feeding = probabilitiesOutput;
    const g = copy().graph!;
    g.node = (g.node ?? []).filter((_, i) => i !== zipIndex);
    g.output = [
      ...(g.output ?? []).filter((o) => o.name !== zipMap.output?.[0]),
      {
        name: feeding,
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: { dim: [{ dimParam: 'N' }, { dimParam: 'C' }] },
          },
        },
      },
    ];
    changes.push(
      `ZipMap "${zipMap.name ?? zipIndex}" removed: its input "${feeding}" (a float tensor) is served as the probabilities`
    );
  }

  const bytes = derived ? onnx.ModelProto.encode(derived).finish() : uploaded;
  return {
    bytes,
    probabilitiesOutput,
    graphClasses: graphClasses(nodes),
    changes,
    derivedSha256: derived ? createHash('sha256').update(bytes).digest('hex') : null,
  };
}
