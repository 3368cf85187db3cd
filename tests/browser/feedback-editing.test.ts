import type { Browser, Page } from 'playwright-core';
import { adminToken, call, FIRST_ADMIN, giveFeedback, unique } from './helpers/app';
import { eventually, launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

/** An editor relabels, deletes and imports in the feedback tab; the server holds what the page shows. */
describe('feedback editing in the admin', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('feedback-edit');
  const entries = async (query = '') =>
    (await call('GET', `/model-manager/models/${slug}/feedback${query}`, token)).body;

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    await call('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'] },
    });
    await giveFeedback(token, slug, [
      { text: 'Build the wall along the whole border.', label: 'blue' },
    ]);
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('relabels an entry from its row, and the server keeps the new label', async () => {
    const [entry] = (await entries()).data;
    await page.goto(pluginUrl(`/models/${slug}/feedback`));
    const row = page.getByTestId(`feedback-row-${entry.documentId}`);
    await row.getByText('Ada Lovelace').waitFor();

    await row.getByRole('combobox', { name: 'Relabel' }).click();
    await page.getByRole('option', { name: 'red' }).click();

    await eventually(async () => expect((await entries()).data[0].label).toBe('red'));
    await page.getByText('Relabelled as red').waitFor();
    await screenshot(page, '30-feedback-relabelled');
  });

  it('deletes an entry with a reason, and the audit tab shows the reason', async () => {
    await giveFeedback(token, slug, [
      { text: 'Raise the minimum wage to fifteen dollars.', label: 'red' },
    ]);
    const doomed = (await entries()).data.find((e: { text: string }) =>
      e.text.startsWith('Raise the minimum wage')
    );
    await page.goto(pluginUrl(`/models/${slug}/feedback`));
    const row = page.getByTestId(`feedback-row-${doomed.documentId}`);

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel('Reason (optional)').fill('a test sentence, not a reader');
    await dialog.getByRole('button', { name: 'Delete' }).click();

    await page.getByText('Feedback deleted').waitFor();
    await eventually(async () =>
      expect((await entries()).data.map((e: { documentId: string }) => e.documentId)).not.toContain(
        doomed.documentId
      )
    );
    await page.getByRole('tab', { name: 'Audit' }).click();
    await page
      .getByTestId('audit-timeline')
      .getByText('a test sentence, not a reader', { exact: false })
      .waitFor();
  });

  it('lists the bad lines of a file and sends nothing', async () => {
    await page.goto(pluginUrl(`/models/${slug}/feedback`));
    const lines = [
      '{"text":"fine","label":"red"}',
      'not json',
      '{"text":"x","label":"green"}',
    ].join('\n');

    await page.getByTestId('feedback-import-file').setInputFiles({
      name: 'bad.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines),
    });

    const errors = page.getByTestId('feedback-import-errors');
    await errors.getByText('line 2: not valid JSON').waitFor();
    await errors.getByText('line 3: "label" must be one of blue, red').waitFor();
    expect((await entries()).meta.pagination.total).toBe(1);
  });

  it('imports a CSV file of 450 rows in chunks, and every row arrives', async () => {
    await page.goto(pluginUrl(`/models/${slug}/feedback`));
    const csv = [
      'text,label',
      ...Array.from(
        { length: 450 },
        (_, i) => `"Imported utterance number ${i}, about taxes",${i % 2 ? 'red' : 'blue'}`
      ),
    ].join('\n');
    await page.getByRole('textbox', { name: 'Dataset' }).fill('newsroom');

    await page
      .getByTestId('feedback-import-file')
      .setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import 450 rows' }).click();

    await page
      .getByTestId('feedback-import-result')
      .getByText('450 new rows in “newsroom”', { exact: false })
      .waitFor();
    expect((await entries('?dataset=newsroom')).meta.pagination.total).toBe(450);
    await screenshot(page, '31-feedback-imported');
  });

  it('pages through the entries with Strapi’s pagination, page by page as the API answers', async () => {
    await page.goto(pluginUrl(`/models/${slug}/feedback`));
    const pages = page.getByRole('navigation', { name: 'Pagination' });
    const second = (await entries('?page=2&pageSize=25')).data[0];

    await pages.getByRole('button', { name: 'Go to page 2' }).click();

    await page.getByTestId(`feedback-row-${second.documentId}`).waitFor();
    expect(
      await pages.getByRole('button', { name: 'Go to page 2' }).getAttribute('aria-current')
    ).toBe('true');
    await pages.getByRole('button', { name: 'Go to previous page' }).click();
    await page
      .getByTestId(`feedback-row-${(await entries('?page=1&pageSize=25')).data[0].documentId}`)
      .waitFor();
  });

  it('at 900 px wide the table fits the page; a long text is cut to three lines, whole on hover and on Show all', async () => {
    const long =
      `A long answer from the debates. ${'We will bring back the jobs and fix the roads and the bridges, and we will do it together. '.repeat(8)}`.trim();
    await giveFeedback(token, slug, [{ text: long, label: 'blue' }]);
    const entry = (await entries(`?q=${encodeURIComponent('A long answer from the debates')}`))
      .data[0];
    await page.setViewportSize({ width: 900, height: 1000 });
    try {
      await page.goto(pluginUrl(`/models/${slug}/feedback`));
      await page.getByRole('searchbox', { name: 'Search' }).fill('A long answer from the debates');
      const text = page.getByTestId(`feedback-row-${entry.documentId}`).getByTestId('clamped-text');
      await text.waitFor();

      expect(await text.getAttribute('title')).toBe(long);
      const cut = await text.evaluate((el) => ({ shown: el.clientHeight, whole: el.scrollHeight }));
      expect(cut.whole).toBeGreaterThan(cut.shown);
      const overflow = await page.evaluate(() =>
        [document.documentElement, document.querySelector('main')].map((el) =>
          el ? el.scrollWidth - el.clientWidth : 0
        )
      );
      expect(overflow).toEqual([0, 0]);
      // nor does the table itself hide its last column behind a sideways scroll
      const del = (await page
        .getByTestId(`feedback-row-${entry.documentId}`)
        .getByRole('button', { name: 'Delete' })
        .boundingBox())!;
      expect(del.x + del.width).toBeLessThanOrEqual(900);
      await screenshot(page, '32-feedback-900');

      await page
        .getByTestId(`feedback-row-${entry.documentId}`)
        .getByRole('button', { name: 'Show all' })
        .click();
      await eventually(async () => {
        const open = await text.evaluate((el) => el.scrollHeight - el.clientHeight);
        expect(open).toBe(0);
      });
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
  });
});
