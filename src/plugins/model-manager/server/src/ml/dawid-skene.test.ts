import { dawidSkene, type Vote } from './dawid-skene';
import { seededRandom } from './random';

const LABELS = ['blue', 'red'];
const flip = (label: string) => (label === 'red' ? 'blue' : 'red');

/** N subjects with a known truth and a base model that is right with probability `baseAccuracy`. */
function world(n: number, seed: number, baseAccuracy = 0.8) {
  const random = seededRandom(seed);
  const truth = new Map<string, string>();
  const anchor = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const label = random() < 0.65 ? 'red' : 'blue';
    truth.set(`s${i}`, label);
    const right = random() < baseAccuracy;
    const pRed = (label === 'red') === right ? 0.8 : 0.2;
    anchor.set(`s${i}`, [1 - pRed, pRed]);
  }
  const member = (name: string, answer: (truth: string) => string, share = 1): Vote[] =>
    [...truth]
      .filter(() => random() < share)
      .map(([subject, label]) => ({ subject, member: name, label: answer(label) }));
  const noisy = (accuracy: number) => (t: string) => (random() < accuracy ? t : flip(t));
  return { truth, anchor, member, noisy, random };
}

const accuracyOf = (result: ReturnType<typeof dawidSkene>, truth: Map<string, string>) =>
  result.subjects.filter((s) => s.label === truth.get(s.subject)).length / result.subjects.length;

describe('Dawid–Skene with an anchor', () => {
  it('when one of two members flips every label, the disputed subjects are kept with the honest label', () => {
    const w = world(300, 1);
    const votes = [...w.member('honest', w.noisy(0.95)), ...w.member('flipper', flip)];

    const result = dawidSkene(LABELS, votes, { anchor: w.anchor });

    expect(result.subjects).toHaveLength(300);
    expect(result.subjects.every((s) => s.weight > 0)).toBe(true);
    expect(accuracyOf(result, w.truth)).toBeGreaterThan(0.9);
    const [flipper, honest] = result.members; // sorted by name
    expect(flipper.member).toBe('flipper');
    expect(flipper.reliability).toBeLessThan(0.1); // read inverted, not trusted
    expect(honest.reliability).toBeGreaterThan(0.85);
  });

  it('a clique of two answering the opposite of one honest member does not vote them out', () => {
    const w = world(400, 2, 0.75);
    const honest = w.member('honest', w.noisy(0.9));
    const opposite = (who: string) =>
      honest.map((v) => ({ subject: v.subject, member: who, label: flip(v.label) }));
    const votes = [...honest, ...opposite('clique-a'), ...opposite('clique-b')];

    const result = dawidSkene(LABELS, votes, { anchor: w.anchor });

    expect(accuracyOf(result, w.truth)).toBeGreaterThan(0.85);
    const reliability = new Map(result.members.map((m) => [m.member, m.reliability]));
    expect(reliability.get('honest')!).toBeGreaterThan(0.8);
    expect(reliability.get('clique-a')!).toBeLessThan(0.2);
  });

  it('two agreeing labels are not trusted like two hundred careful ones', () => {
    const w = world(200, 3);
    const careful = w.member('careful', w.noisy(0.9));
    const sparse = careful.slice(0, 2).map((v) => ({ ...v, member: 'sparse' }));

    const result = dawidSkene(LABELS, [...careful, ...sparse], { anchor: w.anchor });

    const byName = new Map(result.members.map((m) => [m.member, m]));
    expect(byName.get('sparse')!.labels).toBe(2);
    expect(byName.get('careful')!.reliability).toBeGreaterThan(byName.get('sparse')!.reliability);
    expect(byName.get('sparse')!.reliability).toBeLessThan(0.8); // still near the prior's 0.7
  });

  it('a random labeller earns chance reliability and decides almost nothing', () => {
    const w = world(400, 4);
    const votes = [
      ...w.member('good-a', w.noisy(0.9)),
      ...w.member('good-b', w.noisy(0.85)),
      ...w.member('random', () => (w.random() < 0.5 ? 'red' : 'blue')),
    ];

    const result = dawidSkene(LABELS, votes, { anchor: w.anchor });

    const random = result.members.find((m) => m.member === 'random')!;
    expect(Math.abs(random.reliability - 0.5)).toBeLessThan(0.1);
    expect(random.decided).toBeLessThan(20);
    expect(accuracyOf(result, w.truth)).toBeGreaterThan(0.93);
  });

  it('gold subjects keep their known label and teach the members’ reliability without an anchor', () => {
    const w = world(200, 5);
    const votes = [...w.member('honest', (t) => t), ...w.member('flipper', flip)];
    const gold = new Map([...w.truth].slice(0, 20));

    const result = dawidSkene(LABELS, votes, { gold });

    for (const [subject, label] of gold)
      expect(result.subjects.find((s) => s.subject === subject)!.label).toBe(label);
    expect(accuracyOf(result, w.truth)).toBe(1);
    expect(result.members.find((m) => m.member === 'flipper')!.reliability).toBeLessThan(0.1);
  });

  it('without any anchor two members of equal evidence who disagree leave an exact tie (weight 0)', () => {
    const votes: Vote[] = [
      { subject: 'x', member: 'a', label: 'red' },
      { subject: 'x', member: 'b', label: 'blue' },
    ];

    const [only] = dawidSkene(LABELS, votes).subjects;

    expect(only.posterior[0]).toBeCloseTo(0.5, 12);
    expect(only.weight).toBeCloseTo(0, 12);
  });

  it('when two members of equal standing disagree, the base model settles it, and that is counted', () => {
    // Ten subjects both label alike (4 red, 6 blue), as the base model leans.
    const agreed = Array.from({ length: 10 }, (_, i) => ({
      subject: `s${i}`,
      label: i < 4 ? 'red' : 'blue',
    }));
    const lean = (label: string) => (label === 'red' ? [0.3, 0.7] : [0.7, 0.3]);
    const anchor = new Map<string, number[]>([
      ...agreed.map((s) => [s.subject, lean(s.label)] as [string, number[]]),
      ['x', lean('red')],
    ]);
    const votes: Vote[] = [
      ...agreed.flatMap(({ subject, label }) => [
        { subject, member: 'a', label },
        { subject, member: 'b', label },
      ]),
      { subject: 'x', member: 'a', label: 'red' },
      { subject: 'x', member: 'b', label: 'blue' },
    ];

    const result = dawidSkene(LABELS, votes, { anchor });

    expect(result.subjects.find((s) => s.subject === 'x')!.label).toBe('red');
    expect(result.anchorDecided).toBe(1);
    expect(result.members.map((m) => m.decided)).toEqual([1, 0]);
  });

  it('refuses a label outside the model’s labels', () => {
    expect(() => dawidSkene(LABELS, [{ subject: 'x', member: 'a', label: 'green' }])).toThrow(
      'unknown label "green"'
    );
  });
});
