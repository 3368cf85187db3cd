import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  call,
  FIRST_ADMIN,
  giveFeedback,
  trainingExamples,
  unique,
  APP_URL,
  FOREIGN_MODEL,
} from './helpers/app';
import { eventually, launch, loginAs, pluginUrl } from './helpers/browser';

/**
 * Screenshot tour of compare, training, feedback and playground (docs/screenshots/<prefix>-*.png), at 1440
 * and 900 px wide. Each page must render its main element, so a broken page fails the tour.
 */
const PREFIX = process.env.TOUR_PREFIX ?? 'after';
const OUT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

async function shot(page: Page, name: string) {
  fs.mkdirSync(OUT, { recursive: true });
  for (const width of [1440, 900]) {
    await page.setViewportSize({ width, height: 1000 });
    // The admin scrolls inside its layout: stretch the viewport to the content for the shot.
    const hidden = await page.evaluate(() =>
      Math.max(
        0,
        ...Array.from(document.querySelectorAll('div, main'))
          .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
          .map((el) => el.scrollHeight - el.clientHeight)
      )
    );
    await page.setViewportSize({ width, height: Math.min(1000 + hidden, 5000) });
    await page.screenshot({
      path: path.join(OUT, `${PREFIX}-${name}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

describe('compare, training, feedback and playground: a screenshot tour with checks', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const one = unique('tour-one');
  const two = unique('tour-two');
  const bayes = unique('tour-bayes');

  async function trained(slug: string, algorithm: string) {
    const run = await call('POST', `/model-manager/models/${slug}/training-runs`, token, {
      data: { algorithm, minDf: 1 },
    });
    await eventually(async () => {
      const res = await call(
        'GET',
        `/model-manager/training-runs/${run.body.data.documentId}`,
        token
      );
      if (!['succeeded', 'failed'].includes(res.body.data.status))
        throw new Error('still training');
    }, 240_000);
  }

  async function upload(slug: string) {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(FOREIGN_MODEL)]), 'sklearn_tfidf_lr.onnx');
    const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status}`);
  }

  beforeAll(async () => {
    browser = await launch();
    token = await adminToken(FIRST_ADMIN);
    for (const slug of [one, two]) {
      await call('POST', '/model-manager/models', token, {
        data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'holdout' },
      });
      await upload(slug);
    }
    await giveFeedback(token, two, trainingExamples(30));
    // The evaluation set, through the import route: compare then has flips to count.
    const holdout = trainingExamples(20, 'partisan/holdout.jsonl').map((row, i) => ({
      line: i + 1,
      ...row,
    }));
    const imported = await call('POST', `/model-manager/models/${two}/feedback/import`, token, {
      data: { dataset: 'holdout', rows: holdout },
    });
    if (imported.status !== 200) throw new Error(`import failed: ${imported.status}`);
    await trained(two, 'logistic-regression');
    await call('POST', '/model-manager/models', token, {
      data: { name: bayes, slug: bayes, labels: ['blue', 'red'] },
    });
    await giveFeedback(token, bayes, trainingExamples(30));
    await trained(bayes, 'naive-bayes');
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('compare with a single version says there is nothing to compare', async () => {
    await page.goto(pluginUrl(`/models/${one}/compare`));
    await page.getByText('there is nothing to compare it with yet', { exact: false }).waitFor();
    await shot(page, 'compare-single');
  });

  it('a finished logistic-regression run shows its loss chart, starter, duration and a link to its version page', async () => {
    await page.goto(pluginUrl(`/models/${two}/training`));
    await page.locator('table').getByText('Ada Lovelace', { exact: true }).first().click();
    const run = page.getByTestId('training-run');
    await run.getByTestId('loss-chart').waitFor();
    await run.getByTestId('training-version-link').waitFor();
    expect(await run.getByTestId('training-started-by').textContent()).toContain('Ada Lovelace');
    expect(await run.getByTestId('training-duration').textContent()).toMatch(/took \d/);
    await shot(page, 'training-run');

    await run.getByTestId('training-version-link').click();
    await page.waitForURL(`**/models/${two}/versions/2`);
    await page.getByRole('heading', { name: `${two} v2`, level: 1 }).waitFor();
  });

  it('a naive Bayes run says it has no loss curve instead of drawing an empty one', async () => {
    await page.goto(pluginUrl(`/models/${bayes}/training`));
    await page.locator('table').getByText('Ada Lovelace', { exact: true }).first().click();
    const run = page.getByTestId('training-run');

    await run.getByText('Naive Bayes counts in one pass: no loss curve.').waitFor();
    await run.getByTestId('training-version-link').waitFor();
    expect(await run.getByTestId('loss-chart').count()).toBe(0);
  });

  it('compare, training, feedback and playground of a trained model', async () => {
    for (const tab of ['compare', 'training', 'feedback', 'playground']) {
      await page.goto(
        pluginUrl(`/models/${two}/${tab}${tab === 'compare' ? '?candidate=2&baseline=1' : ''}`)
      );
      await page.getByRole('tabpanel').waitFor();
      await page.waitForLoadState('networkidle');
      if (tab === 'playground') {
        await page
          .locator('textarea')
          .fill(
            'We must secure the border and cut taxes for working families, supercalifragilisticexpialidociousunbreakablewordthatgoesonandon.'
          );
        await page.getByRole('button', { name: /predict/i }).click();
        await page.getByTestId('prediction').waitFor();
        await page.getByTestId('weight-legend').getByText('log-odds', { exact: false }).waitFor();
      }
      if (tab === 'compare')
        await page
          .getByTestId('flip-counts')
          .or(page.getByText('give every evaluation example the same label'))
          .first()
          .waitFor();
      await shot(page, tab);
    }
  });
});
