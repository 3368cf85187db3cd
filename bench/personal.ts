/**
 * Personal models benchmark (issue 11).
 *  1. Prequential quality per holdout debate (a debate plays one reader: predict each utterance,
 *     then learn its label): global model alone vs global + the reader's correction; macro-F1 and
 *     accuracy per debate and overall. The same on the train debates, where the learning rate was chosen.
 *  2. Memory with 10,000 personal models (in this process, the server's data structures).
 *  3. Through HTTP on a booted Strapi: label -> changed-prediction latency p50/p99 over 500 labels
 *     from 50 readers; server RSS and the bytes its LRU holds; predict throughput through the full
 *     chain (reader JWT, personal) vs the reader asking scope "global" vs the API token (production only).
 *
 *   npm run bench:personal [-- --skip-http] [--readers 50 --labels 12 --requests 1000 --concurrency 4]
 * Needs a compiled app (dist/, e.g. from the API tests' global setup). Run with --expose-gc for steadier memory figures.
 */
import fs from 'node:fs';
import { log, runMain } from './lib/bench';
import { FOREIGN_MODEL } from './lib/data';
import { installExitHandlers, readMemory } from './lib/procs';
import { percentile } from './lib/stats';
import { call, checkBuild, freshDbFile, startStrapi } from './lib/strapi';
import {
  createFullAccessToken,
  inviteSuperAdmin,
  registerFirstAdmin,
} from '../tests/helpers/http-admin';
import { getJson } from './lib/http';
import http from 'node:http';
import { personalMemory } from './personal/memory';
import { labelLatency, signUp, throughput } from './personal/http-phase';
import {
  baseProbabilities,
  prequential,
  readDebates,
  type DebateFigures,
} from './personal/prequential';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const MIN_LABELS = 3;
const pct = (v: number) => (100 * v).toFixed(1);
const mib = (b: number) => (b / 1024 / 1024).toFixed(1);

function table(title: string, rows: DebateFigures[], overall: DebateFigures) {
  log(`\n## ${title}`);
  log(
    '| debate | n | acc global | acc personal | macro-F1 global | macro-F1 personal | ΔF1 (points) |'
  );
  log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of [...rows, overall]) {
    const d = 100 * (r.personal.macroF1 - r.global.macroF1);
    log(
      `| ${r.debate} | ${r.n} | ${pct(r.global.accuracy)} | ${pct(r.personal.accuracy)} | ${pct(r.global.macroF1)} | ${pct(r.personal.macroF1)} | ${d >= 0 ? '+' : ''}${d.toFixed(1)} |`
    );
  }
  const worst = Math.min(...rows.map((r) => r.personal.macroF1 - r.global.macroF1));
  log(`worst debate ΔF1: ${(100 * worst).toFixed(1)} points (the issue allows -1.0)`);
}

async function quality() {
  for (const [file, title] of [
    ['partisan/train.jsonl', 'Prequential, train debates (where learningRate 0.1 was chosen)'],
    ['partisan/holdout.jsonl', 'Prequential, holdout debates (evaluation only)'],
  ] as const) {
    const rows = readDebates(file);
    const { rows: base, classLabels } = await baseProbabilities(rows.map((r) => r.text));
    const { debates, overall } = prequential(rows, base, classLabels, MIN_LABELS);
    table(title, debates, overall);
    if (file === 'partisan/train.jsonl') {
      const m = personalMemory(
        rows.map((r) => r.text),
        base,
        rows.map((r) => classLabels.indexOf(r.label))
      );
      log(
        `\n## Memory, ${m.readers.toLocaleString('en')} personal models of ${m.labelsPerReader} labels each (this process)`
      );
      log(
        `| LRU bytes counted | RSS growth | V8 heap growth | tokens per reader | JSON row | build |`
      );
      log('|---:|---:|---:|---:|---:|---:|');
      log(
        `| ${mib(m.lruBytes)} MiB | ${mib(m.rssGrowthBytes)} MiB | ${mib(m.heapGrowthBytes)} MiB | ${m.meanTokens.toFixed(0)} | ${(m.meanJsonBytes / 1024).toFixed(1)} KiB | ${(m.buildMs / 1000).toFixed(1)} s |`
      );
    }
  }
}

