import { PairTable } from './pair-table';

describe('PairTable', () => {
  it('stores and finds pairs across growth, distinguishing (a, b) from (b, a)', () => {
    const t = new PairTable(4);
    for (let a = 0; a < 100; a++) for (let b = 0; b < 30; b++) t.insert(a, b, a * 1000 + b);
    expect(t.size).toBe(3000);
    expect(t.get(7, 3)).toBe(7003);
    expect(t.get(3, 7)).toBe(3007);
    expect(t.get(99, 29)).toBe(99029);
    expect(t.get(100, 0)).toBe(-1);
  });
});
