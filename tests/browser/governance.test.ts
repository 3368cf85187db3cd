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
import { launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

/**
 * The promotion gate and the Content Manager, in a real browser. The model's evaluation set is
 * the feedback given below ("care" texts blue, "wall" texts red); the fixtures answer by those
 * words, and an inverted one answers the opposite: worse than the champion on every metric.
 */
describe('promotion gate and Content Manager', () => {
  let browser: Browser;
  let adaToken: string;
  let graceToken: string;
  let grace: Page;
  const slug = unique('gated');
  const ROWS = 10;

  const upload = (bytes: Buffer) => uploadAs(adaToken, slug, bytes);
  const step = (token: string, number: number, action: string, data?: Record<string, unknown>) =>
    stepAs(token, slug, number, action, data);

  const row = (page: Page, number: number) => page.getByTestId(`version-row-${number}`);

  beforeAll(async () => {
    browser = await launch();
    adaToken = await adminToken(FIRST_ADMIN);
    const role = await createRole(adaToken, unique('Gate reviewer'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const graceCredentials = await inviteAdmin(adaToken, 'Grace', [role]);
    graceToken = await adminToken(graceCredentials);
    grace = (await loginAs(browser, graceCredentials)).page;
    // the admin's feedback lands in the dataset "feedback": the evaluation set of this model
    const created = await call('POST', '/model-manager/models', adaToken, {
      data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'feedback' },
    });
    if (created.status !== 201)
      throw new Error(`model: ${created.status} ${JSON.stringify(created.body)}`);
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
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the author the gate in the Submit dialog before the version goes to review', async () => {
    const { page } = await loginAs(browser, FIRST_ADMIN);
    await page.goto(pluginUrl(`/models/${slug}`));
    await row(page, 2).locator('[data-status="candidate"]').waitFor();
    await row(page, 2).getByRole('button', { name: 'Submit for review' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('gate-verdict').waitFor();

    expect(await dialog.getByTestId('gate-verdict').getAttribute('data-passes')).toBe('false');
    expect(await dialog.getByTestId('gate-violation').count()).toBeGreaterThan(0);
    await screenshot(page, 'gate-00-submit-dialog');
    await dialog.getByRole('button', { name: 'Submit for review' }).click();
    await row(page, 2).locator('[data-status="in_review"]').waitFor();
  });

  it('shows the reviewer the gate in the list and in the Approve dialog: figures, policy, violations in words', async () => {
    const check = await call(
      'GET',
      `/model-manager/models/${slug}/versions/2/promotion-check`,
      graceToken
    );
    const violations = check.body.data.violations as Array<{ metric?: string }>;
    expect(violations.map((v) => v.metric)).toContain('macroF1');

    await grace.goto(pluginUrl(`/models/${slug}`));
    await row(grace, 2).locator('[data-status="in_review"]').waitFor();
    const badge = row(grace, 2).getByTestId('gate-badge');
    expect(await badge.getAttribute('data-violations')).toBe(String(violations.length));
    expect(await badge.textContent()).toBe(`${violations.length} violations`);
    expect(await row(grace, 1).getByTestId('gate-badge').count()).toBe(0); // production is not judged
    await screenshot(grace, 'gate-00-list-badge');

    await row(grace, 2).getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = grace.getByRole('dialog');
    const verdict = dialog.getByTestId('gate-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-passes')).toBe('false');
    expect(await dialog.getByTestId('gate-accuracy').textContent()).toContain('\u2212100.0 pt');
    expect(await dialog.getByTestId('gate-policy').textContent()).toContain('Macro-F1 0.2 pt');
    const lines = await dialog.getByTestId('gate-violation').allTextContents();
    expect(lines).toHaveLength(violations.length);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Macro-F1 drops [\d.]+ pt against production: .* \(the largest drop allowed is 0\.2 pt\)\.$/
      )
    );
    expect(lines.join(' ')).not.toMatch(/macroF1|max-metric-drop/); // human names only
    await dialog.getByRole('button', { name: 'Open in Compare' }).waitFor();
    await screenshot(grace, 'gate-00-approve-dialog');

    const [response] = await Promise.all([
      grace.waitForResponse(
        (res) =>
          res.request().method() === 'POST' &&
          res.url().endsWith(`/models/${slug}/versions/2/approve`)
      ),
      dialog.getByRole('button', { name: 'Approve', exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    await row(grace, 2).locator('[data-status="approved"]').waitFor();
  });

  it('refuses to promote a worse version without a reason, then promotes it with one, and the audit shows the reason', async () => {
    await grace.goto(pluginUrl(`/models/${slug}`));
    await row(grace, 2).locator('[data-status="approved"]').waitFor();
    await row(grace, 2).getByRole('button', { name: 'Promote', exact: true }).click();
    const dialog = grace.getByRole('dialog');
    const verdict = dialog.getByTestId('gate-verdict');
    await verdict.waitFor();

    expect(await verdict.getAttribute('data-passes')).toBe('false');
    expect(await dialog.getByTestId('gate-accuracy').textContent()).toContain('\u2212100.0 pt'); // the admin's one delta formatter: signed points, a real minus
    expect(await dialog.getByTestId('gate-flips').textContent()).toContain(
      `production right ${ROWS}`
    );
    const confirm = dialog.getByRole('button', { name: 'Promote', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await screenshot(grace, 'gate-01-refused-without-reason');

    const reason = 'Inverted on purpose for the demo of the gate';
    await dialog.getByLabel('Reason for promoting anyway').fill(reason);
    expect(await confirm.isDisabled()).toBe(false);
    await screenshot(grace, 'gate-02-reason-given');
    const [response] = await Promise.all([
      grace.waitForResponse(
        (res) =>
          res.request().method() === 'POST' &&
          res.url().endsWith(`/models/${slug}/versions/2/promote`)
      ),
      confirm.click(),
    ]);
    expect(response.status()).toBe(200);
    await row(grace, 2).locator('[data-status="production"]').waitFor();

    await grace.getByRole('tab', { name: 'Audit' }).click();
    const timeline = grace.getByTestId('audit-timeline');
    await timeline.getByText(reason, { exact: false }).first().waitFor();
    expect(await timeline.textContent()).toContain('Promotion policy overridden (max-metric-drop)');
    await screenshot(grace, 'gate-03-audit-reason');
  });

  it('offers Roll back now that an earlier version served, naming the version that will serve', async () => {
    await grace.goto(pluginUrl(`/models/${slug}`));
    await grace.getByRole('button', { name: 'Roll back' }).click();
    await grace.getByRole('alertdialog').getByText('v2 is archived and v1 serves again.').waitFor();
    await screenshot(grace, 'gate-04-rollback-dialog');
    await grace.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('lists the versions in the Content Manager by title with each real lifecycle stage', async () => {
    const { page } = await loginAs(browser, FIRST_ADMIN);
    const third = await upload(textClassifierOnnx({ strength: 3 }));
    await page.goto(
      `${APP_URL}/admin/content-manager/collection-types/plugin::model-manager.model-version?page=1&pageSize=100&sort=id:DESC`
    );
    const rowOf = (number: number) =>
      page.getByRole('row').filter({ hasText: `${slug} v${number}` });
    await rowOf(third).waitFor();

    // each row says the state the plugin's own API reports, whatever the earlier tests left
    const versions = (await call('GET', `/model-manager/models/${slug}/versions`, adaToken)).body
      .data as Array<{ number: number; status: string }>;
    for (const v of versions) expect(await rowOf(v.number).textContent()).toContain(v.status);
    expect(new Set(versions.map((v) => v.status)).size).toBe(3); // archived, production, candidate
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: slug })
        .getByText('Published', { exact: true })
        .count()
    ).toBe(0);
    // versions come from uploads and training only: no creation by hand (articles still offer it)
    expect(await page.getByText('Create new entry').count()).toBe(0);
    await screenshot(page, 'cm-01-versions-list');
    await page.goto(`${APP_URL}/admin/content-manager/collection-types/api::article.article`);
    await page.getByText('Create new entry').first().waitFor();
  });
});
