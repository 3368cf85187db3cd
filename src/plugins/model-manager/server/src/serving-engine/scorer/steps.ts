import type { Env, Step, Trace } from './kinds';
import { NgramCounter, type NgramTable, type Occurrence } from './ngrams';
import { scanTokens, type TokenRule } from './token-pattern';
import {
  mapSparse,
  normDivisor,
  reduce,
  softmax,
  type Reduce,
  type SparseRow,
  type TokenRow,
} from './values';

/**
 * The steps of a compiled graph, one factory per operation. Each closes over its own arguments
 * only: a step made inside the compiler's loop would keep the compiler's whole scope (the decoded
 * ModelProto among it) alive for as long as the model is served.
 */
const texts = (env: Env, x: string) => env.get(x) as string[];
const sparse = (env: Env, x: string) => env.get(x) as SparseRow[];
const dense = (env: Env, x: string) => env.get(x) as Float64Array[];

export const copyStep =
  (x: string, out: string): Step =>
  (env) =>
    env.set(out, env.get(x)!);

export const caseStep =
  (change: (s: string) => string, x: string, out: string): Step =>
  (env) =>
    env.set(out, texts(env, x).map(change));

export const tokenizeStep =
  (rule: TokenRule, x: string, out: string): Step =>
  (env, trace) => {
    const rows = texts(env, x).map((text) => scanTokens(rule, text));
    if (trace) trace.spans = rows[0]?.spans;
    env.set(out, rows);
  };

export function countStep(table: NgramTable, x: string, out: string): Step {
  const counter = new NgramCounter(table);
  return (env, trace?: Trace) => {
    const rows = env.get(x) as TokenRow[];
    const occ: Occurrence[] = [];
    const seen = trace ? (o: Occurrence) => occ.push(o) : undefined;
    env.set(
      out,
      rows.map((r) => counter.count(r.tokens, seen))
    );
    if (trace) trace.occurrences = occ;
  };
}

export const unaryStep =
  (f: (v: number) => number, onSparse: boolean, x: string, out: string): Step =>
  (env) =>
    env.set(
      out,
      onSparse
        ? sparse(env, x).map((r) => mapSparse(r, f, f(r.bg)))
        : dense(env, x).map((r) => r.map(f))
    );

/** Each row reduced to one value; a sparse row's unlisted columns (width minus listed) hold bg. */
export const reduceStep =
  (kind: Reduce, width: number, onSparse: boolean, x: string, out: string): Step =>
  (env) =>
    env.set(
      out,
      onSparse
        ? sparse(env, x).map((r) =>
            Float64Array.of(reduce(kind, r.vals, r.bg, width - r.cols.length))
          )
        : dense(env, x).map((r) => Float64Array.of(reduce(kind, r, 0, 0)))
    );

export const softmaxStep =
  (log: boolean, x: string, out: string): Step =>
  (env) =>
    env.set(
      out,
      dense(env, x).map((r) => (log ? softmax(r).map(Math.log) : softmax(r)))
    );

/** ai.onnx.ml Normalizer; onnxruntime leaves an all-zero row as it is. */
export function normalizeStep(
  norm: string,
  width: number,
  onSparse: boolean,
  x: string,
  out: string
): Step {
  const div = (d: number) => (d === 0 ? 1 : d);
  return (env) =>
    env.set(
      out,
      onSparse
        ? sparse(env, x).map((r) => {
            const d = div(normDivisor(norm, r.vals, r.bg, width - r.cols.length));
            return mapSparse(r, (v) => v / d, r.bg / d);
          })
        : dense(env, x).map((r) => {
            const d = div(normDivisor(norm, r, 0, 0));
            return r.map((v) => v / d);
          })
    );
}

export const linearStep =
  (
    dot: (row: SparseRow | Float64Array) => Float64Array,
    post: (scores: Float64Array) => Float64Array,
    x: string,
    out: string
  ): Step =>
  (env) =>
    env.set(
      out,
      (env.get(x) as Array<SparseRow | Float64Array>).map((r) => post(dot(r)))
    );
