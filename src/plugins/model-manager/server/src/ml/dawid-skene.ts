/**
 * Dawid–Skene: the true label of each subject and every member's reliability (a confusion matrix,
 * P(member says l | truth k)), estimated together by EM from the members' labels.
 * - A Dirichlet prior on each confusion row (pseudo-counts centred on a modest accuracy), so two
 *   agreeing labels barely move a member while two hundred do.
 * - An anchor: the base model's probabilities per subject (a fixed likelihood p_k / mean p_k) and
 *   gold subjects whose truth is known (clamped). EM starts from the anchor alone, so the members'
 *   reliabilities are first measured against it: a clique that answers the opposite of an honest
 *   member is read as inverted instead of outvoting them, and a disagreement between two members
 *   is settled by their reliability and the anchor, never dropped.
 * - The output is a posterior per subject; a member (or the anchor) "decided" a subject when,
 *   without their label, its most probable label would change or tie.
 */
export interface Vote {
  subject: string;
  member: string;
  label: string;
}

export interface DawidSkeneOptions {
  /** subject -> the base model's probabilities, in `labels` order */
  anchor?: ReadonlyMap<string, readonly number[]>;
  /** subject -> its known label (editors' labels, the evaluation set) */
  gold?: ReadonlyMap<string, string>;
  /** pseudo-labels per confusion row (default 8) and the accuracy they are centred on (default 0.7) */
  prior?: { strength: number; accuracy: number };
  maxIterations?: number;
  tolerance?: number;
}

export interface MemberReliability {
  member: string;
  labels: number;
  /** P(says l | truth k), rows k, columns l, in `labels` order */
  confusion: number[][];
  /** Σ_k P(k) P(says k | k): the share of their labels expected to be right */
  reliability: number;
  /** subjects whose most probable label would change (or tie) without this member's label */
  decided: number;
}

export interface SubjectPosterior {
  subject: string;
  posterior: number[];
  label: string;
  /** (K·max − 1)/(K − 1): 0 for a uniform posterior, 1 for a certain one */
  weight: number;
}

export interface DawidSkeneResult {
  subjects: SubjectPosterior[];
  members: MemberReliability[];
  classPrior: number[];
  /** subjects whose label the anchor decided (it would change or tie without the anchor) */
  anchorDecided: number;
  iterations: number;
  converged: boolean;
}

/** Anchor probabilities are clipped so that no base model, however sure, is absolute. */
const ANCHOR_CLIP = 0.02;
const ANCHOR_SHRINK = 20;

