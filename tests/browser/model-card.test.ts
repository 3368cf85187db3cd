import type { Browser, Page } from 'playwright-core';
import { balanced, readJsonl } from '../helpers/data';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { adminToken, APP_URL, call, FIRST_ADMIN, unique } from './helpers/app';
import { launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

const HOLDOUT = readJsonl<{ text: string; label: string; debate: string }>(
  'partisan/holdout.jsonl'
);

/** The model card page: evidence the system recorded, and people's words saved and shown again. */
describe('the model card page', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('carded');

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    const created = await call('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'card-eval' },
    });
    if (created.status !== 201) throw new Error(`model: ${created.status}`);
    const rows = balanced(HOLDOUT, 60).map((r, i) => ({
      line: i + 1,
      text: r.text,
      label: r.label,
      group: r.debate,
    }));
    const imported = await call('POST', `/model-manager/models/${slug}/feedback/import`, token, {
      data: { dataset: 'card-eval', groupField: 'debate', rows },
    });
    if (imported.status !== 200 && imported.status !== 201)
      throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(textClassifierOnnx({ strength: 4 }))]), 'm.onnx');
    const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status}`);
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens from the version page and shows the evidence with its intervals', async () => {
    await page.goto(pluginUrl(`/models/${slug}/versions/1`));
    await page.getByRole('link', { name: 'Model card' }).click();
    await page.waitForURL(`**/models/${slug}/versions/1/card`);
    await page.getByRole('heading', { name: `Model card: ${slug} v1`, level: 1 }).waitFor();

    const card = (await call('GET', `/model-manager/models/${slug}/versions/1/card`, token)).body
      .data;
    await page
      .getByText(`Recorded when it was made, on evaluation set card-eval (60 rows).`)
      .waitFor();
    await page.getByText('Uploaded (m.onnx)', { exact: false }).waitFor();
    await page.getByText('Its most confident mistakes').waitFor();
    expect(card.evidence.today.perGroup.length).toBeGreaterThan(0);
    await screenshot(page, 'card-01-1440');
    await page.setViewportSize({ width: 900, height: 1000 });
    await screenshot(page, 'card-02-900');
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it("saves people's words, which the card then shows as theirs", async () => {
    await page.getByLabel('Intended use').fill('Tagging debate quotes by party, in English.');
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/versions/1/card')
      ),
      page.getByRole('button', { name: 'Save the card' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await page.getByText(/Last written by/).waitFor();
    const people = (await call('GET', `/model-manager/models/${slug}/versions/1/card`, token)).body
      .data.people;
    expect(people.intendedUse).toBe('Tagging debate quotes by party, in English.');
  });
});
