import type { Browser, Page } from 'playwright-core';
import { unique } from './helpers/app';
import { eventually, launch, screenshot, WAIT } from './helpers/browser';
import {
  createArticle,
  modelInProduction,
  ok,
  readerFeedback,
  readerUrl,
  registerReader,
  signInOnPage,
  TEXTS,
} from './helpers/reader';

/** "n left · …": how many items the queue still holds. */
const leftIn = (progress: string | null) => Number(/^(\d+) left/.exec(progress ?? '')?.[1] ?? NaN);

/** An expert (a member of a collective model) works through their labelling queue by keyboard. */
describe("the expert's labelling queue", () => {
  let browser: Browser;
  let page: Page;
  let slug: string;
  let ada: string;
  let expert: Awaited<ReturnType<typeof registerReader>>;

  beforeAll(async () => {
    browser = await launch();
    ({ slug, ada } = await modelInProduction('queue'));
    for (const text of TEXTS) await createArticle(ada, unique('Queue article'), text);
    expert = await registerReader('expert');
    // An editor's collective model over the base one, with this reader and another as its members (issue 11's admin API).
    const colleague = await registerReader('colleague');
    await ok('POST', '/model-manager/collective-models', ada, {
      data: { name: unique('experts'), baseModel: slug, members: [expert.id, colleague.id] },
    });
    const context = await browser.newContext({
      viewport: { width: 1000, height: 900 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('names no collective for a reader who is no expert, so their page offers no queue', async () => {
    const reader = await registerReader('plain');
    const me = await ok('GET', '/api/partisan/me', reader.jwt);
    expect(me.data.collectives).toEqual([]);
  });

  it('answers five items by keyboard, each re-ranked after the answer and recorded as feedback', async () => {
    await signInOnPage(page, slug, expert);
    await page.getByRole('link', { name: 'Expert queue' }).click();
    const title = page.getByTestId('queue-title');
    await title.waitFor();
    expect(await page.getByTestId('queue-reason').textContent()).toMatch(/^Why this one: /);
    // the queue holds every article not yet labelled, other test files' included: counted from its own start
    const start = leftIn(await page.getByTestId('queue-progress').textContent());
    expect(start).toBeGreaterThanOrEqual(TEXTS.length);
    expect(await page.getByTestId('queue-progress').textContent()).toBe(
      `${start} left · 0 answered in this session.`
    );
    // The model's answer is hidden until the expert has answered: no verdict, no shading.
    expect(await page.getByTestId('queue-blind').isChecked()).toBe(true);
    expect(await page.getByTestId('answer-label').count()).toBe(0);
    expect(await page.getByTestId('highlighted-word').count()).toBe(0);
    await screenshot(page, 'reader-queue');

    const keys = ['r', 'b', 'n', 'r', 'b'];
    const seen: string[] = [];
    for (const key of keys) {
      const id = (await title.getAttribute('data-document-id'))!;
      seen.push(id);
      await page.keyboard.press(key);
      // The next item is a different one: never an item already answered.
      await page.waitForFunction(
        (before) =>
          document
            .querySelector('[data-testid="queue-title"]')
            ?.getAttribute('data-document-id') !== before ||
          !!document.querySelector('[data-testid="queue-empty"]'),
        id
      );
    }
    expect(new Set(seen).size).toBe(5);
    expect(await page.getByTestId('queue-progress').textContent()).toBe(
      `${start - 5} left · 5 answered in this session.`
    );

    const mine = (await readerFeedback(ada, slug)).filter(
      (f) => f.giverKey === `user:${expert.id}`
    );
    const expected = keys
      .map((k, i) => [seen[i], k === 'r' ? 'red' : 'blue', k] as const)
      .filter(([, , k]) => k !== 'n');
    expect(mine.map((f) => [f.subject?.documentId, f.label]).sort()).toEqual(
      expected.map(([id, label]) => [id, label]).sort()
    );
  });

  it('skips, undoes the last answer (the item comes back and a new answer replaces the label), and reveals the model after answering', async () => {
    const reader = await registerReader('undoer');
    const colleague = await registerReader('colleague');
    await ok('POST', '/model-manager/collective-models', ada, {
      data: { name: unique('undoers'), baseModel: slug, members: [reader.id, colleague.id] },
    });
    // A browser of their own: the page remembers answers per reader, and one reader per browser here.
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    await signInOnPage(page, slug, reader);
    await page.goto(readerUrl(slug, '#/queue'));
    const title = page.getByTestId('queue-title');
    await title.waitFor();
    const progress = page.getByTestId('queue-progress');
    const idOf = async () => (await title.getAttribute('data-document-id'))!;
    const moved = (from: string) =>
      page.waitForFunction(
        (before) =>
          document
            .querySelector('[data-testid="queue-title"]')
            ?.getAttribute('data-document-id') !== before,
        from
      );

    const skippedId = await idOf();
    await page.getByTestId('queue-skip').click();
    await moved(skippedId);
    const start = leftIn(await progress.textContent());
    expect(await progress.textContent()).toBe(
      `${start} left · 0 answered in this session · 1 skipped.`
    );

    const first = await idOf();
    await page.getByRole('button', { name: /^Red/ }).click();
    await moved(first);
    expect(await page.getByTestId('queue-model-said').textContent()).toMatch(
      /^The model said \d+% (red|blue)\.$/
    );
    expect(await progress.textContent()).toBe(
      `${start - 1} left · 1 answered in this session · 1 skipped.`
    );

    await page.getByTestId('queue-undo').click();
    await eventually(async () => expect(await idOf()).toBe(first));
    expect(await progress.textContent()).toBe(
      `${start} left · 0 answered in this session · 1 skipped.`
    );
    await page.keyboard.press('b');
    await moved(first);
    const mine = (await readerFeedback(ada, slug)).filter(
      (f) => f.giverKey === `user:${reader.id}`
    );
    expect(mine.map((f) => [f.subject?.documentId, f.label])).toEqual([[first, 'blue']]);

    // Showing the model first is the expert's choice, remembered: the verdict and an honest reason.
    await page.getByTestId('queue-blind').uncheck();
    await page.getByTestId('answer-label').waitFor();
    const reason = (await page.getByTestId('queue-reason').textContent())!;
    const percent = Number(
      (await page.getByTestId('answer-label').textContent())!.match(/^\d+/)![0]
    );
    if (percent >= 65) expect(reason).not.toMatch(/close call|unsure/);
  });
});
