import { accountStanding, cappedVotes, type Vote } from './capped-votes';

const OPTIONS = { accountBudget: 10, trustPrior: 5, voteWeight: 0.25, maxSubjectWeight: 1 };

/** An account that labelled `n` trusted subjects, agreeing with `agree` of them. */
function trackRecord(account: string, n: number, agree: number): Vote[] {
  return Array.from({ length: n }, (_, i) => ({
    subject: `gold:${i}`,
    account,
    label: i < agree ? 'red' : 'blue',
  }));
}
const GOLD = new Map(Array.from({ length: 40 }, (_, i) => [`gold:${i}`, 'red'] as const));

describe('capped votes', () => {
  it('a fresh account has no trust; an account that agreed with the trusted labels earns it, a contrarian does not', () => {
    const votes = [
      { subject: 'new:1', account: 'fresh', label: 'red' },
      ...trackRecord('careful', 20, 20),
      ...trackRecord('contrarian', 20, 4),
    ];

    const standing = accountStanding(votes, GOLD, OPTIONS);

    expect(standing.get('fresh')).toMatchObject({ labels: 1, compared: 0, trust: 0 });
    expect(standing.get('careful')?.trust).toBeCloseTo(20 / 25, 12);
    expect(standing.get('contrarian')?.trust).toBe(0);
  });

  it("past its budget, an account's votes share a fixed total weight", () => {
    const standing = accountStanding(trackRecord('busy', 40, 40), GOLD, OPTIONS);

    const busy = standing.get('busy')!;
    expect(busy.trust).toBeCloseTo(40 / 45, 12);
    expect(busy.voteWeight * busy.labels).toBeCloseTo(busy.trust * OPTIONS.accountBudget, 12);
  });

  it('twenty fresh accounts voting on one subject give no row at all', () => {
    const votes = Array.from({ length: 20 }, (_, i) => ({
      subject: 'text:x',
      account: `sybil${i}`,
      label: 'blue',
    }));

    const result = cappedVotes(votes, GOLD, OPTIONS);

    expect(result.verdicts).toEqual([]);
    expect(result.unweighted).toBe(1);
  });

  it('a subject the trusted sources labelled is not overturned by any number of trusted readers', () => {
    const votes = Array.from({ length: 30 }, (_, i) => [
      ...trackRecord(`reader${i}`, 10, 10),
      { subject: 'gold:0', account: `reader${i}`, label: 'blue' },
    ]).flat();

    const result = cappedVotes(votes, GOLD, OPTIONS);

    expect(result.verdicts).toEqual([]);
    expect(result.overruled).toBe(10);
  });

  it('a readers-only subject gives one row, with the weighted majority label, and a weight that stops growing at the cap', () => {
    const crowd = (n: number, label: string, prefix: string) =>
      Array.from({ length: n }, (_, i) => [
        ...trackRecord(`${prefix}${i}`, 10, 10),
        { subject: 'text:new', account: `${prefix}${i}`, label },
      ]).flat();
    // each account gave 11 labels against a budget of 10
    const perVote = (10 / 15) * (10 / 11);

    const few = cappedVotes([...crowd(3, 'blue', 'b'), ...crowd(1, 'red', 'r')], GOLD, OPTIONS);
    const many = cappedVotes(crowd(200, 'blue', 'b'), GOLD, OPTIONS);

    expect(few.verdicts).toEqual([
      { subject: 'text:new', label: 'blue', weight: expect.any(Number), accounts: 4 },
    ]);
    expect(few.verdicts[0].weight).toBeCloseTo(OPTIONS.voteWeight * 2 * perVote, 12);
    expect(many.verdicts).toHaveLength(1);
    expect(many.verdicts[0].weight).toBe(OPTIONS.maxSubjectWeight);
  });

  it('a tie between equally trusted accounts decides nothing', () => {
    const votes = [
      ...trackRecord('a', 10, 10),
      ...trackRecord('b', 10, 10),
      { subject: 'text:t', account: 'a', label: 'red' },
      { subject: 'text:t', account: 'b', label: 'blue' },
    ];

    const result = cappedVotes(votes, GOLD, OPTIONS);

    expect(result.verdicts).toEqual([]);
    expect(result.unweighted).toBe(1);
  });
});
