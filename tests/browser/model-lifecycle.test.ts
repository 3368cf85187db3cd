import type { Browser, Page, Response } from 'playwright-core';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import {
  adminToken,
  call,
  createRole,
  FIRST_ADMIN,
  FOREIGN_MODEL,
  giveFeedback,
  inviteAdmin,
  trainingExamples,
  unique,
} from './helpers/app';
import { launch, loginAs, pluginUrl, screenshot, WAIT } from './helpers/browser';

/**
 * The editors' day, in a real browser against the real app: create a model, upload a foreign ONNX
 * file, submit it, be refused approving one's own upload (four-eyes), approve and promote as a second
 * admin, try it in the playground, read the audit trail, then train a new version and watch it finish.
 * The steps build on each other, in order.
 */
describe('Model Manager admin, from upload to production and retraining', () => {
  let browser: Browser;
  let ada: Page; // Super Admin, uploads
  let grace: Page; // reviewer role: read, review, deploy
  let adaToken: string;
  const slug = unique('partisan-browser');
  const name = `Partisan browser ${slug.slice('partisan-browser-'.length)}`;
  // The steps tell one story: once one fails, the later ones fail at once instead of timing out.
  let broken: string | null = null;
  const step = (title: string, body: () => Promise<void>) =>
    it(title, async () => {
      if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
      try {
        await body();
      } catch (error) {
        broken = title;
        throw error;
      }
    });

  const row = (page: Page, number: number) => page.getByTestId(`version-row-${number}`);
  const waitForStatus = (page: Page, number: number, status: string) =>
    row(page, number).locator(`[data-status="${status}"]`).waitFor();
  const isVersionAction = (action: string) => (res: Response) =>
    res.request().method() === 'POST' && res.url().endsWith(`/models/${slug}/versions/1/${action}`);

  /** Clicks a version's action, fills the confirmation dialog's comment and confirms; answers the server's response. */
  async function act(
    page: Page,
    action: string,
    label: string,
    comment: string
  ): Promise<Response> {
    await row(page, 1).getByRole('button', { name: label, exact: true }).click();
    // a step that shows the promotion gate opens a wide dialog, the others an alert dialog
    const dialog = page.locator('[role="dialog"], [role="alertdialog"]');
    await dialog.getByLabel('Comment').fill(comment);
    const [response] = await Promise.all([
      page.waitForResponse(isVersionAction(action)),
      dialog.getByRole('button', { name: label, exact: true }).click(),
    ]);
    await dialog.waitFor({ state: 'detached' });
    return response;
  }

  beforeAll(async () => {
    browser = await launch();
    adaToken = await adminToken(FIRST_ADMIN);
    const reviewerRole = await createRole(adaToken, unique('Model reviewer'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const graceCredentials = await inviteAdmin(adaToken, 'Grace', [reviewerRole]);
    ada = (await loginAs(browser, FIRST_ADMIN)).page;
    grace = (await loginAs(browser, graceCredentials)).page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  step('creates a model with the classes blue and red from the models list', async () => {
    await ada.goto(pluginUrl());
    await ada.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await ada.getByRole('button', { name: 'Create model' }).click();
    const dialog = ada.getByRole('dialog');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Slug').fill(slug);
    await dialog.getByLabel('Classes').fill('blue, red');
    await screenshot(ada, '01-create-model');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();

    await ada.waitForURL(`**/plugins/model-manager/models/${slug}`);
    await ada.getByRole('heading', { name, level: 1 }).waitFor();
    await ada.getByText('No version yet').waitFor();
  });

  step("shows the server's own words when an upload is not a usable ONNX model", async () => {
    await ada.goto(pluginUrl(`/models/${slug}/upload`));
    await ada.getByTestId('upload-input').setInputFiles({
      name: 'broken.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is not an ONNX graph'),
    });
    const [response] = await Promise.all([
      ada.waitForResponse(
        (res) => res.request().method() === 'POST' && res.url().endsWith(`/models/${slug}/versions`)
      ),
      ada.getByRole('button', { name: 'Upload', exact: true }).click(),
    ]);
    const body = await response.json();

    expect(response.status()).toBe(400);
    const shown = ada.getByTestId('upload-error');
    await shown.waitFor();
    expect(await shown.textContent()).toBe(body.error.message);
    await screenshot(ada, '03-upload-refused');
  });

  step('uploads the foreign scikit-learn model as candidate v1', async () => {
    await ada.getByTestId('upload-input').setInputFiles(FOREIGN_MODEL);
    await ada
      .getByLabel('Notes')
      .fill('scikit-learn 1.2.1 TF-IDF + logistic regression, exported to ONNX');
    await ada.getByRole('button', { name: 'Upload', exact: true }).click();

    await ada.waitForURL(`**/models/${slug}/versions`);
    await waitForStatus(ada, 1, 'candidate');
    expect(await row(ada, 1).textContent()).toContain('Ada Lovelace');
  });

  step('submits v1 for review', async () => {
    const response = await act(
      ada,
      'submit',
      'Submit for review',
      'Foreign baseline, please review'
    );
    expect(response.status()).toBe(200);
    await waitForStatus(ada, 1, 'in_review');
  });

  step(
    'shows the uploader Approve disabled by the four-eyes rule before any typing, and the server refuses it too',
    async () => {
      const approve = row(ada, 1).getByRole('button', { name: 'Approve', exact: true });
      expect(await approve.isDisabled()).toBe(true);
      expect(await approve.getAttribute('data-reason')).toBe('actions.why.fourEyes');
      await screenshot(ada, '04-four-eyes-disabled');
      const res = await call('POST', `/model-manager/models/${slug}/versions/1/approve`, adaToken, {
        data: { comment: 'Looks fine to me' },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.details.rule).toBe('four-eyes');
      await waitForStatus(ada, 1, 'in_review');
    }
  );

  step('lets a second admin approve and promote v1', async () => {
    await grace.goto(pluginUrl(`/models/${slug}`));
    await waitForStatus(grace, 1, 'in_review');

    expect((await act(grace, 'approve', 'Approve', 'Reviewed the holdout figures')).status()).toBe(
      200
    );
    await waitForStatus(grace, 1, 'approved');
    expect((await act(grace, 'promote', 'Promote', 'Ship it')).status()).toBe(200);
    await waitForStatus(grace, 1, 'production');

    await grace.getByText('serving v1').waitFor();
    expect(await row(grace, 1).textContent()).toContain('Grace Tester');
    await screenshot(grace, '05-versions');
  });

  step('predicts in the playground and highlights the words that decided', async () => {
    await grace.getByRole('tab', { name: 'Playground' }).click();
    await grace
      .getByLabel('Text')
      .fill(
        'We will secure the border, cut taxes and bring back our jobs, while protecting Medicare for working families.'
      );
    await grace.getByRole('button', { name: 'Predict' }).click();

    const tokens = grace.getByTestId('explained-token');
    await tokens.first().waitFor();
    const weights = (await tokens.evaluateAll((spans) =>
      spans.map((span) => Number(span.getAttribute('data-weight')))
    )) as number[];
    expect(weights.length).toBeGreaterThanOrEqual(1);
    expect(weights.some((weight) => Number.isFinite(weight) && weight !== 0)).toBe(true);
    expect(await tokens.first().getAttribute('title')).toMatch(/^weight [+-]/);
    expect(['blue', 'red']).toContain(await grace.getByTestId('predicted-label').textContent());
    await grace.getByText('answered by v1').waitFor();
    await screenshot(grace, '06-playground');
  });

  step('shows every transition in the audit trail and which version served when', async () => {
    await grace.getByRole('tab', { name: 'Audit' }).click();
    const timeline = grace.getByTestId('audit-timeline');
    await timeline.getByText('Promoted').waitFor();
    const text = await timeline.textContent();
    for (const expected of [
      'Created',
      'Submitted for review',
      'Approved',
      'by Grace Tester',
      '“Ship it”',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Looks fine to me'); // the refused approval changed nothing

    await grace.getByTestId('served-at-answer').getByText('v1 was in production.').waitFor();
    // The picker's date field reads the admin's locale; its placeholder (MM/DD/YYYY in English) gives the order.
    const date = grace.getByTestId('served-at-input');
    const format = (await date.getAttribute('placeholder')) ?? '';
    expect(format).toMatch(/YYYY/);
    await date.fill('');
    await date.pressSequentially(
      format.replace('YYYY', '2001').replace('MM', '01').replace('DD', '01')
    );
    await date.press('Enter');
    await grace
      .getByTestId('served-at-answer')
      .getByText('No version was in production.')
      .waitFor();

    // The time comes from the picker's list; the whole chosen minute counts, in the browser's time zone.
    const endOfMinute = await grace.evaluate(() =>
      new Date(2001, 0, 1, 10, 30, 59, 999).toISOString()
    );
    const isAskedAt = (res: Response) =>
      res.url().includes('/served-at?') &&
      new URL(res.url()).searchParams.get('at') === endOfMinute;
    await grace.getByRole('combobox', { name: 'Time' }).click();
    const [asked] = await Promise.all([
      grace.waitForResponse(isAskedAt),
      grace.getByRole('option', { name: '10:30' }).click(),
    ]);
    expect(asked.status()).toBe(200);
    await grace
      .getByTestId('served-at-answer')
      .getByText('No version was in production.')
      .waitFor();
    await screenshot(grace, '07-audit');
  });

  it('draws the metrics of the versions on the compare tab', async () => {
    await grace.goto(pluginUrl(`/models/${slug}`));
    await grace.getByRole('tab', { name: 'Compare' }).click();
    await grace.getByText('Metrics across versions').waitFor();
    await grace.getByRole('combobox', { name: 'Candidate' }).waitFor();
    await screenshot(grace, '08-compare');
  });

  // Thirty labelled debate utterances, given by an editor over the admin API: the training data.
  let feedbackGiven: Promise<void> | null = null;
  const ensureFeedback = () =>
    (feedbackGiven ??= giveFeedback(adaToken, slug, trainingExamples(15)));

  // Not a step: the story goes on whether or not this page is right.
  it('lists the feedback with its label distribution', async () => {
    await ensureFeedback();
    await ada.goto(pluginUrl(`/models/${slug}/feedback`));
    const chart = ada.getByTestId('label-distribution');
    await chart.waitFor();
    await ada.getByText('Entries', { exact: true }).waitFor();
    await screenshot(ada, '09-feedback');
    expect(await chart.textContent()).toMatch(/blue.*red/);
    // Counts over all matching entries: 15 of each class.
    await ada.getByText('30 entries').waitFor();
    expect(await chart.textContent()).toContain('15 · 50%');
  });

  step('trains a new version and shows its progress live until it is done', async () => {
    await ensureFeedback();
    await ada.goto(pluginUrl(`/models/${slug}`));
    await ada.getByRole('tab', { name: 'Training' }).click();
    await ada.getByLabel('Minimum document frequency').fill('1');
    const [response] = await Promise.all([
      ada.waitForResponse(
        (res) =>
          res.request().method() === 'POST' && res.url().endsWith(`/models/${slug}/training-runs`)
      ),
      ada.getByRole('button', { name: 'Start training' }).click(),
    ]);
    expect(response.status()).toBe(202);

    const run = ada.getByTestId('training-run');
    await run.getByRole('progressbar').waitFor();
    await run
      .getByTestId('training-percent')
      .getByText('100%', { exact: true })
      .waitFor({ timeout: 3 * WAIT });
    await run.getByText('Version v2 was created as a candidate.').waitFor();
    await screenshot(ada, '10-training');

    await ada.getByRole('tab', { name: 'Versions' }).click();
    await waitForStatus(ada, 2, 'candidate');
    expect(await row(ada, 2).textContent()).toContain('Training');
  });

  step(
    'refuses the admin who started the training approving its version (four-eyes, over REST)',
    async () => {
      expect(
        (
          await call('POST', `/model-manager/models/${slug}/versions/2/submit`, adaToken, {
            data: {},
          })
        ).status
      ).toBe(200);
      const res = await call('POST', `/model-manager/models/${slug}/versions/2/approve`, adaToken, {
        data: {},
      });
      expect(res.status).toBe(403);
      expect(res.body.error.details.rule).toBe('four-eyes');
    }
  );

  step('lets the reviewer approve in the admin what the author trained', async () => {
    await ada.goto(pluginUrl(`/models/${slug}`));
    await waitForStatus(ada, 2, 'in_review');
    expect(
      await row(ada, 2)
        .getByRole('button', { name: 'Approve', exact: true })
        .getAttribute('data-reason')
    ).toBe('actions.why.fourEyes');

    await grace.goto(pluginUrl(`/models/${slug}`));
    await waitForStatus(grace, 2, 'in_review');
    await row(grace, 2).getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = grace.getByRole('dialog');
    await dialog.getByLabel('Comment').fill('Trained by Ada, reviewed by Grace');
    const [response] = await Promise.all([
      grace.waitForResponse(
        (res) =>
          res.request().method() === 'POST' &&
          res.url().endsWith(`/models/${slug}/versions/2/approve`)
      ),
      dialog.getByRole('button', { name: 'Approve', exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    await waitForStatus(grace, 2, 'approved');
    expect(await row(grace, 2).textContent()).toContain('Grace Tester');
    await screenshot(grace, '12-reviewer-approved-trained');
  });

  step(
    'lists the model with its production version, last training and the feedback waiting',
    async () => {
      await ada.goto(pluginUrl());
      const model = ada.locator(`[data-testid="model-row-${slug}"][data-loading="false"]`);
      await model.waitFor();
      const text = await model.textContent();
      expect(text).toContain(name);
      expect(text).toContain('v1');
      expect(text).toContain('Succeeded');
      await screenshot(ada, '02-models-list');
    }
  );
});
