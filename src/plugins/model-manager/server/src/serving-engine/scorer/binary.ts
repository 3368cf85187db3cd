import type { Env, Kind, Setter } from './kinds';
import { refuse } from './kinds';
import {
  NotSparseError,
  mapSparse,
  mergeSparse,
  narrow,
  type Binary,
  type SparseRow,
} from './values';

/**
 * An elementwise binary operation (Add, Mul, Div, Max, ...) between constants, sparse TF-IDF rows
 * and dense rows, with the broadcasts text exports use. The steps close over this function's
 * arguments only (see steps.ts).
 */
export function compileBinary(
  where: string,
  f: Binary,
  a: Kind,
  b: Kind,
  x: string,
  y: string,
  out: string,
  set: Setter
): void {
  const flipped: Binary = (p, q) => f(q, p);
  if (a.kind === 'const' && b.kind === 'const') return set(folded(where, f, a, b));
  if (a.kind === 'const' || (a.kind === 'dense' && b.kind === 'sparse'))
    return compileBinary(where, flipped, b, a, y, x, out, set);
  if (a.kind === 'text' || a.kind === 'tokens' || b.kind === 'text' || b.kind === 'tokens')
    return refuse(`${where} is applied to strings`);
  const vectorOf = (k: Kind, width: number) =>
    k.kind === 'const' &&
    k.data.length === width &&
    (k.dims.length === 1 || (k.dims.length === 2 && k.dims[0] === 1))
      ? k.data
      : null;
  if (a.kind === 'sparse') {
    const rows = (env: Env) => env.get(x) as SparseRow[];
    if (b.kind === 'const' && b.data.length === 1) {
      const s = b.data[0];
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => mapSparse(r, (v) => f(v, s), f(r.bg, s)))
        )
      );
    }
    const full = vectorOf(b, a.width);
    if (full) {
      const vec = narrow(full);
      // the background stays uniform only if f(0, v) is the same for every column (0 * idf)
      const at0 = f(0, vec[0]);
      const uniform = vec.every((v) => Object.is(f(0, v), at0));
      return set(
        a,
        (env) =>
          env.set(
            out,
            rows(env).map((r) => {
              if (r.bg !== 0 || !uniform)
                throw new NotSparseError(`${where} densifies the features`);
              return mapSparse(r, (v, col) => f(v, vec[col]), at0);
            })
          ),
        vec.byteLength
      );
    }
    if (b.kind === 'sparse' && b.origin === a.origin)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r, i) => mergeSparse(r, (env.get(y) as SparseRow[])[i], f))
        )
      );
    if (b.kind === 'dense' && b.rank === 2 && b.width === 1)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r, i) => {
            const s = (env.get(y) as Float64Array[])[i][0];
            return mapSparse(r, (v) => f(v, s), f(r.bg, s));
          })
        )
      );
    return refuse(`${where} combines the features with a shape not modelled`);
  }
  if (a.kind !== 'dense') return refuse(`${where} is not modelled`);
  const rows = (env: Env) => env.get(x) as Float64Array[];
  if (b.kind === 'const') {
    const vec = a.rank === 2 ? vectorOf(b, a.width) : null;
    if (b.data.length === 1) {
      const s = b.data[0];
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => r.map((v) => f(v, s)))
        )
      );
    }
    if (vec)
      return set(a, (env) =>
        env.set(
          out,
          rows(env).map((r) => r.map((v, j) => f(v, vec[j])))
        )
      );
    return refuse(`${where} broadcasts a constant in a way not modelled`);
  }
  if (b.kind !== 'dense') return refuse(`${where} is not modelled`);
  const other = (env: Env) => env.get(y) as Float64Array[];
  if (b.rank === a.rank && b.width === a.width)
    return set(a, (env) =>
      env.set(
        out,
        rows(env).map((r, i) => r.map((v, j) => f(v, other(env)[i][j])))
      )
    );
  if (a.rank === 2 && b.rank === 2 && b.width === 1)
    return set(a, (env) =>
      env.set(
        out,
        rows(env).map((r, i) => r.map((v) => f(v, other(env)[i][0])))
      )
    );
  if (a.rank === 2 && b.rank === 2 && a.width === 1)
    return compileBinary(where, flipped, b, a, y, x, out, set);
  return refuse(`${where} broadcasts in a way not modelled`);
}

type Const = Extract<Kind, { kind: 'const' }>;

/** Two constants folded at compile time (apart from the steps: their closures would keep a and b). */
function folded(where: string, f: Binary, a: Const, b: Const): Const {
  if (b.data.length === 1) return { ...a, data: a.data.map((v) => f(v, b.data[0])) };
  if (a.data.length === 1) return { ...b, data: b.data.map((v) => f(a.data[0], v)) };
  if (a.dims.join() === b.dims.join()) return { ...a, data: a.data.map((v, i) => f(v, b.data[i])) };
  return refuse(`${where} broadcasts constants in a way not modelled`);
}
