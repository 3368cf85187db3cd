import fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import {
  adminToken,
  APP_URL,
  call,
  FIRST_ADMIN,
  FOREIGN_MODEL,
  giveFeedback,
  trainingExamples,
  unique,
} from './helpers/app';
import { launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

/** Compare shows every figure with its 95 % interval, says which differences count, and draws the reliability diagram. */
describe('compare with intervals and a reliability diagram', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('compare-intervals');

  async function upload(bytes: Buffer, name: string): Promise<number> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: { number: number } }).data.number;
  }

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    const created = await call('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'feedback' },
    });
    if (created.status !== 201) throw new Error(`model create failed: ${created.status}`);
    // Labels given in the admin land in the dataset "feedback": here, the model's evaluation set.
    await giveFeedback(token, slug, trainingExamples(20, 'partisan/holdout.jsonl'));
    await upload(fs.readFileSync(FOREIGN_MODEL), 'sklearn_tfidf_lr.onnx');
    await upload(textClassifierOnnx({ strength: 1.5 }), 'weak.onnx');
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows intervals, significance and the diagram of both versions', async () => {
    await page.goto(pluginUrl(`/models/${slug}/compare?candidate=1&baseline=2`));
    const diagram = page.getByTestId('reliability-diagram');
    await diagram.waitFor();
    await page.getByTestId('reliability-candidate').waitFor();
    await page.getByTestId('reliability-baseline').waitFor();
    await page
      .getByTestId('interval-method')
      .getByText(/95 % bootstrap intervals \(1,000 resamples/)
      .waitFor();
    const accuracy = page.getByTestId('metric-row-accuracy');
    await accuracy.getByTestId('significance').first().waitFor();

    // Candidate, baseline and difference each carry an interval; ECE and Brier are rows too.
    expect(await accuracy.getByTestId('interval').count()).toBe(3);
    await page.getByTestId('metric-row-ece').waitFor();
    await page.getByTestId('metric-row-brier').waitFor();
    expect(await diagram.locator('circle').count()).toBeGreaterThan(1);
    await screenshot(page, '11-compare-intervals');
  });
});
