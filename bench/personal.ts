/**
 * Personal models benchmark (issues 11 and 23).
 *  1. Prequential quality on a mixed stream: every holdout debate shuffled together (--seeds
 *     orders), played by simulated readers (truthful, label noise, a topic read the other way, a
 *     speaker's party swapped). Accuracy against the reader's own labels by window of labels,
 *     on the disputed texts and on the rest, for the global model, the majority of the reader's
 *     labels so far, global + a bias-only correction, and the personal model.
 *  2. Memory with 10,000 personal models (in this process, the server's data structures).
 *  3. Through HTTP on a booted Strapi: label -> changed-prediction latency p50/p99 over 500 labels
 *     from 50 readers; server RSS and the bytes its LRU holds; predict throughput through the full
 *     chain (reader JWT, personal) vs the reader asking scope "global" vs the API token (production only).
 *
 *  4. Memory of 10,000 readers in a serving Strapi (bench/personal/serving-memory.ts): RSS before and
 *     after every reader's predict, with the default correction cache and bound to --small-cache-mb.
 *
 *   npm run bench:personal [-- --skip-http | --skip-quality | --skip-serving-memory] [--seeds 3 --stream 400]
 *     [--memory-readers 10000 --small-cache-mb 8]
 *     [--readers 50 --labels 12 --requests 1000 --concurrency 4]
 *   npm run bench:personal -- --on-train --skip-http [--l2 1 --biasL2 5 --maxDf 0.2 --shared 4 --slack 0 --slacks 1,3
 *     --bounds 1 --gates "none;0.5;2;0.5,2/-1"]   (choosing the defaults; bounds "none": one gate per reader)
 *   npm run bench:personal -- --skip-http --seeds 1 --stream 1201 --kinds "is blue,is red"   (topic readers, whole holdout)
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
import {
  backgroundOf,
  DEFAULT_FIT,
  type FitOptions,
} from '../src/plugins/model-manager/server/src/ml/personal-correction';
import {
  DEFAULT_GATE,
  type GateOptions,
} from '../src/plugins/model-manager/server/src/ml/personal-gate';
import { fitTextClassifier } from '../src/plugins/model-manager/server/src/ml/pipeline';
import { labelLatency, signUp, throughput } from './personal/http-phase';
import { predictAsEveryone, seedReaders, type ServingMemoryRun } from './personal/serving-memory';
import {
  baseProbabilities,
  DISPUTED_WINDOWS,
  merge,
  compareGates,
  gateName,
  METHODS,
  playReader,
  READERS,
  readDebates,
  shuffled,
  WINDOWS,
  type ReaderFigures,
} from './personal/prequential';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const MIN_LABELS = 3;
const MAX_LABELS = 500;
const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
const span = ([a, b]: [number, number]) => (b === Infinity ? `${a}+` : `${a}–${b}`);
const rate = (c: { hit: number; n: number }) => (c.n ? (100 * c.hit) / c.n : NaN);
const cell = (c: { hit: number; n: number }) => (c.n ? rate(c).toFixed(1) : '–');
const total = (cs: Array<{ hit: number; n: number }>) =>
  cs.reduce((a, c) => ({ hit: a.hit + c.hit, n: a.n + c.n }), { hit: 0, n: 0 });

function tables(kinds: ReaderFigures[], seeds: number, stream: number, split: string) {
  log(
    `\n## Prequential, mixed ${split} stream (${stream} texts per reader, ${seeds} seeded orders), accuracy against the reader's own labels (%)`
  );
  log(`| reader | method | ${WINDOWS.map(span).join(' | ')} | all | rest (not disputed) |`);
  log(`|---|---|${WINDOWS.map(() => '---:').join('|')}|---:|---:|`);
  for (const k of kinds)
    for (const m of METHODS)
      log(
        `| ${m === METHODS[0] ? k.kind : ''} | ${m} | ${k.all[m].map(cell).join(' | ')} | ${cell(total(k.all[m]))} | ${cell(k.rest[m][0])} |`
      );
  const disputed = kinds.filter((k) => total(k.disputed.global).n > 0);
  log(
    `\n## Topic and speaker readers, by how many disputed labels (the reader's label differs from the truth) they have given: accuracy on the disputed texts and on the rest of their texts in that window (%)`
  );
  log(
    `| reader | method | ${DISPUTED_WINDOWS.map((w) => `disputed ${span(w)}`).join(' | ')} | ${DISPUTED_WINDOWS.map((w) => `rest ${span(w)}`).join(' | ')} |`
  );
  log(`|---|---|${[...DISPUTED_WINDOWS, ...DISPUTED_WINDOWS].map(() => '---:').join('|')}|`);
  for (const k of disputed) {
    for (const m of METHODS)
      log(
        `| ${m === METHODS[0] ? `${k.kind} (${total(k.disputed.global).n} disputed)` : ''} | ${m} | ${k.disputed[m].map(cell).join(' | ')} | ${k.restByDisputed[m].map(cell).join(' | ')} |`
      );
  }
  log(
    `\ngate open at the end of the stream (regions, over readers): ${kinds.map((k) => `${k.kind} ${k.gateOpenAtEnd}/${k.readers * k.regions}`).join(', ')}`
  );
  const fits = kinds.reduce((a, k) => a + k.fits, 0);
  const ms = kinds.reduce((a, k) => a + k.fitMs, 0);
  log(`\nrefits: ${fits}, mean ${(ms / fits).toFixed(1)} ms (up to ${MAX_LABELS} labels each)`);
}

/**
 * The stream, its base probabilities and the idf corpus. `holdout`: the foreign scikit-learn model
 * (trained on the train debates) over the holdout debates. `train`: where the defaults are chosen,
 * never on holdout: a model of the repo's own pipeline fitted on half of the train debates, readers
 * played on the other half.
 */
