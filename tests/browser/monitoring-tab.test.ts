import type { Browser, Page } from 'playwright-core';
import { balanced, readJsonl } from '../helpers/data';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { adminToken, APP_URL, call, FIRST_ADMIN, unique } from './helpers/app';
import { eventually, launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

const HOLDOUT = readJsonl<{ text: string; label: string }>('partisan/holdout.jsonl');

/** The Monitoring tab: what the model served, drawn, and thresholds an editor saves. */
describe('the Monitoring tab', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('watched');

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    const created = await call('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'watch-eval' },
    });
    if (created.status !== 201) throw new Error(`model: ${created.status}`);
    const rows = balanced(HOLDOUT, 60).map((r, i) => ({
      line: i + 1,
      text: r.text,
      label: r.label,
    }));
    await call('POST', `/model-manager/models/${slug}/feedback/import`, token, {
      data: { dataset: 'watch-eval', rows },
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(textClassifierOnnx({ strength: 4 }))]), 'm.onnx');
    const upload = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (upload.status !== 201) throw new Error(`upload: ${upload.status}`);
    // served through the admin Playground's route, pinned to the version (no champion needed)
    for (const r of HOLDOUT.slice(0, 30))
      await call('POST', `/model-manager/models/${slug}/predict`, token, {
        text: r.text,
        version: 1,
      });
    // counts reach the database on the app's own schedule (every 10 s by default)
    await eventually(async () => {
      const report = await call('GET', `/model-manager/models/${slug}/monitoring`, token);
      if (report.body.data.days.at(-1)?.served !== 30) throw new Error('not written yet');
      return true;
    });
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the day and saves thresholds an editor sets', async () => {
    await page.goto(pluginUrl(`/models/${slug}/monitoring`));
    await page.getByText('Answers per day, by label').waitFor();
    await page.getByRole('img', { name: 'Drift' }).waitFor();
    await screenshot(page, 'monitoring-01-1440');
    await page.setViewportSize({ width: 900, height: 1000 });
    await screenshot(page, 'monitoring-02-900');
    await page.setViewportSize({ width: 1440, height: 1000 });

    await page.getByLabel('Judge a day after (answers)').fill('25');
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/monitoring')
      ),
      page.getByRole('button', { name: 'Save thresholds' }).click(),
    ]);
    expect(response.status()).toBe(200);
    const report = await call('GET', `/model-manager/models/${slug}/monitoring`, token);
    expect(report.body.data).toMatchObject({
      thresholdsFrom: 'model',
      thresholds: { minServed: 25 },
    });
  });

  it('saves a retraining policy, and Check now says what it decided', async () => {
    await page.goto(pluginUrl(`/models/${slug}/monitoring`));
    await page.getByRole('heading', { name: 'Retraining policy' }).waitFor();
    await page.getByLabel('Retrain after new trusted labels').fill('500');
    await page.getByLabel('Policy on').click();
    const [saved] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/retraining')
      ),
      page.getByRole('button', { name: 'Save policy' }).click(),
    ]);
    expect(saved.status()).toBe(200);
    const report = await call('GET', `/model-manager/models/${slug}/retraining`, token);
    expect(report.body.data.policy).toMatchObject({ enabled: true, newLabels: 500 });

    // 500 new labels have not arrived: nothing fires, and the page says so
    const [checked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/retraining/check')),
      page.getByRole('button', { name: 'Check now' }).click(),
    ]);
    expect(checked.status()).toBe(200);
    await page.getByText('Nothing to do: the policy is off, or no trigger has fired.').waitFor();
    await page.getByRole('heading', { name: 'Retraining policy' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'monitoring-03-retraining-1440');
  });
});
