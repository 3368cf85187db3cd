/**
 * Agreement among expert labellers and the labels a collective model trains on.
 * - Fleiss' kappa over every subject labelled by at least two members (subjects may have
 *   different numbers of raters: each subject's agreement is computed over its own raters).
 * - Cohen's kappa of each member against the majority of the *other* members (leave-one-out, so
 *   a member's own label never makes them agree with themselves).
 * - The aggregate: per subject, the members' votes weighted by max(kappa, 0) (all weights 1 when
 *   nobody agrees above chance); the heaviest label wins, exact ties are dropped.
 */
export interface MemberLabel {
  subject: string;
  member: string;
  label: string;
}

export interface MemberAgreement {
  member: string;
  labels: number;
  /** Cohen's kappa vs the others' majority, over the subjects where that majority exists; null without any. */
  kappa: number | null;
  weight: number;
}

export interface Aggregate {
  /** subject -> agreed label */
  labels: Map<string, string>;
  ties: number;
  subjects: number;
  fleissKappa: number | null;
  members: MemberAgreement[];
}

export function cohenKappa(a: readonly string[], b: readonly string[]): number | null {
  if (a.length !== b.length || a.length === 0) return null;
  const n = a.length;
  const counts = new Map<string, [number, number]>();
  let agree = 0;
  for (let i = 0; i < n; i += 1) {
    if (a[i] === b[i]) agree += 1;
    const ca = counts.get(a[i]) ?? [0, 0];
    ca[0] += 1;
    counts.set(a[i], ca);
    const cb = counts.get(b[i]) ?? [0, 0];
    cb[1] += 1;
    counts.set(b[i], cb);
  }
  const po = agree / n;
  let pe = 0;
  for (const [x, y] of counts.values()) pe += (x / n) * (y / n);
  if (pe === 1) return po === 1 ? 1 : 0; // one label only: perfect agreement carries no information beyond it
  return (po - pe) / (1 - pe);
}

/** Fleiss' kappa from per-subject label counts (subjects with fewer than two ratings are skipped). */
export function fleissKappa(subjects: ReadonlyArray<ReadonlyMap<string, number>>): number | null {
  let pBar = 0;
  let used = 0;
  let total = 0;
  const share = new Map<string, number>();
  for (const counts of subjects) {
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    if (n < 2) continue;
    let sq = 0;
    for (const [label, c] of counts) {
      sq += c * c;
      share.set(label, (share.get(label) ?? 0) + c);
    }
    pBar += (sq - n) / (n * (n - 1));
    used += 1;
    total += n;
  }
  if (used === 0) return null;
  pBar /= used;
  let pe = 0;
  for (const c of share.values()) pe += (c / total) ** 2;
  if (pe === 1) return 1;
  return (pBar - pe) / (1 - pe);
}

function majority(votes: Map<string, number>): string | null {
  let best: string | null = null;
  let top = -Infinity;
  let tied = false;
  for (const [label, w] of votes) {
    if (w > top + 1e-12) {
      best = label;
      top = w;
      tied = false;
    } else if (Math.abs(w - top) <= 1e-12) tied = true;
  }
  return tied || top <= 0 ? null : best;
}

export function aggregate(rows: readonly MemberLabel[]): Aggregate {
  const bySubject = new Map<string, Map<string, string>>(); // subject -> member -> label
  for (const r of rows) {
    const m = bySubject.get(r.subject) ?? new Map<string, string>();
    m.set(r.member, r.label);
    bySubject.set(r.subject, m);
  }
  const members = [...new Set(rows.map((r) => r.member))].sort();
  const agreement: MemberAgreement[] = members.map((member) => {
    const mine: string[] = [];
    const theirs: string[] = [];
    let labels = 0;
    for (const votes of bySubject.values()) {
      const own = votes.get(member);
      if (own === undefined) continue;
      labels += 1;
      const others = new Map<string, number>();
      for (const [who, label] of votes)
        if (who !== member) others.set(label, (others.get(label) ?? 0) + 1);
      const winner = majority(others);
      if (winner === null) continue;
      mine.push(own);
      theirs.push(winner);
    }
    const kappa = cohenKappa(mine, theirs);
    return { member, labels, kappa, weight: Math.max(kappa ?? 0, 0) };
  });
  if (agreement.every((a) => a.weight === 0)) for (const a of agreement) a.weight = 1;
  const weightOf = new Map(agreement.map((a) => [a.member, a.weight]));
  const labels = new Map<string, string>();
  let ties = 0;
  const counts: Array<Map<string, number>> = [];
  for (const [subject, votes] of bySubject) {
    const weighted = new Map<string, number>();
    const plain = new Map<string, number>();
    for (const [who, label] of votes) {
      weighted.set(label, (weighted.get(label) ?? 0) + (weightOf.get(who) ?? 0));
      plain.set(label, (plain.get(label) ?? 0) + 1);
    }
    counts.push(plain);
    const winner = majority(weighted);
    if (winner === null) ties += 1;
    else labels.set(subject, winner);
  }
  return {
    labels,
    ties,
    subjects: bySubject.size,
    fleissKappa: fleissKappa(counts),
    members: agreement,
  };
}
