import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import {
  adminToken,
  APP_URL,
  call,
  createRole,
  FIRST_ADMIN,
  inviteAdmin,
  stepAs,
  unique,
  uploadAs,
} from './helpers/app';
import { launch, loginAs, pluginUrl } from './helpers/browser';
import { registerReader } from './helpers/reader';

/** Before/after shots of each screen at two widths; outside the repository (MM_SHOTS_DIR). */
const SHOTS =
  process.env.MM_SHOTS_DIR ?? path.resolve(__dirname, '..', '..', 'test-output', 'shots');
const PHASE = process.env.MM_SHOTS_PHASE ?? 'after';
async function shots(page: Page, name: string, settle?: () => Promise<unknown>) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 900]) {
    await page.setViewportSize({ width, height: 900 });
    await settle?.();
    await page.screenshot({ path: path.join(SHOTS, `${PHASE}-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/**
 * The screens where the next decision is made: Compare says its verdict and offers the next step,
 * the version page carries the lifecycle actions and its links, Promote is a wide dialog with one
 * text box. The evaluation set is the feedback below ("care" blue, "wall" red); the inverted
 * fixture answers the opposite, so it is worse than the champion on every metric.
 */
describe('screens that lead to the next decision', () => {
  let browser: Browser;
  let adaToken: string;
  let graceToken: string;
  let ada: Page;
  let grace: Page;
  const slug = unique('decide');
  const collective = unique('experts');
  const ROWS = 10;

  const upload = (bytes: Buffer) => uploadAs(adaToken, slug, bytes);
  const step = (token: string, number: number, action: string, data?: Record<string, unknown>) =>
    stepAs(token, slug, number, action, data);

  beforeAll(async () => {
    browser = await launch();
    adaToken = await adminToken(FIRST_ADMIN);
    const role = await createRole(adaToken, unique('Decider'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const graceCredentials = await inviteAdmin(adaToken, 'Grace', [role]);
    graceToken = await adminToken(graceCredentials);
    const created = await call('POST', '/model-manager/models', adaToken, {
      data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'feedback' },
    });
    if (created.status !== 201) throw new Error(`model: ${created.status}`);
    for (let i = 0; i < ROWS; i += 1) {
      const data =
        i % 2
          ? { text: `build the wall ${i}`, label: 'red' }
          : { text: `we care ${i}`, label: 'blue' };
      await call('POST', `/model-manager/models/${slug}/feedback`, adaToken, { data });
    }
    const champion = await upload(textClassifierOnnx({ strength: 2 }));
    await step(adaToken, champion, 'submit');
    await step(graceToken, champion, 'approve');
    await step(graceToken, champion, 'promote');
    await upload(textClassifierOnnx({ strength: -2 }));
    const members = [await registerReader('expert'), await registerReader('colleague')];
    const made = await call('POST', '/model-manager/collective-models', adaToken, {
      data: {
        name: collective,
        slug: collective,
        baseModel: slug,
        members: members.map((m) => m.id),
      },
    });
    if (made.status !== 201)
      throw new Error(`collective: ${made.status} ${JSON.stringify(made.body)}`);
    ada = (await loginAs(browser, FIRST_ADMIN)).page;
    grace = (await loginAs(browser, graceCredentials)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('Compare says in one line that the candidate is worse and offers its next step, Submit', async () => {
    await ada.goto(pluginUrl(`/models/${slug}/compare?candidate=2`));
    await ada.getByText('Metrics on the same evaluation set').waitFor();
    await shots(ada, 'compare');

    const verdict = ada.getByTestId('compare-verdict');
    expect(await verdict.textContent()).toMatch(
      /^v2 is worse than v1 .*the promotion policy is not met/
    );
    expect(await verdict.getAttribute('data-tone')).toBe('worse');
    await verdict.getByRole('button', { name: 'Submit for review' }).click();
    const dialog = ada.getByRole('dialog');
    await dialog.getByTestId('gate-verdict').waitFor();
    await dialog.getByRole('button', { name: 'Submit for review' }).click();
    // the page follows: the next step is now the reviewer's, which Ada (the author) may not take
    await verdict.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await verdict.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
  });

  it('the version page has the lifecycle actions and links its evaluation data and Compare', async () => {
    await grace.goto(pluginUrl(`/models/${slug}/versions/2`));
    await grace.getByRole('heading', { name: `${slug} v2`, level: 1 }).waitFor();
    await shots(grace, 'version-page');

    const actions = grace.getByTestId('version-actions');
    await actions.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await actions.getByRole('button', { name: 'Reject' }).waitFor();
    const data = grace.getByRole('link', { name: 'feedback' });
    expect(await data.getAttribute('href')).toMatch(new RegExp(`/models/${slug}/feedback$`));
    await grace.getByRole('link', { name: 'Compare with production (v1)' }).click();
    await grace.waitForURL(`**/models/${slug}/compare?candidate=2`);
    await grace.getByTestId('compare-verdict').waitFor();
  });

  it('Promote is a wide dialog with human metric names, one text box and no inner scrollbar', async () => {
    await step(graceToken, 2, 'approve');
    await grace.goto(pluginUrl(`/models/${slug}/versions/2`));
    await grace
      .getByTestId('version-actions')
      .getByRole('button', { name: 'Promote', exact: true })
      .click();
    const dialog = grace.getByRole('dialog');
    await dialog.getByTestId('gate-verdict').waitFor();
    await shots(grace, 'promote-dialog', () => dialog.getByTestId('gate-verdict').waitFor());

    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeGreaterThan(800);
    expect(await dialog.textContent()).not.toMatch(/macroF1|max-metric-drop/);
    expect(await dialog.getByRole('textbox').count()).toBe(1);
    await grace.setViewportSize({ width: 900, height: 900 });
    const scrolling = await dialog.evaluate(
      (root) =>
        [root, ...Array.from(root.querySelectorAll('*'))].filter(
          (el) =>
            ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) &&
            el.scrollHeight > el.clientHeight + 1
        ).length
    );
    expect(scrolling).toBe(0);
    await grace.setViewportSize({ width: 1440, height: 900 });
    // what the reviewer saw when approving: the same rules, approved by Grace herself
    expect(await dialog.getByTestId('gate-reviewed').textContent()).toMatch(/Grace.*saw/);

    const confirm = dialog.getByRole('button', { name: 'Promote', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog
      .getByLabel('Reason for promoting anyway')
      .fill('The set is ten rows; judged by hand');
    const [response] = await Promise.all([
      grace.waitForResponse(
        (res) => res.request().method() === 'POST' && res.url().endsWith('/versions/2/promote')
      ),
      confirm.click(),
    ]);
    expect(response.status()).toBe(200);
    const audit = await call('GET', `/model-manager/models/${slug}/audit`, graceToken);
    const promoted = (audit.body.data as Array<{ action: string; comment: string }>).find(
      (e) => e.action === 'promote' && (e as { versionNumber?: number }).versionNumber === 2
    );
    expect(promoted?.comment).toMatch(/: The set is ten rows; judged by hand · the promoter/);
  });

  it("the base model's Readers tab lists its collective, and the collective's page says what it has and when it can train", async () => {
    await ada.goto(pluginUrl(`/models/${slug}/readers`));
    const row = ada.getByTestId(`collective-row-${collective}`);
    await row.waitFor();
    await shots(ada, 'readers-tab', () => row.scrollIntoViewIfNeeded());
    expect(await row.getByTestId('collective-labels').textContent()).toBe('0 on 0 texts');
    expect(await row.getByTestId('collective-readiness').textContent()).toMatch(
      /^Not yet: 0 of \d+ rows$/
    );
    expect(await row.getByRole('link', { name: 'Train' }).getAttribute('aria-disabled')).toBe(
      'true'
    );

    await row.getByRole('link', { name: collective }).click();
    await ada.waitForURL(`**/models/${collective}/readers`);
    await ada.getByRole('tab', { name: 'Versions' }).click();
    const start = ada.getByTestId('collective-start');
    await start.waitFor();
    await shots(ada, 'collective-page');
    expect(await start.textContent()).toMatch(
      /No version yet\. 2 members have given 0 labels on 0 texts .*Training needs \d+ rows and has 0/
    );
    expect(await start.getByRole('button', { name: 'Train it' }).isDisabled()).toBe(true);
  });

  it('the training form says a parameter out of range under the field, before anything is sent', async () => {
    await ada.goto(pluginUrl(`/models/${slug}/training`));
    const minDf = ada.getByLabel('Minimum document frequency');
    await minDf.fill('150');
    await ada.getByText('At most 100.').waitFor();
    await shots(ada, 'training-form');
    expect(await ada.getByRole('button', { name: 'Start training' }).isDisabled()).toBe(true);
    expect(await ada.getByLabel('C (inverse regularisation)').count()).toBe(0); // naive Bayes has no C
    await minDf.fill('3');
    await ada.getByText('At most 100.').waitFor({ state: 'detached' });
  });

  it('the Content Manager edit view of a model offers only what Save accepts, with human labels', async () => {
    const model = (await call('GET', `/model-manager/models/${slug}`, adaToken)).body.data;
    await ada.goto(
      `${APP_URL}/admin/content-manager/collection-types/plugin::model-manager.model/${model.documentId}`
    );
    await ada.getByText('Evaluation set', { exact: true }).waitFor();
    await shots(ada, 'cm-model-edit');
    for (const field of ['members', 'versions', 'owner', 'baseModel', 'evaluationDataset'])
      expect(await ada.getByText(field, { exact: true }).count()).toBe(0);
    expect(await ada.locator('input[name="slug"]').isDisabled()).toBe(true);
  });
});
