import fs from 'fs';
import path from 'path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { APP_URL, type Credentials } from './app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', 'test-output', 'screenshots');
/** Generous: the app shares two cores with the rest of the test suite. */
export const WAIT = 60_000;

export function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A fresh browser context logged in through the admin's own login form. */
export async function loginAs(
  browser: Browser,
  who: Credentials,
  base = APP_URL // another app than the suite's (a test that starts its own)
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
  });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: WAIT });
  return { context, page };
}

export const pluginUrl = (suffix = '', base = APP_URL) =>
  `${base}/admin/plugins/model-manager${suffix}`;

/**
 * Saves the whole page: the admin scrolls inside its layout, so the viewport is stretched to the
 * content's height for the shot, then restored.
 */
export async function screenshot(page: Page, name: string, dir = SCREENSHOTS): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  // How much the admin's scrolling container hides below the fold.
  const hidden = await page.evaluate(() =>
    Math.max(
      0,
      ...Array.from(document.querySelectorAll('div, main'))
        .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
        .map((el) => el.scrollHeight - el.clientHeight)
    )
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(viewport.height + hidden, 5000),
  });
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
  return file;
}

/** Retries an assertion until it holds (auto-waiting for things Playwright cannot wait on by itself). */
export async function eventually<T>(check: () => Promise<T>, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
