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
  FOREIGN_MODEL,
  inviteAdmin,
  unique,
} from './helpers/app';
import { eventually, launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

const DOCS_SHOT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots', 'readers-tab.png');
const percent = (value: number) =>
  new Intl.NumberFormat('en', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);

async function ok(method: string, url: string, token: string | null, body?: unknown) {
  const res = await call(method, url, token, body);
  if (res.status >= 300)
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A reader signed up through Strapi's own route: predicts with their JWT, then labels what they read. */
async function reader(prefix: string): Promise<{ jwt: string; username: string }> {
  const username = unique(prefix);
  const body = await ok('POST', '/api/auth/local/register', null, {
    username,
    email: `${username}@browser.test`,
    password: 'Reader-pass-1',
  });
  return { jwt: body.jwt, username };
}

/** Issue 11, the editor's side: readers' counts, outcomes per variant with intervals, the shadow and its control. */
describe('the Readers tab', () => {
  let browser: Browser;
  let page: Page;
  let token: string;
  const slug = unique('readers-tab');
  const prefix = unique('expert');
  let usernames: string[] = [];
  const outcomes = async () =>
    (await ok('GET', `/model-manager/models/${slug}/outcomes`, token)).data;

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
    const reviewerRole = await createRole(token, unique('Readers reviewer'), [
      ACTIONS.read,
      ACTIONS.review,
      ACTIONS.deploy,
    ]);
    const reviewer = await adminToken(await inviteAdmin(token, 'Rita', [reviewerRole]));
    await ok('POST', '/model-manager/models', token, {
      data: { name: slug, slug, labels: ['blue', 'red'] },
    });
    const champion = await upload(fs.readFileSync(FOREIGN_MODEL), 'sklearn_tfidf_lr.onnx');
    await ok('POST', `/model-manager/models/${slug}/versions/${champion}/submit`, token, {
      data: {},
    });
    await ok('POST', `/model-manager/models/${slug}/versions/${champion}/approve`, reviewer, {
      data: { comment: 'readers tab test' },
    });
    await ok('POST', `/model-manager/models/${slug}/versions/${champion}/promote`, reviewer, {
      data: {},
    });
    const shadow = await upload(textClassifierOnnx({ strength: 1.5 }), 'weak.onnx');
    await upload(textClassifierOnnx({ strength: 3 }), 'strong.onnx');
    await ok('POST', `/model-manager/models/${slug}/shadow`, token, { data: { version: shadow } });

    // Two readers predict, then label what they were answered (one of them disagreeing once).
    const texts = [
      'build the wall and secure the border',
      'health care is a right for every family',
      'cut taxes for the border towns',
      'climate care now',
    ];
    const labels = [
      ['red', 'blue', 'red', 'blue'],
      ['red', 'blue', 'blue', 'blue'],
    ];
    const readers = [await reader(prefix), await reader(prefix)];
    usernames = readers.map((r) => r.username);
    const jwts = readers.map((r) => r.jwt);
    for (const jwt of jwts)
      for (const text of texts)
        await ok('POST', `/api/model-manager/models/${slug}/predict`, jwt, { text });
    // The shadow is scored after each answer went out: wait until all of them were.
    await eventually(async () =>
      expect((await outcomes()).shadow.scored).toBeGreaterThanOrEqual(jwts.length * texts.length)
    );
    for (const [r, jwt] of jwts.entries())
      for (const [i, text] of texts.entries())
        await ok('POST', `/api/model-manager/models/${slug}/feedback`, jwt, {
          data: { text, label: labels[r][i] },
        });
    page = (await loginAs(browser, FIRST_ADMIN)).page;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the same figures as the API: readers with a personal model, accuracy, interval and n per variant, the shadow', async () => {
    const [readers, expected] = [
      (await ok('GET', `/model-manager/models/${slug}/personal-models`, token)).data,
      await outcomes(),
    ];
    expect(readers.readers).toBe(2);
    expect(expected.variants.map((v: { variant: string }) => v.variant).sort()).toEqual([
      'champion',
      'shadow',
    ]);

    await page.goto(pluginUrl(`/models/${slug}/readers`));
    await page.getByTestId('interval-chart').waitFor();
    expect(await page.getByTestId('personal-readers').textContent()).toBe(String(readers.readers));
    for (const v of expected.variants) {
      const row = page.getByTestId(`outcome-row-${v.variant}`);
      expect(await row.getByTestId('served').textContent()).toBe(v.served);
      expect(await row.getByTestId('accuracy').textContent()).toBe(percent(v.accuracy));
      expect(await row.getByTestId('interval').textContent()).toBe(
        `[${percent(v.interval.low)}, ${percent(v.interval.high)}]`
      );
      expect(await row.getByTestId('labelled').textContent()).toBe(String(v.labelled));
      expect(await row.getByTestId('readers').textContent()).toBe(String(v.readers));
    }
    expect(await page.getByTestId('interval-chart').locator('circle').count()).toBe(
      expected.variants.length
    );
    // A Super Admin holds readers.read-texts: each reader's labelled texts, under their name.
    const texts = page.getByTestId('reader-text-row');
    for (const username of usernames)
      await texts.filter({ hasText: `${username} (4 labels)` }).waitFor(); // on their first row only
    expect(await texts.count()).toBe(usernames.length * 4);
    expect(await texts.filter({ hasText: 'climate care now' }).count()).toBe(usernames.length);
    expect(await page.getByTestId('shadow-current').textContent()).toBe(
      `Shadow: v${expected.shadow.version}`
    );
    expect(await page.getByTestId('shadow-agreement').textContent()).toContain(
      `Scored ${expected.shadow.scored} requests, agreed with the answer given on ${expected.shadow.agreed}`
    );
    await screenshot(page, 'readers-tab');
    fs.mkdirSync(path.dirname(DOCS_SHOT), { recursive: true });
    await page.screenshot({ path: DOCS_SHOT, fullPage: true });
  });

  it('sets another shadow version, which the API then reports', async () => {
    await page.goto(pluginUrl(`/models/${slug}/readers`));
    await page.getByRole('combobox', { name: 'Shadow version' }).click();
    await page.getByRole('option', { name: /^v3/ }).click();
    await page.getByTestId('shadow-save').click();
    await page.getByTestId('shadow-current').getByText('Shadow: v3').waitFor();
    expect((await outcomes()).shadow.version).toBe(3);
  });

  it('an admin without the Deploy action sees the shadow control disabled, with the reason', async () => {
    const role = await createRole(token, unique('Readers viewer'), [ACTIONS.read]);
    const viewer = await loginAs(browser, await inviteAdmin(token, 'Vera', [role]));
    await viewer.page.goto(pluginUrl(`/models/${slug}/readers`));
    const save = viewer.page.getByTestId('shadow-save');
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await save.getAttribute('data-reason')).toBe('actions.why.noDeploy');
    await viewer.page.getByTestId('interval-chart').waitFor(); // reading is still allowed
    expect(await viewer.page.getByTestId('reader-text-row').count()).toBe(0); // no readers.read-texts: no texts card
    expect(await viewer.page.getByText("Readers' labelled texts").count()).toBe(0);
    await viewer.context.close();
  });

  it('creates a collective model of these readers over the model, then shows their agreement as the API computes it', async () => {
    await page.goto(pluginUrl(`/models/${slug}/readers`));
    await page.getByTestId('create-collective').click();
    const dialog = page.getByRole('dialog');
    const name = unique('Experts');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByPlaceholder('Search readers by username').fill(prefix);
    for (const username of usernames)
      await dialog.getByRole('checkbox', { name: username }).click();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    // The new model's Readers tab opens: only a collective model shows the agreement.
    await page.getByTestId('fleiss-kappa').waitFor();
    const collective = page.url().split('/models/')[1].split('/')[0];
    expect(collective).not.toBe(slug);

    const expected = (await ok('GET', `/model-manager/collective-models/${collective}`, token))
      .data;
    expect(expected).toMatchObject({ baseModel: slug, members: 2 });
    const kappa = (v: number | null) => (v === null ? '—' : v.toFixed(3));
    expect(await page.getByTestId('fleiss-kappa').textContent()).toBe(
      `Fleiss' kappa: ${kappa(expected.agreement.fleissKappa)}`
    );
    expect(await page.getByTestId('collective-anchor').textContent()).toContain(
      'estimated reliability (Dawid–Skene)'
    );
    expect(await page.getByTestId('collective-summary').textContent()).toContain(
      `Over ${slug}, 2 members; ${expected.agreement.subjects} subjects labelled`
    );
    const rows = page.getByTestId('member-row');
    const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
    expect(await rows.count()).toBe(expected.agreement.members.length);
    for (const [i, m] of expected.agreement.members.entries()) {
      expect(await rows.nth(i).getByTestId('member-kappa').textContent()).toBe(kappa(m.kappa));
      expect(await rows.nth(i).getByTestId('member-reliability').textContent()).toBe(
        percent.format(m.reliability)
      );
      expect(await rows.nth(i).getByTestId('member-decided').textContent()).toBe(String(m.decided));
      expect(Number(await rows.nth(i).getByTestId('member-weight').textContent())).toBeCloseTo(
        m.weight,
        2
      );
    }
    await screenshot(page, 'readers-tab-collective');
  });
});
