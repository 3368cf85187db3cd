import {
  type Correction,
  corrected,
  features,
  type GateRecord,
  type GateTally,
  shift,
  shifted,
} from './personal-correction';

/**
 * Do no harm, judged on the reader's own labels, per region of the text space.
 *
 * Each label, before it is learnt, judges the reader's correction against the base on it: a win
 * when only the corrected answer was the reader's label, a loss when only the base's was (labels
 * both got right or both wrong say nothing). The texts are split into regions by how far the
 * correction moves them (the spread of its shift of the logits, `moveOf`), and each region keeps its
 * own record: the correction answers a text only while, in that text's region, losses do not
 * exceed wins by more than a slack.
 *
 * Why regions: one record per reader mixes what the correction does on a topic the reader reads
 * the other way (moved strongly, won) with what it does elsewhere (moved a little, near the base's
 * boundary, often lost). One record then either closes for the whole reader (the topic is no longer
 * followed) or stays open (the rest pays). Split by the move, the topic keeps the correction and the
 * rest falls back to the base, each from the reader's own past labels only.
 */
export type { GateRecord, GateTally } from './personal-correction';

export interface GateOptions {
  /**
   * Losses beyond wins a region allows before the base answers its texts; negative: wins the
   * correction must have beyond losses there before it answers (it proves itself first).
   */
  slack: number;
  /**
   * Evidence a region needs once judged: its wins beyond losses must also reach `z` times the
   * square root of the labels it judged (a one-sided sign test), so wins and losses that only
   * balance out, as random label noise makes them, close it; 0: the slack alone decides.
   */
  z?: number;
  /**
   * Ascending bounds on the move (log-odds) that split texts into regions; empty: one region, the
   * former per-reader gate.
   */
  bounds: readonly number[];
}

/**
 * Chosen on the train debates only (npm run bench:personal -- --on-train --gates ...), never on
 * holdout: of one gate per reader and regions split at 0.5, 1, 2 and 0.5 and 2 (slack 0, -1, -2),
 * three regions at slack 0 had the best mean accuracy over the simulated readers, by a margin
 * within the noise (docs/personal-models.md#measured). Asking evidence (z 1 to 2) brought the
 * noisy and truthful readers to the base's accuracy but learnt the topics and the swapped speaker
 * less, for a lower mean: it stays an option, off.
 */
export const DEFAULT_GATE: GateOptions = { slack: 0, bounds: [0.5, 2], z: 0 };

/** A record with nothing judged, for `regions` regions. */
export const emptyRecord = (regions: number): GateRecord =>
  Array.from({ length: regions }, () => ({ wins: 0, losses: 0 }));

/**
 * The record over `regions` regions. One kept over another split (a row of the per-reader gate,
 * or bounds since reconfigured) gives its total to every region: what was known of the reader
 * still counts, in the direction it pointed.
 */
export function recordFor(record: GateRecord, regions: number): GateRecord {
  if (record.length === regions) return record.map((t) => ({ ...t }));
  const total = record.reduce((a, t) => ({ wins: a.wins + t.wins, losses: a.losses + t.losses }), {
    wins: 0,
    losses: 0,
  });
  return Array.from({ length: regions }, () => ({ ...total }));
}

/** How far the correction moves a text: the spread of its shift of the logits (log-odds, for two classes). */
export function moveOf(correction: Correction, text: string): number {
  return spread(shift(correction, features(text, correction)));
}

const spread = (s: readonly number[]) => Math.max(...s) - Math.min(...s);

/** The region of a move: how many bounds it reaches. */
export function regionOf(move: number, bounds: readonly number[]): number {
  let region = 0;
  while (region < bounds.length && move >= bounds[region]) region += 1;
  return region;
}

const argmax = (p: readonly number[]) => p.indexOf(Math.max(...p));

/** One labelled text as the gate judges it: its text, the reader's class and the base's probabilities. */
export interface Judged {
  text: string;
  label: number;
  base: readonly number[];
}

/** `record` after one more label, judged on `before` (the correction that has not seen it). */
export function judged(
  record: GateRecord,
  before: Correction,
  example: Judged,
  gate: Pick<GateOptions, 'bounds'> = DEFAULT_GATE
): GateRecord {
  const next = recordFor(record, regions(gate));
  if (!before.labels || before.bias.length !== example.base.length) return next;
  const own = argmax(corrected(example.base, before, example.text)) === example.label;
  const base = argmax(example.base) === example.label;
  const tally = next[regionOf(moveOf(before, example.text), gate.bounds)];
  if (own && !base) tally.wins += 1;
  if (base && !own) tally.losses += 1;
  return next;
}

const regions = (gate: Pick<GateOptions, 'bounds'>) => gate.bounds.length + 1;

/** Whether the correction answers `text`: in its region, losses exceed wins by at most the slack (less the evidence asked). */
export function gateOpen(correction: Correction, text: string, gate: GateOptions = DEFAULT_GATE) {
  return openAt(correction, () => moveOf(correction, text), gate);
}

/** The gate of the region of a move (computed only when there are regions to choose from). */
function openAt(correction: Correction, move: () => number, gate: GateOptions) {
  const n = regions(gate);
  // read only: the stored record as it is where it has the gate's regions (no copy per predicted text)
  const record =
    correction.record.length === n ? correction.record : recordFor(correction.record, n);
  return isOpen(record[n > 1 ? regionOf(move(), gate.bounds) : 0], gate);
}

const isOpen = (t: GateTally, gate: GateOptions) =>
  t.losses - t.wins <= gate.slack - (gate.z ?? 0) * Math.sqrt(t.wins + t.losses);

/** What the reader is answered: the corrected probabilities where the gate is open, else the base's. */
export function served(
  base: readonly number[],
  correction: Correction,
  text: string,
  gate: GateOptions = DEFAULT_GATE
): number[] {
  if (base.length !== correction.bias.length) return [...base];
  // the text's words are weighed once, for the gate's region and the answer alike
  const s = shift(correction, features(text, correction));
  return openAt(correction, () => spread(s), gate) ? shifted(base, s) : [...base];
}

/** Regions whose gate is open (for reports: how much of a reader's correction answers). */
export const openRegions = (correction: Correction, gate: GateOptions = DEFAULT_GATE) =>
  recordFor(correction.record, regions(gate)).filter((t) => isOpen(t, gate)).length;