/** Four-eyes: the owner's token uploads, an invited second admin reviews, the token promotes. */
async function deployWithReviewer(base: string, slug: string, bytes: Buffer) {
  const owner = await registerFirstAdmin(base);
  const reviewer = await inviteSuperAdmin(base, owner);
  const apiToken = (await createFullAccessToken(base, owner)).Authorization.slice(7);
  await call(base, 'POST', '/api/model-manager/models', {
    bearer: apiToken,
    json: { data: { name: slug, slug, labels: ['blue', 'red'] } },
  });
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'model.onnx');
  const n = (
    await call(base, 'POST', `/api/model-manager/models/${slug}/versions`, {
      bearer: apiToken,
      form,
      expect: [201],
    })
  ).body.data.number;
  const adminJwt = reviewer.headers.Authorization.slice(7);
  for (const step of ['submit', 'approve'])
    await call(base, 'POST', `/model-manager/models/${slug}/versions/${n}/${step}`, {
      bearer: adminJwt,
      json: { data: {} },
    });
  await call(base, 'POST', `/api/model-manager/models/${slug}/versions/${n}/promote`, {
    bearer: apiToken,
    json: { data: {} },
  });
  return { adminJwt, apiToken };
}

async function overHttp() {
  const readersN = arg('readers', 50);
  const perReader = arg('labels', 12);
  const requests = arg('requests', 1000);
  const concurrency = arg('concurrency', 4);
  const warning = checkBuild();
  if (warning) log(warning);
  const server = await startStrapi({ dbFile: freshDbFile('personal') });
  try {
    const slug = 'personal-bench';
    const creds = await deployWithReviewer(server.base, slug, fs.readFileSync(FOREIGN_MODEL()));
    const readers = await signUp(server.base, readersN);
    const rows = readDebates('partisan/holdout.jsonl');
    const rssBefore = readMemory(server.pid)?.rssKiB ?? NaN;
    const latency = await labelLatency(server.base, slug, readers, rows, perReader, MIN_LABELS);
    log(
      `\n## Label -> changed prediction, ${latency.measured} labels from ${readersN} readers (HTTP, personal model active)`
    );
    log(
      '| feedback 201 p50 | p99 | 201 -> changed answer p50 | p99 | changed on the first predict |'
    );
    log('|---:|---:|---:|---:|---:|');
    log(
      `| ${latency.feedbackP50.toFixed(1)} ms | ${latency.feedbackP99.toFixed(1)} ms | ${latency.changeP50.toFixed(1)} ms | ${latency.changeP99.toFixed(1)} ms | ${latency.changedOnFirstPredict}/${latency.measured} |`
    );
    const agent = new http.Agent();
    const stats = await getJson(agent, server.base, '/model-manager/runtime', creds.adminJwt);
    const cache = stats.body?.data?.personalCache;
    log(
      `server RSS ${((readMemory(server.pid)?.rssKiB ?? NaN) / 1024).toFixed(0)} MiB (before the readers' labels ${(rssBefore / 1024).toFixed(0)} MiB); personal LRU ${cache?.entries} entries, ${cache ? (cache.bytes / 1024).toFixed(1) : '?'} KiB of ${cache ? mib(cache.maxBytes) : '?'} MiB`
    );

    const text = rows[5].text.slice(0, 400);
    log(
      `\n## Predict throughput, ${requests} requests at concurrency ${concurrency}, one ${text.length}-character text`
    );
    log('| caller | chain | req/s | p50 | p99 | errors |');
    log('|---|---|---:|---:|---:|---:|');
    const cases: Array<[string, string, string, object]> = [
      ['reader JWT', 'users-permissions, personal model (full chain)', readers[0].jwt, { text }],
      [
        'reader JWT',
        'users-permissions, scope "global"',
        readers[0].jwt,
        { text, scope: 'global' },
      ],
      ['API token', 'fast path, production only', creds.apiToken, { text }],
    ];
    for (const [who, chain, token, body] of cases) {
      await throughput(server.base, slug, token, body, 100, concurrency); // warm-up
      const r = await throughput(server.base, slug, token, body, requests, concurrency);
      const ok = Array.from(r.latencyMs).filter((v) => !Number.isNaN(v));
      log(
        `| ${who} | ${chain} | ${(ok.length / r.wallS).toFixed(0)} | ${percentile(ok, 50).toFixed(2)} ms | ${percentile(ok, 99).toFixed(2)} ms | ${requests - ok.length}${r.firstError ? ` (${r.firstError.slice(0, 60)})` : ''} |`
      );
    }
  } finally {
    await server.stop();
  }
}

runMain('personal', async () => {
  installExitHandlers();
  log('# Personal models benchmark');
  await quality();
  if (!process.argv.includes('--skip-http')) await overHttp();
});
