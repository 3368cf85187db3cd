import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import {
  adminToken,
  call,
  createRole,
  DATA_DIR,
  inviteAdmin,
  giveFeedback,
  trainingExamples,
  unique,
} from './helpers/app';
import { eventually, launch, WAIT } from './helpers/browser';
import {
  createArticle,
  modelInProduction,
  ok,
  registerReader,
  signInOnPage,
} from './helpers/reader';

/**
 * The reader's page as people see it, at 1440, 900 and 375 px, into READER_SHOTS_DIR (default
 * /tmp/shots-ui-reader) as <READER_SHOTS_PREFIX>-<scene>-<width>.png: the list, an article, the
 * comparison after three labels and the expert queue, on a model trained here (exact explanations,
 * so n-grams are in play) and on real debate texts. Each scene must render before it is shot.
 */
const OUT = process.env.READER_SHOTS_DIR ?? '/tmp/shots-ui-reader';
const PREFIX = process.env.READER_SHOTS_PREFIX ?? 'after';

async function shot(page: Page, scene: string) {
  fs.mkdirSync(OUT, { recursive: true });
  for (const width of [1440, 900, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 800 : 1000 });
    await page.screenshot({
      path: path.join(OUT, `${PREFIX}-${scene}-${width}.png`),
      fullPage: true,
    });
  }
}

const debates = (n: number) =>
  fs
    .readFileSync(path.join(DATA_DIR, 'partisan', 'holdout.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string })
    .filter((row) => row.text.length > 400 && row.text.length < 1200)
    .slice(0, n)
    .map((row) => row.text);

describe("the reader's page, shot at three widths", () => {
  let browser: Browser;
  let page: Page;
  let slug: string;
  const ids: string[] = [];

  beforeAll(async () => {
    browser = await launch();
    let ada: string;
    ({ slug, ada } = await modelInProduction('shots'));
    // A second version trained here with the built-in trainer (1-2-grams, exact explanations), promoted.
    await giveFeedback(ada, slug, trainingExamples(300));
    const run = await ok('POST', `/model-manager/models/${slug}/training-runs`, ada, {
      data: { algorithm: 'logistic-regression' },
    });
    const version = await eventually(async () => {
      const res = await call('GET', `/model-manager/training-runs/${run.data.documentId}`, ada);
      if (res.body.data.status !== 'succeeded') throw new Error(`run ${res.body.data.status}`);
      return res.body.data.version as number;
    }, 240_000);
    const role = await createRole(ada, unique('Shots reviewer'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const reviewer = await adminToken(await inviteAdmin(ada, 'Rita', [role]));
    const base = `/model-manager/models/${slug}/versions/${version}`;
    await ok('POST', `${base}/submit`, ada, { data: {} });
    await ok('POST', `${base}/approve`, reviewer, { data: { comment: 'reader shots' } });
    await ok('POST', `${base}/promote`, reviewer, { data: { reason: 'reader shots' } });
    for (const [i, text] of debates(6).entries())
      ids.push(await createArticle(ada, `Debate excerpt ${i + 1}`, text));
    const expert = await registerReader('shots');
    const colleague = await registerReader('colleague');
    await ok('POST', '/model-manager/collective-models', ada, {
      data: { name: unique('experts'), baseModel: slug, members: [expert.id, colleague.id] },
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    page = await context.newPage();
    await signInOnPage(page, slug, expert);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the list', async () => {
    await page.goto(`${process.env.MM_BROWSER_URL}/partisan/?model=${slug}#/`);
    await eventually(async () =>
      expect(await page.getByTestId('article-lean').first().textContent()).toMatch(/%/)
    );
    await shot(page, 'list');
  });

  it('an article before any label', async () => {
    await page.goto(`${process.env.MM_BROWSER_URL}/partisan/?model=${slug}#/article/${ids[0]}`);
    await page.getByTestId('highlighted-word').first().waitFor();
    await shot(page, 'article');
  });

  it('an article after three labels', async () => {
    for (const [i, choice] of ['Blue', 'Red', 'Blue'].entries()) {
      await page.goto(`${process.env.MM_BROWSER_URL}/partisan/?model=${slug}#/article/${ids[i]}`);
      await page.getByRole('button', { name: choice, exact: true }).first().click();
      await page.getByTestId('label-message').getByText('Thank you').waitFor();
    }
    await page.goto(`${process.env.MM_BROWSER_URL}/partisan/?model=${slug}#/article/${ids[0]}`);
    await page.getByTestId('personal-comparison').waitFor();
    await shot(page, 'compare');
  });

  it('the expert queue', async () => {
    await page.goto(`${process.env.MM_BROWSER_URL}/partisan/?model=${slug}#/queue`);
    await page.getByTestId('queue-title').waitFor();
    await shot(page, 'queue');
  });
});
