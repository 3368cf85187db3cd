import { exportToOnnx, trainTextClassifier } from '../ml';
import { HeldModels } from './held-models';
import { INLINE_MAX_BYTES, LocalModel, sliceByChars, type CostClock } from './local-model';

const OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const rows = [
  ...['build the wall', 'secure the border', 'cut taxes now', 'the wall works'].map((text) => ({
    text,
    label: 'red',
  })),
  ...['health care for all', 'climate action now', 'raise the wage', 'care for families'].map(
    (text) => ({ text, label: 'blue' })
  ),
];
const bytes = () =>
  new Uint8Array(
    exportToOnnx(
      trainTextClassifier(rows, { algorithm: 'logistic-regression', ngramRange: [1, 2], minDf: 1 })
    )
  );

describe('slicing a run by characters', () => {
  it('cuts where the next text would pass the limit, keeps order, and sends a long text alone', () => {
    expect(sliceByChars(['aaaa', 'bb', 'cc', 'dddddddd', 'e'], 6, 10)).toEqual([
      ['aaaa', 'bb'],
      ['cc'],
      ['dddddddd'],
      ['e'],
    ]);
  });

  it('also stops at the count limit', () => {
    expect(sliceByChars(['a', 'b', 'c'], 100, 2)).toEqual([['a', 'b'], ['c']]);
  });
});

describe('a session on the serving thread', () => {
  it('answers a run cut into many slices exactly as one run on a worker-style session does', async () => {
    const texts = Array.from(
      { length: 40 },
      (_, i) => `${rows[i % rows.length].text} and more words ${i}`
    );
    const reference = new HeldModels();
    await reference.load('ref', bytes(), OPTIONS);
    const whole = await reference.run('ref', texts, texts.length);
    // a slice of 0.001 ms holds one text: 40 runs with the event loop free between them
    const local = await LocalModel.load(new HeldModels(), 'sliced', bytes(), OPTIONS, {
      sliceMs: 0.001,
      maxTextMs: 1000,
      maxTextLength: 100,
    });

    const sliced = await local!.run(texts, 128);

    // float32 sums of a one-row run and of a 40-row run may differ in the last bit
    const gap = (a: Float32Array, b: Float32Array) =>
      Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));
    expect(sliced.probabilities).toHaveLength(whole.probabilities.length);
    expect(gap(sliced.probabilities, whole.probabilities)).toBeLessThan(1e-6);
    expect(Array.from(sliced.evidence!)).toEqual(Array.from(whole.evidence!));
    const explained = await local!.explain(texts.slice(0, 3), [0, 1, 0], 128);
    const expected = await reference.explain('ref', texts.slice(0, 3), [0, 1, 0], 128);
    // (this compared a `token` field tokens do not have, so undefined to undefined, until tests were type-checked)
    const spans = (list: typeof explained) =>
      list.map((e) => e.tokens.map((t) => `${t.text}@${t.start}-${t.end}`));
    expect(spans(explained)).toEqual(spans(expected));
    expect(spans(explained).flat().length).toBeGreaterThan(0);
    const weights = (list: typeof explained) => list.flatMap((e) => e.tokens.map((t) => t.weight));
    expect(
      gap(Float32Array.from(weights(explained)), Float32Array.from(weights(expected)))
    ).toBeLessThan(1e-5);
    expect(explained.map((e) => e.bias)).toEqual(expected.map((e) => e.bias));
    await local!.dispose();
    await reference.release('ref');
  });

  it('is refused (the worker threads take it) when a text of the longest allowed length would hold the loop too long', async () => {
    const models = new HeldModels();
    expect(
      await LocalModel.load(models, 'slow', bytes(), OPTIONS, {
        sliceMs: 4,
        maxTextMs: 0.001,
        maxTextLength: 20_000,
      })
    ).toBeNull();
    expect(models.hashes()).toEqual([]); // its session was released
  });

  /** A clock that moves only when a test says a run cost something: decisions by state, not by time. */
  class TestClock implements CostClock {
    wall = 0;
    cpu = 0;
    wallMs = () => this.wall;
    cpuMs = () => this.cpu;
  }
  /** A session whose run of any text over 1,000 characters costs what `extra` adds to the clock. */
  class SlowOnLongTexts extends HeldModels {
    readonly longestRun: number[] = [];
    constructor(private readonly extra: () => void) {
      super();
    }
    override async run(hash: string, texts: string[], chunkSize: number) {
      const longest = Math.max(...texts.map((t) => t.length));
      this.longestRun.push(longest);
      if (longest > 1000) this.extra();
      return super.run(hash, texts, chunkSize);
    }
  }
  const limits = { sliceMs: 4, maxTextMs: 100, maxTextLength: 2000 };

  it('is refused when the longest text alone is too slow, even though the short probe extrapolates within the limit', async () => {
    // a graph whose cost grows faster than its input (an n-gram blow-up, say): the short probe's
    // texts (~250 characters) cost nothing, the longest allowed text costs 2 s of CPU
    const clock = new TestClock();
    const slow = new SlowOnLongTexts(() => {
      clock.wall += 2000;
      clock.cpu += 2000;
    });
    expect(await LocalModel.load(slow, 'superlinear', bytes(), OPTIONS, limits, clock)).toBeNull();
    expect(slow.longestRun).toContain(2000); // refused by the timed longest text, not by the probe
    expect(slow.hashes()).toEqual([]);

    // the same artifact and limits without the blow-up stays on this thread
    const fine = await LocalModel.load(
      new HeldModels(),
      'linear',
      bytes(),
      OPTIONS,
      limits,
      new TestClock()
    );
    expect(fine).not.toBeNull();
    await fine!.dispose();
  });

  it('stays on this thread when the longest text only waited (other processes held the cores), since its CPU time is short', async () => {
    const clock = new TestClock();
    const descheduled = new SlowOnLongTexts(() => {
      clock.wall += 2000; // 2 s of wall-clock time, 1 ms of this process's CPU
      clock.cpu += 1;
    });
    const local = await LocalModel.load(descheduled, 'waited', bytes(), OPTIONS, limits, clock);
    expect(descheduled.longestRun).toContain(2000); // the longest text was timed
    expect(local).not.toBeNull();
    await local!.dispose();
  });

  it('an artifact over INLINE_MAX_BYTES is refused before anything is decoded or loaded on this thread', async () => {
    const models = new HeldModels();
    // not even ONNX: a decode or a load would throw, so a null says the size was checked first
    expect(
      await LocalModel.load(models, 'big', new Uint8Array(INLINE_MAX_BYTES + 1), OPTIONS, {
        sliceMs: 4,
        maxTextMs: 100,
        maxTextLength: 100,
      })
    ).toBeNull();
    expect(models.hashes()).toEqual([]);
  });
});
