/**
 * Readers' labels as bounded votes. Anyone can open accounts, so a reader's say is earned and
 * capped: an account's trust comes from its track record against the trusted labels (editors,
 * authors, imports, experts) on the subjects both labelled, with a prior that gives a fresh
 * account none; each account's votes together weigh at most `accountBudget` labels; a subject the
 * trusted sources labelled is never decided by readers; and a subject only readers labelled gives
 * one row whose weight is bounded, however many accounts voted.
 */

export interface Vote {
  subject: string;
  account: string;
  label: string;
}

export interface CappedVoteOptions {
  /** Labels an account gives at full weight; past that, each of its votes weighs budget / labels. */
  accountBudget: number;
  /** Pseudo-count against a new account: trust = max(0, agreed - disagreed) / (compared + prior). */
  trustPrior: number;
  /** Weight of a row per unit of vote margin (a trusted row weighs 1). */
  voteWeight: number;
  /** Most a readers-only subject's row may weigh, however many accounts voted. */
  maxSubjectWeight: number;
}

export interface AccountStanding {
  /** Subjects labelled (this set of votes). */
  labels: number;
  /** Of them, those the trusted sources labelled unanimously, and how many agree. */
  compared: number;
  agreed: number;
  /** 0..1, from the track record; 0 for an account with none. */
  trust: number;
  /** What each of its votes weighs: trust, spread over its labels past the budget. */
  voteWeight: number;
}

export interface SubjectVerdict {
  subject: string;
  label: string;
  /** The row's sample weight, in (0, maxSubjectWeight]. */
  weight: number;
  /** Accounts with a non-zero vote on the subject. */
  accounts: number;
}

export interface CappedVotes {
  verdicts: SubjectVerdict[];
  standing: Map<string, AccountStanding>;
  /** Readers-only subjects whose votes weighed nothing (fresh or untrusted accounts only), or tied. */
  unweighted: number;
  /** Subjects the trusted sources labelled: readers' votes there decide nothing. */
  overruled: number;
}

/** The label trusted sources agree on per subject; a subject they disagree on maps to null. */
export type TrustedLabels = ReadonlyMap<string, string | null>;

/** The trusted label of each subject: the one every trusted row gives, or null where they disagree. */
export function trustedLabels(
  rows: ReadonlyArray<{ subject: string; label: string }>
): Map<string, string | null> {
  const labels = new Map<string, string | null>();
  for (const { subject, label } of rows) {
    const known = labels.get(subject);
    labels.set(subject, known === undefined || known === label ? label : null);
  }
  return labels;
}

/** Each account's trust and per-vote weight, from its votes and the trusted labels. */
export function accountStanding(
  votes: readonly Vote[],
  trusted: TrustedLabels,
  options: Pick<CappedVoteOptions, 'accountBudget' | 'trustPrior'>
): Map<string, AccountStanding> {
  const standing = new Map<string, AccountStanding>();
  for (const v of votes) {
    const s = standing.get(v.account) ?? {
      labels: 0,
      compared: 0,
      agreed: 0,
      trust: 0,
      voteWeight: 0,
    };
    s.labels += 1;
    const gold = trusted.get(v.subject);
    if (gold) {
      s.compared += 1;
      if (gold === v.label) s.agreed += 1;
    }
    standing.set(v.account, s);
  }
  for (const s of standing.values()) {
    const net = s.agreed - (s.compared - s.agreed);
    s.trust = Math.max(0, net) / (s.compared + options.trustPrior);
    s.voteWeight = s.trust * Math.min(1, options.accountBudget / s.labels);
  }
  return standing;
}

/** One row per readers-only subject, the label with the largest weighted vote, its weight bounded. */
export function cappedVotes(
  votes: readonly Vote[],
  trusted: TrustedLabels,
  options: CappedVoteOptions
): CappedVotes {
  const standing = accountStanding(votes, trusted, options);
  const tallies = new Map<string, Map<string, { weight: number; accounts: number }>>();
  const overruled = new Set<string>();
  for (const v of votes) {
    if (trusted.has(v.subject)) {
      overruled.add(v.subject);
      continue;
    }
    const tally = tallies.get(v.subject) ?? new Map<string, { weight: number; accounts: number }>();
    tallies.set(v.subject, tally);
    const w = standing.get(v.account)?.voteWeight ?? 0;
    const t = tally.get(v.label) ?? { weight: 0, accounts: 0 };
    t.weight += w;
    if (w > 0) t.accounts += 1;
    tally.set(v.label, t);
  }
  const verdicts: SubjectVerdict[] = [];
  let unweighted = 0;
  for (const [subject, tally] of tallies) {
    const ranked = [...tally].sort((a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0]));
    const [label, top] = ranked[0];
    const margin = top.weight - (ranked[1]?.[1].weight ?? 0);
    if (margin <= 1e-12) {
      unweighted += 1;
      continue;
    }
    const accounts = ranked.reduce((n, [, t]) => n + t.accounts, 0);
    const weight = Math.min(options.maxSubjectWeight, options.voteWeight * margin);
    verdicts.push({ subject, label, weight, accounts });
  }
  return { verdicts, standing, unweighted, overruled: overruled.size };
}