export function dawidSkene(
  labels: readonly string[],
  votes: readonly Vote[],
  options: DawidSkeneOptions = {}
): DawidSkeneResult {
  const K = labels.length;
  if (K < 2) throw new RangeError('need at least two labels');
  const classOf = new Map(labels.map((l, i) => [l, i] as const));
  const { strength, accuracy } = options.prior ?? { strength: 8, accuracy: 0.7 };
  const priorOn = strength * accuracy;
  const priorOff = (strength * (1 - accuracy)) / (K - 1);
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;

  const subjectIds = [...new Set(votes.map((v) => v.subject))].sort();
  const memberIds = [...new Set(votes.map((v) => v.member))].sort();
  const subjectIndex = new Map(subjectIds.map((s, i) => [s, i] as const));
  const memberIndex = new Map(memberIds.map((m, i) => [m, i] as const));
  // Per subject: [member index, label index] pairs (a member's last vote on a subject wins).
  const bySubject: Array<Map<number, number>> = subjectIds.map(() => new Map());
  for (const v of votes) {
    const c = classOf.get(v.label);
    if (c === undefined) throw new RangeError(`unknown label "${v.label}"`);
    bySubject[subjectIndex.get(v.subject)!].set(memberIndex.get(v.member)!, c);
  }
  const M = memberIds.length;

  // Anchor log-likelihoods: log(p_k / mean p_k), so the base model's own class balance cancels
  // (the mean shrunk toward uniform by ANCHOR_SHRINK pseudo-subjects, so a few subjects still count).
  const anchorLog: Array<Float64Array | null> = subjectIds.map(() => null);
  const anchored = subjectIds.filter((s) => options.anchor?.has(s));
  if (anchored.length) {
    const clip = (p: number) => Math.min(1 - ANCHOR_CLIP, Math.max(ANCHOR_CLIP, p));
    const mean = new Float64Array(K).fill(ANCHOR_SHRINK / K);
    for (const s of anchored) options.anchor!.get(s)!.forEach((p, k) => (mean[k] += clip(p)));
    for (const s of anchored) {
      const p = options.anchor!.get(s)!;
      if (p.length !== K)
        throw new RangeError(`anchor of "${s}" has ${p.length} classes, not ${K}`);
      anchorLog[subjectIndex.get(s)!] = Float64Array.from(p, (x, k) =>
        Math.log(clip(x) / (mean[k] / (anchored.length + ANCHOR_SHRINK)))
      );
    }
  }
  const gold: Array<number | null> = subjectIds.map((s) => {
    const label = options.gold?.get(s);
    return label === undefined ? null : (classOf.get(label) ?? null);
  });

  let classPrior = new Float64Array(K).fill(1 / K);
  const priorCounts = () =>
    Float64Array.from({ length: K * K }, (_, i) =>
      Math.floor(i / K) === i % K ? priorOn : priorOff
    );
  // Before the first M-step every member gets the prior's mean confusion.
  let logConfusion = memberIds.map(() => priorCounts().map((c) => Math.log(c / strength)));

  const logPosterior = (s: number, without: number | 'anchor' | null, useMembers = true) => {
    const out = Float64Array.from(classPrior, Math.log);
    if (without !== 'anchor' && anchorLog[s])
      for (let k = 0; k < K; k++) out[k] += anchorLog[s]![k];
    if (useMembers)
      for (const [m, l] of bySubject[s]) {
        if (m === without) continue;
        for (let k = 0; k < K; k++) out[k] += logConfusion[m][k * K + l];
      }
    return out;
  };
  const normalised = (logs: Float64Array) => {
    const top = Math.max(...logs);
    const p = Float64Array.from(logs, (x) => Math.exp(x - top));
    const sum = p.reduce((a, b) => a + b, 0);
    return p.map((x) => x / sum);
  };
  const eStep = (useMembers: boolean) =>
    subjectIds.map((_, s) => {
      const g = gold[s];
      if (g !== null) return Float64Array.from({ length: K }, (_, k) => (k === g ? 1 : 0));
      // The first pass reads the anchor alone where there is one, the members elsewhere.
      return normalised(logPosterior(s, null, useMembers || !anchorLog[s]));
    });

  let truth = eStep(false);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations += 1;
    // M-step: class prior and confusions from the current posteriors, with the Dirichlet prior.
    const classCount = new Float64Array(K).fill(1);
    truth.forEach((t) => t.forEach((p, k) => (classCount[k] += p)));
    const total = classCount.reduce((a, b) => a + b, 0);
    classPrior = classCount.map((c) => c / total);
    const counts = memberIds.map(priorCounts);
    bySubject.forEach((votesOf, s) => {
      for (const [m, l] of votesOf) for (let k = 0; k < K; k++) counts[m][k * K + l] += truth[s][k];
    });
    logConfusion = counts.map((c) => {
      const out = new Float64Array(K * K);
      for (let k = 0; k < K; k++) {
        let row = 0;
        for (let l = 0; l < K; l++) row += c[k * K + l];
        for (let l = 0; l < K; l++) out[k * K + l] = Math.log(c[k * K + l] / row);
      }
      return out;
    });
    const next = eStep(true);
    let change = 0;
    next.forEach((t, s) =>
      t.forEach((p, k) => (change = Math.max(change, Math.abs(p - truth[s][k]))))
    );
    truth = next;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const argmax = (p: ArrayLike<number>) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return best;
  };
  // Whether `logs` still chooses `chosen` strictly (a tie does not settle a subject).
  const settles = (logs: Float64Array, chosen: number) =>
    logs.every((x, k) => k === chosen || x < logs[chosen] - 1e-9);
  const decided = new Array<number>(M).fill(0);
  let anchorDecided = 0;
  const labelCount = new Array<number>(M).fill(0);
  bySubject.forEach((votesOf) => votesOf.forEach((_, m) => (labelCount[m] += 1)));
  bySubject.forEach((votesOf, s) => {
    if (gold[s] !== null) return; // gold decides its own subjects
    const chosen = argmax(truth[s]);
    for (const m of votesOf.keys()) {
      if (!settles(logPosterior(s, m), chosen)) decided[m] += 1;
    }
    if (anchorLog[s] && !settles(logPosterior(s, 'anchor'), chosen)) anchorDecided += 1;
  });

  return {
    subjects: truth.map((t, s) => {
      const best = argmax(t);
      return {
        subject: subjectIds[s],
        posterior: Array.from(t),
        label: labels[best],
        weight: Math.max(0, (K * t[best] - 1) / (K - 1)),
      };
    }),
    members: memberIds.map((member, m) => {
      const confusion = Array.from({ length: K }, (_, k) =>
        Array.from({ length: K }, (_, l) => Math.exp(logConfusion[m][k * K + l]))
      );
      return {
        member,
        labels: labelCount[m],
        confusion,
        reliability: confusion.reduce((a, row, k) => a + classPrior[k] * row[k], 0),
        decided: decided[m],
      };
    }),
    classPrior: Array.from(classPrior),
    anchorDecided,
    iterations,
    converged,
  };
}
