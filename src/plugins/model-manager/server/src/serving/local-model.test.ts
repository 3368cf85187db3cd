import { exportToOnnx, trainTextClassifier } from '../ml';
import { HeldModels } from './held-models';
import { INLINE_MAX_BYTES, LocalModel, sliceByChars } from './local-model';

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

  /** Until this process has used `ms` of CPU, however long a busy machine makes that take. */
  const burnCpu = (ms: number) => {
    const start = process.cpuUsage();
    for (
      let used = process.cpuUsage(start);
      used.user + used.system < ms * 1000;
      used = process.cpuUsage(start)
    );
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** A session whose run of any text over 1,000 characters first does `extra`: burn CPU, or only wait (as when other processes hold the cores). */
  class SlowOnLongTexts extends HeldModels {
    readonly longestRun: number[] = [];
    constructor(private readonly extra: () => unknown) {
      super();
    }
    override async run(hash: string, texts: string[], chunkSize: number) {
      const longest = Math.max(...texts.map((t) => t.length));
      this.longestRun.push(longest);
      if (longest > 1000) await this.extra();
      return super.run(hash, texts, chunkSize);
    }
  }
  // a wide limit: the real runs beside the fakes must pass it on a swamped CI machine too
  const limits = { sliceMs: 4, maxTextMs: 1000, maxTextLength: 2000 };

  it('is refused when the longest text alone is too slow, even though the short probe extrapolates within the limit', async () => {
    // a graph whose cost grows faster than its input (an n-gram blow-up, say): the short probe's
    // texts (~250 characters) are cheap, the longest allowed text costs 2 s of CPU
    const slow = new SlowOnLongTexts(() => burnCpu(2000));
    expect(await LocalModel.load(slow, 'superlinear', bytes(), OPTIONS, limits)).toBeNull();
    expect(slow.longestRun).toContain(2000); // refused by the timed longest text, not by the probe
    expect(slow.hashes()).toEqual([]);

    // the same artifact and limits without the blow-up stays on this thread
    const fine = await LocalModel.load(new HeldModels(), 'linear', bytes(), OPTIONS, limits);
    expect(fine).not.toBeNull();
    await fine!.dispose();
  });

  it('stays on this thread when the longest text only waited (other processes held the cores), since its CPU time is short', async () => {
    // This process used 1 ms of CPU over each run. The real reading would also count whatever
    // other threads of this test process do meanwhile (a jest worker's leftovers: it failed in CI).
    const cpu = jest
      .spyOn(process, 'cpuUsage')
      .mockImplementation((since?: NodeJS.CpuUsage) =>
        since ? { user: 1000, system: 0 } : { user: 0, system: 0 }
      );
    try {
      const descheduled = new SlowOnLongTexts(() => wait(2000));
      const local = await LocalModel.load(descheduled, 'waited', bytes(), OPTIONS, limits);
      expect(descheduled.longestRun).toContain(2000); // the longest text was timed, 2 s of wall-clock time
      expect(local).not.toBeNull();
      await local!.dispose();
    } finally {
      cpu.mockRestore();
    }
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
