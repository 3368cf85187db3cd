import type { onnx } from 'onnx-proto';

/**
 * Operators whose cost or output size can be read from the data rather than from the input's own
 * size: control flow (a Loop whose trip count is a word count runs for hours on one text) and
 * allocations sized by a tensor. Upload checks never see such a trigger (the smoke test and the
 * evaluation texts do not contain it), so these graphs are refused at upload unless the plugin
 * config allow-lists the operator (`allowDataSizedOps`). An allocation sized by the model's own
 * weights (an initializer or a Constant) is bounded and passes.
 */
const CONTROL_FLOW = new Set(['Loop', 'Scan', 'If', 'SequenceMap']);

/** Allocation operators, with the inputs that size their output. */
const SIZED_BY: Record<string, number[]> = {
  ConstantOfShape: [0],
  Expand: [1],
  Tile: [1],
  Range: [0, 1, 2],
  Pad: [1, 3],
  OneHot: [1],
  Resize: [1, 2, 3],
  Upsample: [1],
  CenterCropPad: [1],
};

export interface DataSizedNode {
  opType: string;
  /** where the node sits, e.g. `graph.node[spin]` or `functions[f].node[grow]` */
  where: string;
}

const MAX_DEPTH = 64;

function scanGraph(
  graph: onnx.IGraphProto | null | undefined,
  where: string,
  found: DataSizedNode[],
  depth: number,
  outerWeights: ReadonlySet<string> = new Set()
) {
  if (!graph) return;
  // a subgraph sees its outer graphs' weights too
  const weights = new Set(outerWeights);
  for (const t of graph.initializer ?? []) weights.add(t.name ?? '');
  scanNodes(graph.node, where, found, depth, weights);
}

function scanNodes(
  nodes: onnx.INodeProto[] | null | undefined,
  where: string,
  found: DataSizedNode[],
  depth: number,
  weights: Set<string>
) {
  for (const node of nodes ?? [])
    if (node.opType === 'Constant') node.output?.forEach((o) => weights.add(o));
  for (const node of nodes ?? []) {
    const opType = node.opType ?? '?';
    const at = `${where}.node[${node.name || opType}]`;
    const sizedBy = !node.domain ? SIZED_BY[opType] : undefined;
    const fromData = sizedBy?.some((i) => {
      const input = node.input?.[i];
      return input !== undefined && input !== '' && !weights.has(input);
    });
    if ((!node.domain && CONTROL_FLOW.has(opType)) || fromData) found.push({ opType, where: at });
    for (const attribute of node.attribute ?? []) {
      const a = `${at}.attribute[${attribute.name ?? '?'}]`;
      if (depth >= MAX_DEPTH) {
        if (attribute.g || attribute.graphs?.length)
          found.push({ opType, where: `${a} (nested over ${MAX_DEPTH} deep)` });
        continue;
      }
      scanGraph(attribute.g, `${a}.g`, found, depth + 1, weights);
      (attribute.graphs ?? []).forEach((g, i) =>
        scanGraph(g, `${a}.graphs[${i}]`, found, depth + 1, weights)
      );
    }
  }
}

/** Every node of the model (graph, subgraphs, local functions) whose cost the data can size. */
export function findDataSizedNodes(model: onnx.IModelProto): DataSizedNode[] {
  const found: DataSizedNode[] = [];
  scanGraph(model.graph, 'graph', found, 0);
  (model.functions ?? []).forEach((f) =>
    scanNodes(f.node, `functions[${f.name ?? '?'}]`, found, 0, new Set())
  );
  return found;
}

/** The nodes the allow-list (operator names) does not cover. */
export function refusedDataSizedNodes(
  model: onnx.IModelProto,
  allowed: readonly string[]
): DataSizedNode[] {
  return findDataSizedNodes(model).filter((n) => !allowed.includes(n.opType));
}
