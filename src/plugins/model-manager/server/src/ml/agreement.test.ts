import { aggregate, cohenKappa, fleissKappa } from './agreement';

describe('agreement', () => {
  it("Cohen's kappa: 1 for identical raters, 0 at chance, the textbook value otherwise", () => {
    expect(cohenKappa(['a', 'b', 'a', 'b'], ['a', 'b', 'a', 'b'])).toBe(1);
    expect(cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'a', 'b'])).toBeCloseTo(0, 12);
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5 -> kappa 0.4 (Wikipedia's example)
    const a = [
      ...Array(20).fill('y'),
      ...Array(5).fill('y'),
      ...Array(10).fill('n'),
      ...Array(15).fill('n'),
    ];
    const b = [
      ...Array(20).fill('y'),
      ...Array(5).fill('n'),
      ...Array(10).fill('y'),
      ...Array(15).fill('n'),
    ];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohenKappa([], [])).toBeNull();
  });

  it("Fleiss' kappa reproduces the worked example of Fleiss (1971) as given on Wikipedia (0.210)", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const subjects = table.map(
      (row) => new Map(row.map((c, j) => [`c${j}`, c] as [string, number]).filter(([, c]) => c > 0))
    );
    expect(fleissKappa(subjects)).toBeCloseTo(0.21, 3);
  });

  it('weights members by their agreement with the others, drops ties, and a dissenting member loses weight', () => {
    const rows = [];
    for (let s = 0; s < 12; s += 1) {
      const truth = s % 2 ? 'red' : 'blue';
      rows.push(
        { subject: `s${s}`, member: 'ann', label: truth },
        { subject: `s${s}`, member: 'bob', label: s === 3 ? 'blue' : truth }
      );
      rows.push({ subject: `s${s}`, member: 'cat', label: s === 3 ? 'blue' : truth });
      rows.push({
        subject: `s${s}`,
        member: 'eve',
        label: s % 3 === 0 ? truth : truth === 'red' ? 'blue' : 'red',
      }); // mostly contrary
    }
    rows.push(
      { subject: 'tie', member: 'ann', label: 'red' },
      { subject: 'tie', member: 'bob', label: 'blue' }
    );

    const result = aggregate(rows);

    const weight = Object.fromEntries(result.members.map((m) => [m.member, m.weight]));
    expect(weight.ann).toBeGreaterThan(0.5);
    expect(weight.bob).toBeGreaterThan(0.5);
    expect(weight.eve).toBe(0);
    // s3: ann and eve say red, bob and cat blue; weighted, bob and cat win (eve weighs nothing)
    expect(result.labels.get('s3')).toBe('blue');
    expect(result.labels.get('s4')).toBe('blue');
    expect(result.labels.has('tie')).toBe(false);
    expect(result.subjects).toBe(13);
    expect(result.fleissKappa).not.toBeNull();
    expect(result.fleissKappa!).toBeLessThan(1);
  });
});
