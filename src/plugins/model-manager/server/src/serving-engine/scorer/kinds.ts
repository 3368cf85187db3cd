import { onnx } from 'onnx-proto';
import type { NgramTable, Occurrence } from './ngrams';
import type { Column } from './values';

/**
 * What the compiler (compile.ts) knows of each value, and its shared helpers: a refusal naming
 * the node, attribute readers, initializers as float64.
 */
export class ScorerRefusal extends Error {}

export type Kind =
  | { kind: 'text'; rank: number }
  | { kind: 'tokens'; pad: string }
  | { kind: 'sparse'; width: number; origin: NgramTable }
  | { kind: 'dense'; width: number; rank: 1 | 2 }
  | { kind: 'const'; dims: number[]; data: Float64Array };

export interface Trace {
  spans?: number[];
  occurrences?: Occurrence[];
}
export type Env = Map<string, Column>;
export type Step = (env: Env, trace?: Trace) => void;

/** Where a node's compiled step goes; `bytes`: what the step holds (tables, weights, scratch). */
export type Setter = (k: Kind, step?: Step, bytes?: number) => void;

export const { DataType } = onnx.TensorProto;

export const refuse = (why: string): never => {
  throw new ScorerRefusal(why);
};

export const attr = (node: onnx.INodeProto, name: string) =>
  node.attribute?.find((a) => a.name === name);
export const attrInt = (node: onnx.INodeProto, name: string, d: number) =>
  Number(attr(node, name)?.i ?? d);
export const attrStr = (node: onnx.INodeProto, name: string, d: string) => {
  const a = attr(node, name);
  return a?.s ? Buffer.from(a.s).toString('utf8') : d;
};

export function tensorValues(t: onnx.ITensorProto): Float64Array {
  const raw = t.rawData;
  const type = t.dataType ?? 0;
  if (raw && raw.length) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const size =
      type === DataType.DOUBLE || type === DataType.INT64
        ? 8
        : type === DataType.FLOAT || type === DataType.INT32
          ? 4
          : type === DataType.BOOL
            ? 1
            : 0;
    if (!size) refuse(`initializer "${t.name}" has a data type not modelled`);
    return Float64Array.from({ length: raw.byteLength / size }, (_, i) => {
      if (type === DataType.DOUBLE) return view.getFloat64(i * 8, true);
      if (type === DataType.INT64) return Number(view.getBigInt64(i * 8, true));
      if (type === DataType.FLOAT) return view.getFloat32(i * 4, true);
      if (type === DataType.INT32) return view.getInt32(i * 4, true);
      return view.getUint8(i);
    });
  }
  if (type === DataType.FLOAT) return Float64Array.from(t.floatData ?? []);
  if (type === DataType.DOUBLE) return Float64Array.from(t.doubleData ?? []);
  if (type === DataType.INT64) return Float64Array.from((t.int64Data ?? []).map(Number));
  if (type === DataType.INT32 || type === DataType.BOOL)
    return Float64Array.from(t.int32Data ?? []);
  return refuse(`initializer "${t.name}" has a data type not modelled`);
}