async function streamOf(split: string) {
  const train = readDebates('partisan/train.jsonl');
  if (split === 'holdout') {
    const rows = readDebates('partisan/holdout.jsonl');
    const { rows: base, classLabels } = await baseProbabilities(rows.map((r) => r.text));
    // The idf corpus the server uses is the model's own texts: the global model's training debates.
    return { rows, base, classLabels, corpus: train.map((r) => r.text) };
  }
  const debates = [...new Set(train.map((r) => r.debate))].sort();
  const fitted = new Set(debates.filter((_, i) => i % 2 === 0));
  const corpus = train.filter((r) => fitted.has(r.debate));
  const model = fitTextClassifier(corpus);
  const rows = train.filter((r) => !fitted.has(r.debate));
  return {
    rows,
    base: model.predictProba(rows.map((r) => r.text)),
    classLabels: model.labels,
    corpus: corpus.map((r) => r.text),
  };
}

async function quality() {
  const seeds = arg('seeds', 3);
  const split = process.argv.includes('--on-train') ? 'train' : 'holdout';
  const { rows, base, classLabels, corpus } = await streamOf(split);
  const stream = Math.min(arg('stream', rows.length), rows.length);
  const background = backgroundOf(corpus);
  // The served gate (--slack, --bounds "1" or "none"), and others beside it: --slacks 1,3 (same
  // bounds), --gates "none;0.5;1,3;0.5,2/-1;0.5,2/0/1" (bounds per gate, "/s" its slack, else --slack,
  // "/s/z" also the evidence z).
  const list = (name: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : null;
  };
  const boundsOf = (s: string) => (s === 'none' ? [] : s.split(',').map(Number));
  const gate: GateOptions = {
    slack: arg('slack', DEFAULT_GATE.slack),
    bounds: list('bounds') === null ? DEFAULT_GATE.bounds : boundsOf(list('bounds')!),
  };
  compareGates([
    ...(list('slacks')?.split(',') ?? []).map((s) => ({ ...gate, slack: Number(s) })),
    ...(list('gates')?.split(';') ?? []).map((g) => {
      const [bounds, slack, z] = g.split('/');
      return {
        bounds: boundsOf(bounds),
        slack: slack === undefined || slack === '' ? gate.slack : Number(slack),
        z: z === undefined ? 0 : Number(z),
      };
    }),
  ]);
  const options: Partial<FitOptions> = {};
  for (const key of ['l2', 'biasL2', 'maxDf', 'shared'] as const)
    if (process.argv.includes(`--${key}`)) options[key] = arg(key, DEFAULT_FIT[key]);
  log(`fit options: ${JSON.stringify({ ...DEFAULT_FIT, ...options })}, gate ${gateName(gate)}`);
  // --kinds topic: only the readers whose name contains one of the comma-separated words (e.g. "is blue,is red")
  const kindsAt = process.argv.indexOf('--kinds');
  const wanted = kindsAt > 0 ? process.argv[kindsAt + 1].split(',') : null;
  const readers = READERS.filter((k) => !wanted || wanted.some((w) => k.name.includes(w)));
  const kinds = readers.map((kind) =>
    merge(
      Array.from({ length: seeds }, (_, s) =>
        playReader(
          kind,
          rows,
          base,
          classLabels,
          shuffled(rows.length, 100 + s).slice(0, stream),
          s,
          {
            minLabels: MIN_LABELS,
            maxLabels: MAX_LABELS,
            background,
            fit: { ...DEFAULT_FIT, ...options },
            gate,
          }
        )
      )
    )
  );
  tables(kinds, seeds, stream, split);
  if (split === 'train' || wanted) return;
  const train = readDebates('partisan/train.jsonl');

  const trainBase = await baseProbabilities(train.map((r) => r.text));
  const m = personalMemory(
    train.map((r) => r.text),
    trainBase.rows,
    train.map((r) => trainBase.classLabels.indexOf(r.label))
  );
  log(
    `\n## Memory, ${m.readers.toLocaleString('en')} personal models of ${m.labelsPerReader} labels each (this process)`
  );
  log(`| LRU bytes counted | RSS growth | V8 heap growth | words per reader | JSON row | build |`);
  log('|---:|---:|---:|---:|---:|---:|');
  log(
    `| ${mib(m.lruBytes)} MiB | ${mib(m.rssGrowthBytes)} MiB | ${mib(m.heapGrowthBytes)} MiB | ${m.meanTokens.toFixed(0)} | ${(m.meanJsonBytes / 1024).toFixed(1)} KiB | ${(m.buildMs / 1000).toFixed(1)} s |`
  );
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
  form.append('file', new Blob([new Uint8Array(bytes)]), 'model.onnx');
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

/** 10,000 readers' corrections in a serving Strapi: RSS before and after each reader's predict, default and small LRU. */
async function servingMemory() {
  const n = arg('memory-readers', 10_000);
  const smallMiB = arg('small-cache-mb', 8);
  const secret = `bench-jwt-${process.pid}`;
  const dbFile = freshDbFile('personal-memory');
  const env = { JWT_SECRET: secret };
  const train = readDebates('partisan/train.jsonl').slice(0, 2000);
  const trainBase = await baseProbabilities(train.map((r) => r.text));
  const fitted = {
    texts: train.map((r) => r.text),
    base: trainBase.rows,
    labels: train.map((r) => trainBase.classLabels.indexOf(r.label)),
  };
  const slug = 'personal-memory';
  const text = readDebates('partisan/holdout.jsonl')[5].text.slice(0, 400);
  let server = await startStrapi({ dbFile, env });
  const runs: Array<[string, ServingMemoryRun]> = [];
  let seeded: { jwts: string[]; meanJsonBytes: number };
  try {
    const creds = await deployWithReviewer(server.base, slug, fs.readFileSync(FOREIGN_MODEL()));
    const template = await call(server.base, 'POST', '/api/auth/local/register', {
      json: {
        username: 'memory-template',
        email: 'memory-template@example.test',
        password: 'Reader-password-1',
      },
    });
    for (const row of readDebates('partisan/holdout.jsonl').slice(0, MIN_LABELS))
      await call(server.base, 'POST', `/api/model-manager/models/${slug}/feedback`, {
        bearer: template.body.jwt,
        json: { data: { text: row.text, label: row.label } },
        expect: [201],
      });
    const t0 = performance.now();
    seeded = seedReaders(dbFile, template.body.user.id, slug, n, secret, fitted);
    log(
      `\n(seeded ${n.toLocaleString('en')} readers and their personal rows in the database in ${((performance.now() - t0) / 1000).toFixed(1)} s)`
    );
    const statsOf = (base: string) => async () =>
      (await getJson(new http.Agent(), base, '/model-manager/runtime', creds.adminJwt)).body?.data
        ?.personalCache ?? null;
    // --small-cache-only: only the bounded run (e.g. with a capped heap, to tell garbage from retention)
    if (!process.argv.includes('--small-cache-only'))
      runs.push([
        'default (256 MiB)',
        await predictAsEveryone(server, slug, seeded.jwts, text, statsOf(server.base)),
      ]);
    await server.stop();
    server = await startStrapi({
      dbFile,
      env: { ...env, MODEL_MANAGER_PERSONAL_CACHE_MB: String(smallMiB) },
    });
    // The admin JWT outlives the restart (same secrets); the reviewer logs in again only if not.
    runs.push([
      `bound to ${smallMiB} MiB`,
      await predictAsEveryone(server, slug, seeded.jwts, text, statsOf(server.base)),
    ]);
  } finally {
    await server.stop();
  }
  log(
    `\n## Memory of ${n.toLocaleString('en')} readers' personal models in a serving Strapi (each reader predicts once with their JWT; correction rows ${(seeded.meanJsonBytes / 1024).toFixed(1)} KiB of JSON, 12 labels each)`
  );
  log(
    '| personal cache | RSS after boot and deploy | RSS after 10,000 readers | LRU entries | LRU bytes counted | predict p50 | p99 | failed |'
  );
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of runs)
    log(
      `| ${name} | ${r.rssBeforeMiB.toFixed(0)} MiB | ${r.rssAfterMiB.toFixed(0)} MiB | ${r.cache?.entries ?? '?'} | ${r.cache ? mib(r.cache.bytes) : '?'} MiB | ${r.predictP50.toFixed(1)} ms | ${r.predictP99.toFixed(1)} ms | ${r.failed}${r.firstError ? ` (${r.firstError.slice(0, 80)})` : ''} |`
    );
}

