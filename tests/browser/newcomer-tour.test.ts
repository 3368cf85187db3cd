import type { Browser, Page } from 'playwright-core';
import { DEMO_REVIEWER_LOGIN } from '../../src/demo/seed';
import { eventually, launch, loginAs, pluginUrl, screenshot, WAIT } from './helpers/browser';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freshDatabase } = require('../helpers/database');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStrapi } = require('./helpers/strapi-process');

/**
 * The newcomer's first hour, as the README tells it: `npm run demo` on an EMPTY database (its own app
 * and database, not the suite's, whose global setup has registered an admin already), the first admin
 * created through Strapi's registration form, then train → submit → approve as the demo's reviewer
 * (with the promotion figures in the dialog) → promote → roll back, and the reader page on a phone.
 * A screenshot per step goes to TOUR_SHOTS_DIR (default /tmp/mm-tour-shots); the README's tour uses them.
 */
const OUT = process.env.TOUR_SHOTS_DIR ?? '/tmp/mm-tour-shots';
const SLUG = 'partisan';
const NEWCOMER = {
  firstname: 'Nora',
  lastname: 'Newcomer',
  email: 'nora@example.test',
  password: 'Newcomer-pass-1',
};

interface App {
  url: string;
  output: string[];
  stop: () => Promise<void>;
}

