import { type Correction, emptyCorrection, type Word } from './personal-correction';

/**
 * A reader's correction as it is stored (mm_personal_models.correction) and what it holds in
 * memory: the storage format, read back whatever version of it a row was written in.
 */
/**
 * Approximate bytes the correction holds in memory (V8 map entry, key string, evidence, number array).
 * The per-word constant is measured, not guessed: `npm run bench:personal`'s in-process memory
 * phase grew the V8 heap by 725 MiB for 3.8 M words (10,000 readers, two classes), about 200 bytes a
 * word, where 120 here had counted 534 MiB (2026-12-07).
 */
export function correctionBytes(correction: Correction): number {
  let bytes = 128 + correction.bias.length * 8;
  for (const [token] of correction.words)
    bytes += 170 + token.length * 2 + correction.bias.length * 8;
  return bytes;
}

interface Serialized {
  /** 3: words by evidence; 2: a penalised fit over idf-weighted words (read as empty: refitted) */
  v: 3;
  n: number;
  d: number;
  h: string | null;
  b: number[];
  /** word -> [z, w_0, ..., w_K-1] */
  t: Record<string, number[]>;
  /**
   * the gate's record: [[wins, losses] per region]; a row of the per-reader gate has one
   * [wins, losses]; absent in rows written before any gate (none yet)
   */
  r?: Array<[number, number]> | [number, number];
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function serialize(correction: Correction): string {
  const t: Record<string, number[]> = {};
  for (const [token, word] of correction.words) t[token] = [word.z, ...word.w].map(round);
  return JSON.stringify({
    v: 3,
    n: correction.labels,
    d: correction.docs,
    h: correction.base,
    b: correction.bias.map(round),
    t,
    r: correction.record.map((t): [number, number] => [t.wins, t.losses]),
  } satisfies Serialized);
}

/**
 * `classes` 0: whatever the stored correction has. Another class count, or a row of an earlier
 * format (stepped online; a penalised fit), reads as empty with no base: the next predict refits it.
 */
export function deserialize(json: string, classes: number): Correction {
  const parsed = JSON.parse(json) as Serialized;
  if (parsed.v !== 3 || !Array.isArray(parsed.b) || (classes > 0 && parsed.b.length !== classes))
    return emptyCorrection(classes);
  const words = new Map<string, Word>();
  for (const [token, [z, ...w]] of Object.entries(parsed.t ?? {})) words.set(token, { z, w });
  const r = parsed.r ?? [];
  const pairs = (typeof r[0] === 'number' ? [r] : r) as Array<[number, number]>;
  return {
    bias: parsed.b,
    words,
    docs: parsed.d,
    labels: parsed.n ?? 0,
    base: parsed.h ?? null,
    record: pairs.map(([wins, losses]) => ({ wins, losses })),
  };
}
