import type { Browser, Page } from 'playwright-core';
import { APP_URL, unique } from './helpers/app';
import { eventually, launch, screenshot, WAIT } from './helpers/browser';
import {
  createArticle,
  modelInProduction,
  readerFeedback,
  readerUrl,
  TEXTS,
} from './helpers/reader';

/** The reader's page at /partisan/: served by the app, read anonymously, then as a reader who signs up and labels. */
describe("the reader's Partisan Discourse page", () => {
  let browser: Browser;
  let page: Page;
  let slug: string;
  let ada: string;
  const titles = [
    unique('Taxes and the border'),
    unique('Health care for all'),
    unique('Law and order'),
    unique('Clean energy'),
  ];
  const ids: string[] = [];

  beforeAll(async () => {
    browser = await launch();
    ({ slug, ada } = await modelInProduction('reader'));
    for (const [i, title] of titles.entries()) ids.push(await createArticle(ada, title, TEXTS[i]));
    // A phone-sized screen: everything below has to work at 375 px.
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is served at /partisan/ with its content types and caching headers, and nothing else is', async () => {
    const index = await fetch(`${APP_URL}/partisan/`, { headers: { 'accept-encoding': 'br' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-encoding')).toBe('br');
    const html = await (await fetch(`${APP_URL}/partisan/`)).text();
    const script = html.match(/src="\.\/(app-[0-9a-f]+\.js)"/)![1];
    const asset = await fetch(`${APP_URL}/partisan/${script}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(`${APP_URL}/partisan/${script}`, {
      headers: { 'if-none-match': asset.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(
      (await fetch(`${APP_URL}/partisan`, { redirect: 'manual' })).headers.get('location')
    ).toBe('/partisan/');
    for (const path of [
      'manifest.json',
      `${script}.gz`,
      '..%2Fpackage.json',
      'constructor',
      '__proto__',
    ]) {
      expect((await fetch(`${APP_URL}/partisan/${path}`)).status).toBe(404);
    }
  });

  it('shows an anonymous visitor the articles with their predicted lean, fitting a 375 px screen', async () => {
    await page.goto(readerUrl(slug));
    const card = page.locator('.card', { hasText: titles[0] });
    await eventually(async () =>
      expect(await card.getByTestId('article-lean').textContent()).toMatch(
        /^\d+% (red|blue) · Everyone’s model$/
      )
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375
    );
    await screenshot(page, 'reader-list');
    // The first Tab reaches the skip link, which leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  });

  it('lets a visitor sign up, open an article and see its words shaded, with the model and version that answered', async () => {
    await page.getByRole('link', { name: 'Sign in / sign up' }).click();
    const username = unique('newreader');
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('E-mail', { exact: true }).fill(`${username}@reader.test`);
    await page.getByLabel('Password (6 characters or more)').fill('Reader-pass-1');
    await page.getByRole('button', { name: 'Create my account' }).click();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(`Signed in as ${username}`);

    await page.getByRole('link', { name: titles[0] }).click();
    const words = page.getByTestId('highlighted-word');
    await words.first().waitFor();
    expect(await words.count()).toBeGreaterThan(3);
    expect(await page.getByTestId('shaded-text').textContent()).toBe(`${titles[0]}\n\n${TEXTS[0]}`);
    expect(await page.getByTestId('answer-model').textContent()).toBe('Everyone’s model');
    expect(await page.getByTestId('answer-version').textContent()).toBe(`${slug} v1`);
    expect(await page.getByTestId('answer-label').textContent()).toMatch(/^\d+% (red|blue)$/);
    expect(await page.getByTestId('lean-meaning').textContent()).toContain(
      'red reads like Republicans speak, blue like Democrats.'
    );
    // The label bar right after the verdict, before the text: no scrolling past the article to answer.
    expect(
      await page.evaluate(() => {
        const bar = document.querySelector('.labelling')!;
        const text = document.querySelector('[data-testid="shaded-text"]')!;
        return !!(bar.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING);
      })
    ).toBe(true);
    // Phrases, not function words, lead the lists (those words are still shaded in the text).
    for (const lean of ['red', 'blue']) {
      const phrases = await page
        .getByTestId(`strongest-${lean}`)
        .locator('q')
        .evaluateAll((els) => els.map((el) => el.textContent ?? ''));
      for (const phrase of phrases) expect(phrase).not.toMatch(/^(the|and|to|a|of|about)\b/);
    }
    const leans = await words.evaluateAll((els) => els.map((el) => el.getAttribute('data-lean')));
    expect(leans.every((lean) => lean === 'red' || lean === 'blue')).toBe(true);
    expect(await page.getByTestId('personal-status').textContent()).toBe(
      '3 more labels until your personal model.'
    );
    await screenshot(page, 'reader-article');
  });

  it('takes three labels, each recorded as this reader’s feedback on that article, and counts them toward a personal model', async () => {
    // Against what the model reads in each (the border: red, health care: blue, law and order: red), so the reader's model moves.
    const choices = ['Blue', 'Red', 'Blue'];
    for (const [i, choice] of choices.entries()) {
      await page.goto(readerUrl(slug, `#/article/${ids[i]}`));
      await page.getByRole('button', { name: choice, exact: true }).click();
      await eventually(async () =>
        expect(await page.getByTestId('label-message').textContent()).toBe(
          `Thank you: labelled ${choice.toLowerCase()}.`
        )
      );
    }
    const feedback = await readerFeedback(ada, slug);
    const mine = feedback.filter((f) => f.subject && ids.includes(f.subject.documentId));
    expect(mine.map((f) => [f.subject!.documentId, f.label]).sort()).toEqual(
      [
        [ids[0], 'blue'],
        [ids[1], 'red'],
        [ids[2], 'blue'],
      ].sort()
    );
    expect(new Set(mine.map((f) => f.giverKey)).size).toBe(1);
    expect(mine[0].giverKey).toMatch(/^user:\d+$/);
  });

  it("after those labels, answers from the reader's personal model beside the global one, naming the words where they differ", async () => {
    await page.goto(readerUrl(slug, `#/article/${ids[0]}`));
    const comparison = page.getByTestId('personal-comparison');
    await comparison.waitFor();
    expect(await page.getByTestId('answer-model').textContent()).toBe(
      'Your model (from your 3 labels)'
    );
    expect(await page.getByTestId('global-answer-model').textContent()).toBe('Everyone’s model');
    // Two verdicts over one shaded text: the article is printed once.
    expect(await page.getByTestId('shaded-text').count()).toBe(1);
    expect(await page.getByTestId('what-changed').textContent()).toMatch(
      /^Your labels (moved|left) the answer/
    );
    expect(await page.getByTestId('answer-label').textContent()).not.toBe(
      await page.getByTestId('global-answer-label').textContent()
    );
    expect(await page.getByTestId('differing-words').locator('tbody tr').count()).toBeGreaterThan(
      0
    );
    await screenshot(page, 'reader-personal');

    // The list marks what this reader labelled.
    await page.goto(readerUrl(slug));
    await eventually(async () =>
      expect(await page.getByTestId('article-yours').allTextContents()).toHaveLength(3)
    );
    expect(
      await page.locator('.card', { hasText: titles[1] }).getByTestId('article-yours').textContent()
    ).toBe('✓ you labelled it red');
  });

  it('shades a pasted text too', async () => {
    await page.goto(readerUrl(slug, '#/text'));
    await page.getByLabel('Paste a text (a speech, a post, an article)').fill(TEXTS[3]);
    await page.getByRole('button', { name: 'Shade its words' }).click();
    await page.getByTestId('highlighted-word').first().waitFor();
    expect(await page.getByTestId('shaded-text').textContent()).toBe(TEXTS[3]);
  });
});
