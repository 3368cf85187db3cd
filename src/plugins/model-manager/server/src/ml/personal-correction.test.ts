import {
  corrected,
  correctionBytes,
  deserialize,
  emptyCorrection,
  features,
  learn,
  ownParts,
  prune,
  serialize,
  shift,
} from './personal-correction';

describe('personal correction', () => {
  it('leaves the base probabilities unchanged while it has learnt nothing', () => {
    const c = emptyCorrection(2);
    const p = corrected([0.3, 0.7], c, features('tax cuts for everyone'));
    expect(p[0]).toBeCloseTo(0.3, 9);
    expect(p[1]).toBeCloseTo(0.7, 9);
  });

  it('builds an L2-normalised sublinear token vector', () => {
    const x = features('Tax tax cuts');
    expect([...x.keys()].sort()).toEqual(['cuts', 'tax']);
    const norm = Math.sqrt([...x.values()].reduce((a, v) => a + v * v, 0));
    expect(norm).toBeCloseTo(1, 9);
    expect(x.get('tax')!).toBeGreaterThan(x.get('cuts')!);
  });

  it('moves the answer toward the given label on every step, and on the gradient of the log-loss', () => {
    const c = emptyCorrection(2);
    const base = [0.8, 0.2];
    const x = features('the wall will be paid for');
    const record = learn(c, base, x, 1, { learningRate: 0.5, l2: 0, maxTokens: 100 });
    expect(record.before).toBeCloseTo(0.2, 9);
    // gradient of -log p1 w.r.t. the class-1 logit is p1 - 1 = -0.8: the step adds lr * 0.8 * x_t
    expect(record.biasDelta[1]).toBeCloseTo(0.4, 9);
    expect(c.tokens.get('wall')![1]).toBeCloseTo(0.4 * x.get('wall')!, 9);
    const after = corrected(base, c, x)[1];
    expect(after).toBeGreaterThan(0.2);
    learn(c, base, x, 1, { learningRate: 0.5, l2: 0, maxTokens: 100 });
    expect(corrected(base, c, x)[1]).toBeGreaterThan(after);
    expect(c.labels).toBe(2);
  });

  it('splits the log-odds shift exactly into the bias part and each token part', () => {
    const c = emptyCorrection(2);
    const base = [0.5, 0.5];
    learn(c, base, features('medicare for all now'), 0);
    learn(c, base, features('build the wall now'), 1);
    const x = features('medicare now');
    const s = shift(c, x);
    const own = ownParts(c, x, 0);
    const total = own.bias + [...own.tokens.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(s[0] - s[1], 9);
    expect(own.tokens.has('medicare')).toBe(true);
  });

  it('keeps at most maxTokens tokens, dropping the weakest', () => {
    const c = emptyCorrection(2);
    c.tokens.set('weak', [0.01, -0.01]);
    c.tokens.set('strong', [1, -1]);
    c.tokens.set('middle', [0.2, -0.2]);
    prune(c, 2);
    expect([...c.tokens.keys()].sort()).toEqual(['middle', 'strong']);
  });

  it('round-trips through JSON and counts more bytes for more tokens', () => {
    const c = emptyCorrection(2);
    learn(c, [0.4, 0.6], features('a secure border and lower taxes'), 1);
    const back = deserialize(serialize(c), 2);
    expect(back.labels).toBe(1);
    expect(back.tokens.get('border')![1]).toBeCloseTo(c.tokens.get('border')![1], 5);
    const small = correctionBytes(emptyCorrection(2));
    expect(correctionBytes(c)).toBeGreaterThan(small);
    expect(deserialize(serialize(c), 3).tokens.size).toBe(0); // another class count: starts afresh
  });
});
