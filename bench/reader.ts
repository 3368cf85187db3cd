/**
 * The reader's page on the demo (`npm run bench:reader [-- --url http://host:port --runs 5]`):
 * bytes sent for a first view (cold cache: the page, its assets and its API calls, as compressed on
 * the wire) and a repeat view (warm cache), and the time from navigation to the first highlighted
 * word of an article and to the first predicted lean of the list, in headless Debian chromium.
 * Without --url it starts the built app itself with the demo seed (`MODEL_MANAGER_DEMO=true`) on a
 * SQLite file kept in .tmp/ (the first run imports and trains, about a minute; later runs do not).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { numOpt, strOpt } from './lib/cli';
import { installExitHandlers } from './lib/procs';
import { environment, writeResults } from './lib/results';
import { checkBuild, REPO_ROOT, startStrapi } from './lib/strapi';
import { fmt, fmtInt, median, table } from './lib/stats';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildReaderIfStale } = require('../scripts/build-reader');

const runs = numOpt('runs', 'READER_RUNS', 5);
const givenUrl = strOpt('url', 'READER_URL', '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function demoApp(): Promise<{ base: string; stop: () => Promise<void> }> {
  const warning = checkBuild();
  if (warning) console.log(warning);
  const server = await startStrapi({
    dbFile: path.join('.tmp', 'bench-reader-demo.db'),
    env: { MODEL_MANAGER_DEMO: 'true' },
    label: 'demo',
    timeoutMs: 180_000,
  });
  // The demo seeds after listening: wait for its articles to be scored (the last step before readers).
  const deadline = Date.now() + 600_000;
  for (;;) {
    const res = await fetch(
      `${server.base}/api/articles?pagination[pageSize]=1&filters[predictedLabel][$notNull]=true`
    ).catch(() => null);
    if (res?.ok && (await res.json()).data.length > 0) break;
    if (Date.now() > deadline) throw new Error('the demo did not finish seeding within 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { base: server.base, stop: server.stop };
}

/** Bytes on the wire (headers and compressed bodies) for everything one navigation loads, from CDP. */
async function measuredView(
  page: Page,
  url: string,
  until: string
): Promise<{ bytes: number; requests: number; ms: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  const started = performance.now();
  await page.goto(url);
  await page.locator(until).first().waitFor({ timeout: 120_000 });
  const ms = performance.now() - started;
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { bytes, requests, ms };
}

async function main() {
  installExitHandlers();
  buildReaderIfStale();
  const app = givenUrl
    ? { base: givenUrl.replace(/\/$/, ''), stop: async () => {} }
    : await demoApp();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    headless: true,
  });
  try {
    const first = (
      await (
        await fetch(`${app.base}/api/articles?sort=createdAt:asc&pagination[pageSize]=1`)
      ).json()
    ).data[0];
    if (!first) throw new Error(`no articles at ${app.base}: is it the demo?`);
    const articleUrl = `${app.base}/partisan/#/article/${first.documentId}`;
    const rows: Record<string, { bytes: number[]; requests: number[]; ms: number[] }> = {};
    const add = (name: string, m: { bytes: number; requests: number; ms: number }) => {
      const row = (rows[name] ??= { bytes: [], requests: [], ms: [] });
      row.bytes.push(m.bytes);
      row.requests.push(m.requests);
      row.ms.push(m.ms);
    };
    for (let i = 0; i < runs; i += 1) {
      // A fresh context is a cold cache; the second visit in it is a repeat view.
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      add(
        'article, first view (cold cache)',
        await measuredView(page, articleUrl, '[data-testid="highlighted-word"]')
      );
      add(
        'article, repeat view (warm cache)',
        await measuredView(
          page,
          `${app.base}/partisan/?view=2#/article/${first.documentId}`,
          '[data-testid="highlighted-word"]'
        )
      );
      await context.close();
      const listContext = await browser.newContext({ viewport: { width: 375, height: 800 } });
      add(
        'article list, first view (cold cache)',
        await measuredView(
          await listContext.newPage(),
          `${app.base}/partisan/`,
          '.chip[data-testid="article-lean"]'
        )
      );
      await listContext.close();
    }
    const out = [
      [
        'view',
        'bytes on the wire (median)',
        'requests',
        'to first highlighted word / lean, ms (median)',
        'min–max ms',
      ],
    ];
    for (const [name, r] of Object.entries(rows)) {
      out.push([
        name,
        fmtInt(median(r.bytes)),
        fmtInt(median(r.requests)),
        fmt(median(r.ms), 0),
        `${fmt(Math.min(...r.ms), 0)}–${fmt(Math.max(...r.ms), 0)}`,
      ]);
    }
    console.log(
      `\nReader page at ${app.base}/partisan/ (${runs} runs, headless chromium, 375 px):\n`
    );
    console.log(table(out));
    const manifest = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'dist-reader', 'manifest.json'), 'utf8')
    );
    console.log(
      `\nbuilt files (uncompressed): ${Object.entries(manifest)
        .map(([n, m]) => `${n} ${(m as { bytes: number }).bytes} B`)
        .join(', ')}`
    );
    writeResults('reader', { environment: environment(), runs, rows, manifest });
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
