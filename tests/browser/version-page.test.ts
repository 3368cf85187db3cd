import type { Browser, Page } from 'playwright-core';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { adminToken, APP_URL, call, FIRST_ADMIN, unique } from './helpers/app';
import { launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

/** The version page: opened from the Versions tab, it shows the artifact, lineage and history, edits notes, downloads the file. */
describe('the version page', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('versioned');
  const bytes = textClassifierOnnx({ strength: 4 });

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    const created = await call('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'] },
    });
    if (created.status !== 201) throw new Error(`model: ${created.status}`);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'fixture.onnx');
    form.append('notes', 'first notes');
    const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status}`);
    await call('POST', `/model-manager/models/${slug}/versions/1/submit`, token, {
      data: { comment: 'please look' },
    });
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows who and when, the artifact, its classes and its status history', async () => {
    await page.goto(pluginUrl(`/models/${slug}`));
    await page.getByTestId('version-link-1').click();
    await page.waitForURL(`**/models/${slug}/versions/1`);
    await page.getByRole('heading', { name: `${slug} v1`, level: 1 }).waitFor();

    const details = (await call('GET', `/model-manager/models/${slug}/versions/1`, token)).body
      .data;
    expect(await page.getByTestId('version-hash').textContent()).toContain(details.artifactHash);
    expect(await page.getByTestId('version-classes').textContent()).toContain('blue, red');
    const history = page.getByTestId('audit-timeline');
    await history.getByText('Submitted for review').waitFor();
    expect(await history.textContent()).toContain('Created');
    await page.getByText('fixture.onnx').waitFor(); // lineage: the uploaded file
    await screenshot(page, 'version-01-page');
  });

  it('saves edited notes', async () => {
    const notes = page.getByLabel('Notes', { exact: true });
    await notes.fill('tuned on the debates, second thoughts');
    const [response] = await Promise.all([
      page.waitForResponse(
        (res) => res.request().method() === 'PUT' && res.url().endsWith(`/versions/1/notes`)
      ),
      page.getByRole('button', { name: 'Save notes' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(
      (await call('GET', `/model-manager/models/${slug}/versions/1`, token)).body.data.notes
    ).toBe('tuned on the debates, second thoughts');
  });

  it('downloads the artifact byte for byte', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .onnx' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${slug}-v1.onnx`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(chunks), bytes)).toBe(0);
  });
});
