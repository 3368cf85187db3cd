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
import { ROOT } from '../harness/app-process';
import { log, opt, runMain } from './lib/bench';
import { checkBuild, demoSeeded, startStrapi } from './lib/strapi';
import { fmt, fmtInt, median, table } from './lib/stats';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildReaderIfStale } = require('../scripts/build-reader');

const runs = opt.num('runs', 5);
const givenUrl = opt.str('url', '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function demoApp(): Promise<{ base: string; stop: () => Promise<void> }> {
  checkBuild();
  const dbFile = path.join('.tmp', 'bench-reader-demo.db');
  const server = await startStrapi({ dbFile, env: { MODEL_MANAGER_DEMO: 'true' }, label: 'demo' });
  await demoSeeded(server.url);
  return { base: server.url, stop: () => server.stop() };
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

runMain('reader', async () => {
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
    const oldest = `${app.base}/api/articles?sort=createdAt:asc&pagination[pageSize]=1`;
    const first = (await (await fetch(oldest)).json()).data[0];
    if (!first) throw new Error(`no articles at ${app.base}: is it the demo?`);
    const article = `${app.base}/partisan/#/article/${first.documentId}`;
    const [word, lean] = ['[data-testid="highlighted-word"]', '.chip[data-testid="article-lean"]'];
    const views: Record<string, Array<Awaited<ReturnType<typeof measuredView>>>> = {};
    const add = (name: string, m: Awaited<ReturnType<typeof measuredView>>) =>
      (views[name] ??= []).push(m);
    const viewport = { width: 375, height: 800 };
    for (let i = 0; i < runs; i += 1) {
      // A fresh context is a cold cache; the second visit in it is a repeat view.
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      add('article, first view (cold cache)', await measuredView(page, article, word));
      const again = `${app.base}/partisan/?view=2#/article/${first.documentId}`;
      add('article, repeat view (warm cache)', await measuredView(page, again, word));
      await context.close();
      const listContext = await browser.newContext({ viewport });
      const list = await measuredView(await listContext.newPage(), `${app.base}/partisan/`, lean);
      add('article list, first view (cold cache)', list);
      await listContext.close();
    }
    const header = ['view', 'bytes on the wire (median)', 'requests'];
    header.push('to first highlighted word / lean, ms (median)', 'min–max ms');
    const rows = Object.entries(views).map(([name, v]) => {
      const ms = v.map((m) => m.ms);
      const range = `${fmt(Math.min(...ms), 0)}–${fmt(Math.max(...ms), 0)}`;
      const medianOf = (key: 'bytes' | 'requests') => fmtInt(median(v.map((m) => m[key])));
      return [name, medianOf('bytes'), medianOf('requests'), fmt(median(ms), 0), range];
    });
    log(`\nReader page at ${app.base}/partisan/ (${runs} runs, headless chromium, 375 px):\n`);
    log(table([header, ...rows]));
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'dist-reader', 'manifest.json'), 'utf8')
    );
    log(
      `\nbuilt files (uncompressed): ${Object.entries(manifest)
        .map(([n, m]) => `${n} ${(m as { bytes: number }).bytes} B`)
        .join(', ')}`
    );
  } finally {
    await browser.close();
    await app.stop();
  }
});
