import { accountAccuracy } from './account-accuracy';

const OPTIONS = { resamples: 500, seed: 7 };

describe('account accuracy', () => {
  it('weighs each account by its row weight: with equal weights it is the pooled accuracy', () => {
    const result = accountAccuracy(
      [
        { labelled: 10, correct: 9, rowWeight: 1 },
        { labelled: 10, correct: 5, rowWeight: 1 },
      ],
      OPTIONS
    );

    expect(result?.accuracy).toBeCloseTo(14 / 20, 12);
    expect(result?.accounts).toBe(2);
    expect(result?.weight).toBe(20);
    expect(result!.interval.low).toBeLessThanOrEqual(result!.accuracy);
    expect(result!.interval.high).toBeGreaterThanOrEqual(result!.accuracy);
  });

  it('accounts of no weight change nothing, however many and however wrong', () => {
    const honest = [
      { labelled: 8, correct: 7, rowWeight: 0.8 },
      { labelled: 12, correct: 10, rowWeight: 0.5 },
    ];
    const sybils = Array.from({ length: 20 }, () => ({ labelled: 3, correct: 0, rowWeight: 0 }));

    expect(accountAccuracy([...honest, ...sybils], OPTIONS)).toEqual(
      accountAccuracy(honest, OPTIONS)
    );
  });

  it('an account with many rows counts as much as its weight, not its row count', () => {
    const result = accountAccuracy(
      [
        { labelled: 1000, correct: 0, rowWeight: 0.01 }, // 10 rows' worth
        { labelled: 10, correct: 10, rowWeight: 1 },
      ],
      OPTIONS
    );

    expect(result?.accuracy).toBeCloseTo(0.5, 12);
  });

  it('is null when nobody weighs anything', () => {
    expect(accountAccuracy([{ labelled: 5, correct: 5, rowWeight: 0 }], OPTIONS)).toBeNull();
  });
});
