import fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import {
  adminToken,
  APP_URL,
  call,
  createRole,
  FIRST_ADMIN,
  FOREIGN_MODEL,
  inviteAdmin,
  unique,
} from './helpers/app';
import { eventually, launch, loginAs, screenshot } from './helpers/browser';

const ARTICLE = 'api::article.article';
const PARTISAN = process.env.PARTISAN_MODEL_SLUG ?? 'partisan';
const RED_TEXT =
  'We will build the wall, secure our border, cut taxes and bring our jobs back from China.';
const BLUE_TEXT =
  'Health care is a right. We will raise the minimum wage, fight climate change and protect a woman’s right to choose.';

async function ok(method: string, url: string, token: string, body?: unknown) {
  const res = await call(method, url, token, body);
  if (res.status >= 300)
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The partisan model with the foreign scikit-learn export in production, through the admin API (four eyes: two admins). */
async function partisanInProduction(adaToken: string, reviewerToken: string): Promise<number> {
  const created = await call('POST', '/model-manager/models', adaToken, {
    data: { name: 'Partisan', slug: PARTISAN, labels: ['blue', 'red'] },
  });
  if (![201, 409].includes(created.status))
    throw new Error(`model: ${created.status} ${JSON.stringify(created.body)}`);
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(FOREIGN_MODEL)]), 'sklearn_tfidf_lr.onnx');
  const res = await fetch(`${APP_URL}/model-manager/models/${PARTISAN}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adaToken}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { number } = ((await res.json()) as { data: { number: number } }).data;
  const version = `/model-manager/models/${PARTISAN}/versions/${number}`;
  await ok('POST', `${version}/submit`, adaToken, { data: {} });
  await ok('POST', `${version}/approve`, reviewerToken, {
    data: { comment: 'article panel test' },
  });
  await ok('POST', `${version}/promote`, reviewerToken, { data: {} });
  return number;
}

/** What the model answers for a text, asked over the admin API (the panel must agree). */
async function labelOf(token: string, text: string): Promise<string> {
  return (await ok('POST', `/model-manager/models/${PARTISAN}/predict`, token, { text })).data
    .label;
}

describe("the Article edit view's prediction side panel", () => {
  let browser: Browser;
  let page: Page;
  let adaToken: string;
  let number: number;
  let documentId: string;
  const title = unique('Article');
  const panel = () => page.getByTestId('subject-prediction');

  beforeAll(async () => {
    browser = await launch();
    adaToken = await adminToken(FIRST_ADMIN);
    const reviewerRole = await createRole(adaToken, unique('Partisan reviewer'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const reviewerToken = await adminToken(await inviteAdmin(adaToken, 'Rosa', [reviewerRole]));
    number = await partisanInProduction(adaToken, reviewerToken);
    const article = await ok('POST', `/content-manager/collection-types/${ARTICLE}`, adaToken, {
      title,
      body: RED_TEXT,
      partisanTag: 'red',
    });
    documentId = article.data.documentId;
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the article's prediction, the words that pushed it, which version answered and the author's tag", async () => {
    await page.goto(`${APP_URL}/admin/content-manager/collection-types/${ARTICLE}/${documentId}`);
    await panel().waitFor();

    expect(await page.getByText(`Prediction (${PARTISAN})`).count()).toBeGreaterThan(0);
    expect(await panel().getByTestId('predicted-label').textContent()).toBe(
      await labelOf(adaToken, `${title}\n\n${RED_TEXT}`)
    );
    expect(await panel().getByTestId('subject-prediction-version').textContent()).toBe(
      `answered by ${PARTISAN} v${number} (champion)`
    );
    expect(await panel().getByTestId('subject-tag').textContent()).toBe('Tag: red');
    const tokens = panel().getByTestId('explained-token');
    expect(await tokens.count()).toBeGreaterThan(3);
    expect(await panel().getByTestId('explained-text').textContent()).toContain(RED_TEXT);
    await screenshot(page, '20-article-prediction-panel');
  });

  it('after the article is edited and saved, the panel scores the new text', async () => {
    const before = await panel().getAttribute('data-saved-at');
    await page.locator('textarea[name="body"]').fill(BLUE_TEXT);
    await page.getByRole('button', { name: 'Save' }).click();

    await eventually(async () => {
      expect(await panel().getAttribute('data-saved-at')).not.toBe(before);
      expect(await panel().getByTestId('explained-text').textContent()).toContain(BLUE_TEXT);
    });
    expect(await panel().getByTestId('predicted-label').textContent()).toBe(
      await labelOf(adaToken, `${title}\n\n${BLUE_TEXT}`)
    );
    await screenshot(page, '21-article-prediction-panel-after-save');
  });
});
