import type { Browser } from 'playwright-core';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import {
  adminToken,
  call,
  createRole,
  FIRST_ADMIN,
  inviteAdmin,
  modelInReview,
  unique,
} from './helpers/app';
import { launch, loginAs, pluginUrl, screenshot } from './helpers/browser';

/** An editor whose role lacks the review action sees no review buttons, and the server refuses them anyway. */
describe('an editor without the review permission', () => {
  let browser: Browser;
  let superToken: string;
  let editorToken: string;
  let editor: Awaited<ReturnType<typeof loginAs>>['page'];
  let slug: string;

  beforeAll(async () => {
    browser = await launch();
    superToken = await adminToken(FIRST_ADMIN);
    const role = await createRole(superToken, unique('Model editor'), [
      ACTIONS.read,
      ACTIONS.upload,
    ]);
    const credentials = await inviteAdmin(superToken, 'Eve', [role]);
    editorToken = await adminToken(credentials);
    editor = (await loginAs(browser, credentials)).page;
    slug = await modelInReview(superToken);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sees the version in review with Approve and Reject disabled, saying the role lacks the Review action', async () => {
    await editor.goto(pluginUrl(`/models/${slug}`));
    const row = editor.getByTestId('version-row-1');
    await row.locator('[data-status="in_review"]').waitFor();

    for (const label of ['Approve', 'Reject']) {
      const button = row.getByRole('button', { name: label, exact: true });
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('data-reason')).toBe('actions.why.noReview');
    }

    expect(await editor.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    await screenshot(editor, '11-editor-without-review');
  });

  it('while the Super Admin who uploaded it finds Approve disabled by the four-eyes rule, named before typing', async () => {
    const { page } = await loginAs(browser, FIRST_ADMIN);
    await page.goto(pluginUrl(`/models/${slug}`));
    const approve = page
      .getByTestId('version-row-1')
      .getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();
    expect(await approve.getAttribute('data-reason')).toBe('actions.why.fourEyes');
    expect(
      await page
        .getByTestId('version-row-1')
        .getByRole('button', { name: 'Reject', exact: true })
        .isDisabled()
    ).toBe(false);
  });

  it('is refused by the API with 403 when approving anyway', async () => {
    const res = await call(
      'POST',
      `/model-manager/models/${slug}/versions/1/approve`,
      editorToken,
      { data: { comment: 'sneaky' } }
    );
    expect(res.status).toBe(403);
    const detail = await call('GET', `/model-manager/models/${slug}`, editorToken);
    expect(detail.body.data.versions[0].status).toBe('in_review');
  });
});