describe("the newcomer's tour, from an empty database to the reader page", () => {
  let app: App;
  let database: { env: Record<string, string>; drop: () => Promise<void> };
  let browser: Browser;
  let nora: Page; // the newcomer, Super Admin once registered
  let rita: Page; // the demo's reviewer: read, review, deploy
  let trained = 0; // the version Nora trains
  // The steps tell one story: once one fails, the later ones fail at once instead of timing out.
  let broken: string | null = null;
  const step = (title: string, body: () => Promise<void>, timeout?: number) =>
    it(
      title,
      async () => {
        if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
        try {
          await body();
        } catch (error) {
          broken = title;
          throw error;
        }
      },
      timeout
    );
  const shot = (page: Page, name: string) => screenshot(page, name, OUT);
  /** What a newcomer does first: close Strapi's own "new Media Library" banner (kept closed per browser). */
  async function closeStrapiBanner(page: Page) {
    const close = page.getByRole('button', { name: /Close the banner/ });
    await close.click();
    await close.waitFor({ state: 'detached' });
  }
  const row = (page: Page, number: number) => page.getByTestId(`version-row-${number}`);
  const waitForStatus = (page: Page, number: number, status: string) =>
    row(page, number)
      .locator(`[data-status="${status}"]`)
      .waitFor({ timeout: 2 * WAIT });

  beforeAll(async () => {
    database = await freshDatabase('tour');
    // What `npm run demo` does (scripts/demo.js): strapi start with the demo's seeding on, logs at warn.
    app = await startStrapi({ ...database.env, MODEL_MANAGER_DEMO: 'true' });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  step(
    'seeds the demo and says it is ready, leaving the first account to the newcomer',
    async () => {
      // The demo imports 5,663 debate rows and trains before it prints its ready lines: a guard, not a timing.
      const ready = await eventually(async () => {
        const text = app.output.join('');
        if (/\[demo\] .*(error|failed)/i.test(text)) throw new Error(text); // reported below
        if (!text.includes('Partisan Discourse is ready')) throw new Error('still seeding');
        return text;
      }, 840_000).catch((error: Error) => {
        throw new Error(`the demo did not get ready:\n${error.message}\n${app.output.join('')}`);
      });
      expect(ready).toMatch(/the first account you create there is the Super Admin/);
      const init = await (await fetch(`${app.url}/admin/init`)).json();
      expect(init.data.hasAdmin).toBe(false);
    },
    900_000
  );

  step('creates the first admin through the registration form', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    nora = await context.newPage();
    await nora.goto(`${app.url}/admin`);
    await nora.waitForURL('**/admin/auth/register-admin');
    for (const [name, value] of Object.entries({
      ...NEWCOMER,
      confirmPassword: NEWCOMER.password,
    }))
      await nora.locator(`input[name="${name}"]`).fill(value);
    await shot(nora, '01-register');
    await nora.getByRole('button', { name: "Let's start" }).click();
    await nora.waitForURL((url) => !url.pathname.includes('/auth/'));
    await closeStrapiBanner(nora);
    // the reviewer follows the first admin (src/demo/seed.ts): she can log in now
    await eventually(async () => {
      const res = await fetch(`${app.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_REVIEWER_LOGIN),
      });
      expect(res.status).toBe(200);
    });
  });

  step(
    'trains a new version from the Training tab and watches it finish',
    async () => {
      await nora.goto(pluginUrl(`/models/${SLUG}`, app.url));
      await waitForStatus(nora, 1, 'production'); // the demo's first version serves
      await nora.getByRole('tab', { name: 'Training' }).click();
      await nora.getByTestId('training-data').waitFor();
      await nora.getByLabel('Notes').fill('My first version: the defaults, trained from the admin');
      const [response] = await Promise.all([
        nora.waitForResponse(
          (res) =>
            res.request().method() === 'POST' && res.url().endsWith(`/models/${SLUG}/training-runs`)
        ),
        nora.getByRole('button', { name: 'Start training' }).click(),
      ]);
      expect(response.status()).toBe(202);
      const run = nora.getByTestId('training-run');
      await run
        .getByText(/Version v\d+ was created as a candidate\./)
        .waitFor({ timeout: 8 * WAIT });
      trained = Number(
        /v(\d+) was created/.exec((await run.textContent()) ?? '')?.[1] ?? Number.NaN
      );
      expect(trained).toBe(2);
      await shot(nora, '02-trained');
    },
    600_000
  );

  step('submits it for review, with the figures against production in the dialog', async () => {
    await nora.getByRole('tab', { name: 'Versions' }).click();
    await waitForStatus(nora, trained, 'candidate');
    await row(nora, trained)
      .getByRole('button', { name: 'Submit for review', exact: true })
      .click();
    const dialog = nora.getByRole('dialog');
    await dialog.getByTestId('gate-verdict').waitFor({ timeout: 2 * WAIT });
    await dialog.getByLabel('Comment').fill('Trained with the defaults; please review');
    await shot(nora, '03-submit');
    await dialog.getByRole('button', { name: 'Submit for review', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(nora, trained, 'in_review');
    // four-eyes: the author may not approve her own version
    expect(
      await row(nora, trained)
        .getByRole('button', { name: 'Approve', exact: true })
        .getAttribute('data-reason')
    ).toBe('actions.why.fourEyes');
  });

  step('lets the demo reviewer approve it, seeing the figures first', async () => {
    rita = (await loginAs(browser, DEMO_REVIEWER_LOGIN, app.url)).page;
    await closeStrapiBanner(rita);
    await rita.goto(pluginUrl(`/models/${SLUG}`, app.url));
    await waitForStatus(rita, trained, 'in_review');
    await row(rita, trained).getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = rita.getByRole('dialog');
    const gate = dialog.getByTestId('promotion-gate');
    await gate.waitFor({ timeout: 2 * WAIT });
    // the candidate against v1 on the holdout, metric by metric, and the policy's verdict
    for (const metric of ['accuracy', 'macroF1', 'auc'])
      expect(await gate.getByTestId(`gate-${metric}`).textContent()).toMatch(/\d/);
    expect(await gate.getByTestId('gate-verdict').getAttribute('data-passes')).toMatch(
      /^(true|false)$/
    );
    await dialog.getByLabel('Comment').fill('Checked the holdout figures');
    await shot(rita, '04-approve');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(rita, trained, 'approved');
  });

  step('promotes it to production', async () => {
    await nora.reload();
    await waitForStatus(nora, trained, 'approved');
    await row(nora, trained).getByRole('button', { name: 'Promote', exact: true }).click();
    const dialog = nora.getByRole('dialog');
    const verdict = dialog.getByTestId('gate-verdict');
    await verdict.waitFor({ timeout: 2 * WAIT });
    // a version the policy does not pass is promoted only with a written, audited reason
    // one text box: the comment, or the audited reason when the policy does not pass
    if ((await verdict.getAttribute('data-passes')) === 'false')
      await dialog.getByLabel('Reason for promoting anyway').fill('The tour promotes it anyway');
    else await dialog.getByLabel('Comment').fill('Going live');
    await shot(nora, '05-promote');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(nora, trained, 'production');
    await waitForStatus(nora, 1, 'archived');
    await shot(nora, '06-promoted');
  });

  step('rolls back: v1 serves again', async () => {
    await nora.getByRole('button', { name: 'Roll back', exact: true }).click();
    const dialog = nora.getByRole('alertdialog');
    await dialog.getByText(`v${trained} is archived and v1 serves again.`).waitFor();
    await shot(nora, '07-rollback');
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(nora, 1, 'production');
    await waitForStatus(nora, trained, 'archived');
    await shot(nora, '08-rolled-back');
  });

  step("opens the reader page on a phone's width", async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(WAIT);
    const phone = await context.newPage();
    await phone.goto(`${app.url}/partisan/`);
    // the sample articles, each with the lean the production model (v1 again) gives it
    await eventually(async () =>
      expect(await phone.getByTestId('article-lean').first().textContent()).toMatch(/%/)
    );
    await phone.screenshot({ path: `${OUT}/09-reader-list.png`, fullPage: true });
    await phone.locator('a[href^="#/article/"]').first().click();
    await phone.getByTestId('highlighted-word').first().waitFor();
    await phone.screenshot({ path: `${OUT}/10-reader-article.png`, fullPage: true });
  });
});