async function overHttp() {
  const readersN = arg('readers', 50);
  const perReader = arg('labels', 12);
  const requests = arg('requests', 1000);
  const concurrency = arg('concurrency', 4);
  const warning = checkBuild();
  if (warning) log(warning);
  // --refit background: the refit runs after the label's 201; default: the plugin's (in the request)
  const refitAt = process.argv.indexOf('--refit');
  const refit = refitAt > 0 ? process.argv[refitAt + 1] : 'request';
  const server = await startStrapi({
    dbFile: freshDbFile('personal'),
    env: { MODEL_MANAGER_PERSONAL_REFIT: refit },
  });
  try {
    const slug = 'personal-bench';
    const creds = await deployWithReviewer(server.base, slug, fs.readFileSync(FOREIGN_MODEL()));
    const readers = await signUp(server.base, readersN);
    const rows = readDebates('partisan/holdout.jsonl');
    const rssBefore = readMemory(server.pid)?.rssKiB ?? NaN;
    const latency = await labelLatency(server.base, slug, readers, rows, perReader, MIN_LABELS);
    log(
      `\n## Label -> changed prediction, ${latency.measured} labels from ${readersN} readers (HTTP, personal model active, refit in the ${refit})`
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
  if (!process.argv.includes('--skip-quality')) await quality();
  if (!process.argv.includes('--skip-http')) {
    if (!process.argv.includes('--skip-serving-memory')) await servingMemory();
    await overHttp();
  }
});
