import { onnx } from 'onnx-proto';

/**
 * ONNX "external data" makes onnxruntime read a tensor from a file path named inside the model,
 * relative to the server's working directory: an uploaded model can read `.env` or the database
 * back through predict. No text classifier needs it, so any tensor stored that way, wherever it
 * sits (initializers, sparse initializers, node attributes, subgraphs, functions, training info),
 * is reported before the bytes reach onnxruntime.
 */
export interface ExternalTensor {
  /** where the tensor sits, e.g. `graph.initializer[weights]` or `graph.node[loop].attribute[body].g.initializer[w]` */
  where: string;
  location: string | null;
}

type Tensor = onnx.ITensorProto;

function isExternal(tensor: Tensor | null | undefined): tensor is Tensor {
  if (!tensor) return false;
  return (
    tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL ||
    (tensor.externalData?.length ?? 0) > 0
  );
}

function locationOf(tensor: Tensor): string | null {
  return tensor.externalData?.find((e) => e.key === 'location')?.value ?? null;
}

function scanTensor(tensor: Tensor | null | undefined, where: string, found: ExternalTensor[]) {
  if (isExternal(tensor)) found.push({ where, location: locationOf(tensor) });
}

function scanSparse(
  sparse: onnx.ISparseTensorProto | null | undefined,
  where: string,
  found: ExternalTensor[]
) {
  if (!sparse) return;
  scanTensor(sparse.values, `${where}.values`, found);
  scanTensor(sparse.indices, `${where}.indices`, found);
}

function scanNodes(
  nodes: onnx.INodeProto[] | null | undefined,
  where: string,
  found: ExternalTensor[],
  depth: number
) {
  for (const node of nodes ?? []) {
    const at = `${where}.node[${node.name || node.opType || '?'}]`;
    for (const attribute of node.attribute ?? []) {
      const a = `${at}.attribute[${attribute.name ?? '?'}]`;
      scanTensor(attribute.t, `${a}.t`, found);
      (attribute.tensors ?? []).forEach((t, i) => scanTensor(t, `${a}.tensors[${i}]`, found));
      scanSparse(attribute.sparseTensor, `${a}.sparse_tensor`, found);
      (attribute.sparseTensors ?? []).forEach((t, i) =>
        scanSparse(t, `${a}.sparse_tensors[${i}]`, found)
      );
      if (attribute.g) scanGraph(attribute.g, `${a}.g`, found, depth + 1);
      (attribute.graphs ?? []).forEach((g, i) =>
        scanGraph(g, `${a}.graphs[${i}]`, found, depth + 1)
      );
    }
  }
}

const MAX_DEPTH = 64;

function scanGraph(
  graph: onnx.IGraphProto | null | undefined,
  where: string,
  found: ExternalTensor[],
  depth: number
) {
  if (!graph) return;
  if (depth > MAX_DEPTH) {
    // protobuf nesting this deep is itself hostile; report it rather than recurse further
    found.push({ where: `${where} (subgraphs nested over ${MAX_DEPTH} deep)`, location: null });
    return;
  }
  (graph.initializer ?? []).forEach((t) =>
    scanTensor(t, `${where}.initializer[${t.name ?? '?'}]`, found)
  );
  (graph.sparseInitializer ?? []).forEach((s, i) =>
    scanSparse(s, `${where}.sparse_initializer[${s.values?.name ?? i}]`, found)
  );
  scanNodes(graph.node, where, found, depth);
}

export function findExternalTensors(model: onnx.IModelProto): ExternalTensor[] {
  const found: ExternalTensor[] = [];
  scanGraph(model.graph, 'graph', found, 0);
  (model.functions ?? []).forEach((f) =>
    scanNodes(f.node, `functions[${f.name ?? '?'}]`, found, 0)
  );
  (model.trainingInfo ?? []).forEach((info, i) => {
    scanGraph(info.initialization, `training_info[${i}].initialization`, found, 0);
    scanGraph(info.algorithm, `training_info[${i}].algorithm`, found, 0);
  });
  return found;
}
