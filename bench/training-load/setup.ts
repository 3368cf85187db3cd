/**
 * Setup on one fresh SQLite file: a model, the two datasets imported with the compiled
 * import-dataset script while NO server runs (SQLite: one writer), then the server under test
 * (not pinned) with a serving version trained on defaults, reviewed and promoted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, type LabelledRow } from '../lib/data';
import { cpusAllowed, pinSelf, spawnTracked } from '../lib/procs';
import { fmt } from '../lib/stats';
import {
  REPO_ROOT,
  adminLogin,
  bootstrapCredentials,
  call,
  createModel,
  freshDbFile,
  predictPath,
  reviewAndPromote,
  startStrapi,
  type StrapiServer,
} from '../lib/strapi';
import { EVAL_DATASET, SLUG, TRAIN_DATASET, progress } from './options';
import { queueRun, trainedMs, waitForRun } from './runs';

export function importScript(): { file: string; warning: string | null } {
  const file = path.join(REPO_ROOT, 'dist', 'scripts', 'import-dataset.js');
  if (!fs.existsSync(file))
    throw new Error(
      `${file} is missing: run \`node_modules/.bin/strapi build\` (or \`npx tsc -p tsconfig.json\`) first`
    );
  const built = Math.min(
    fs.statSync(file).mtimeMs,
    fs.statSync(path.join(REPO_ROOT, 'dist', 'scripts', 'load-strapi.js')).mtimeMs
  );
  const src = Math.max(
    ...['import-dataset.ts', 'load-strapi.ts'].map(
      (f) => fs.statSync(path.join(REPO_ROOT, 'scripts', f)).mtimeMs
    )
  );
  return {
    file,
    warning:
      src > built
        ? 'WARNING: scripts/import-dataset.ts or load-strapi.ts changed after dist/scripts was compiled'
        : null,
  };
}

/** `npm run import-dataset` without its tsc step: the compiled script, against the same database file. */
async function importDataset(
  script: string,
  dbFile: string,
  dataset: string,
  relFile: string
): Promise<{ ms: number; line: string; exitCode: number | null; exitProblem: string | null }> {
  const t0 = performance.now();
  const proc = spawnTracked(
    process.execPath,
    [script, '--model', SLUG, '--dataset', dataset, '--file', path.join(dataDir(), relFile)],
    {
      cwd: REPO_ROOT,
      label: 'import',
      env: {
        ...process.env,
        DATABASE_FILENAME: dbFile,
        NODE_ENV: 'development',
        STRAPI_LOG_LEVEL: 'error',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_STARTUP_BANNER: 'false',
      },
    }
  );
  const code = await proc.exited;
  const out = proc.tail();
  const line = out
    .split('\n')
    .filter((l) => l.includes(' imported into '))
    .pop();
  // The script prints its result line after the import's transaction committed; a failure after it
  // (while Strapi shuts down) is reported, and the rows are counted through the API later.
  if (!line)
    throw new Error(`import of ${relFile} exited with ${code} without a result line:\n${out}`);
  const exitProblem =
    code === 0
      ? null
      : `exit code ${code} after "${line.replace(/^.*: /, '')}": ${
          out
            .split('\n')
            .find((l) => /Error/.test(l))
            ?.trim() ?? out.split('\n').pop()
        }`;
  return { ms: performance.now() - t0, line, exitCode: code, exitProblem };
}

export async function prepareServer(
  holdout: LabelledRow[],
  trainRows: LabelledRow[],
  importerFile: string,
  benchCpu: number | null,
  warnings: string[]
) {
  // This process is pinned only once the server under test runs: a child inherits its parent's CPU mask.
  let pin = { pinned: false, note: 'bench process NOT pinned (--bench-cpu none)' };

  // --- 1. model on a fresh database, then stop the server so the import is the only writer
  const dbFile = freshDbFile('training-load');
  const setupMs: Record<string, number> = {};
  let t = performance.now();
  progress(`starting Strapi (db ${dbFile}) to create the admin, the API token and the model`);
  const first = await startStrapi({ dbFile });
  const creds = await bootstrapCredentials(first.base);
  await createModel(first.base, creds, SLUG, 'Bench training load', {
    evaluationDataset: EVAL_DATASET,
  });
  await first.stop();
  setupMs.firstServer = performance.now() - t;

  // --- 2. import train + holdout with no server running
  progress(
    `importing ${trainRows.length} training rows (dataset "${TRAIN_DATASET}") with ${path.relative(REPO_ROOT, importerFile)}`
  );
  const impTrain = await importDataset(importerFile, dbFile, TRAIN_DATASET, 'partisan/train.jsonl');
  progress(`  ${impTrain.line} (${fmt(impTrain.ms / 1000, 1)} s)`);
  progress(`importing ${holdout.length} holdout rows (dataset "${EVAL_DATASET}")`);
  const impHoldout = await importDataset(
    importerFile,
    dbFile,
    EVAL_DATASET,
    'partisan/holdout.jsonl'
  );
  progress(`  ${impHoldout.line} (${fmt(impHoldout.ms / 1000, 1)} s)`);
  for (const [name, imp] of [
    ['train', impTrain],
    ['holdout', impHoldout],
  ] as const) {
    if (imp.exitProblem)
      warnings.push(
        `import-dataset (${name}) ${imp.exitProblem} - the rows were then counted through the admin API (see "setup")`
      );
  }
  setupMs.importTrain = impTrain.ms;
  setupMs.importHoldout = impHoldout.ms;

  // --- 3. the server under test: NOT pinned
  const server: StrapiServer = await startStrapi({ dbFile });
  setupMs.secondBoot = server.bootMs;
  const serverCpus = cpusAllowed(server.pid);
  const allCpus = cpusAllowed(process.pid);
  if (serverCpus !== allCpus)
    warnings.push(
      `the server's CPU mask is ${serverCpus}, this process's ${allCpus}: the server is NOT free to use every CPU`
    );
  if (benchCpu !== null) pin = pinSelf(benchCpu);
  progress(
    `Strapi up in ${fmt(server.bootMs / 1000, 1)} s (pid ${server.pid}, not pinned: allowed CPUs ${serverCpus}); bench ${pin.note}`
  );
  const adminJwt = await adminLogin(server.base, creds.reviewerEmail!);
  const stats = (
    await call(server.base, 'GET', `/model-manager/models/${SLUG}/feedback?pageSize=1`, {
      bearer: adminJwt,
    })
  ).body?.meta?.stats;
  const byDataset: Record<string, number> = stats?.byDataset ?? {};
  progress(`feedback rows by dataset: ${JSON.stringify(byDataset)}`);
  if (byDataset[TRAIN_DATASET] !== trainRows.length || byDataset[EVAL_DATASET] !== holdout.length) {
    throw new Error(
      `imported rows do not match the files: ${JSON.stringify(byDataset)} vs ${trainRows.length} / ${holdout.length}`
    );
  }

  // --- 4. a serving version: train (defaults), submit + approve (admin), promote (API token)
  t = performance.now();
  const deployRun = await queueRun(server.base, creds.apiToken, {});
  const deployed = await waitForRun(server.base, creds.apiToken, deployRun, 120_000);
  if (deployed.status !== 'succeeded')
    throw new Error(
      `deploy training run ${deployed.status}: ${deployed.error ?? ''}\n${(deployed.logs ?? []).join('\n')}`
    );
  const servingVersion: number = deployed.version;
  // review with the admin JWT of this server (adminLogin above), promote with the API token
  await reviewAndPromote(server.base, { ...creds, adminJwt }, SLUG, servingVersion);
  setupMs.deploy = performance.now() - t;
  progress(
    `serving version ${servingVersion} promoted (trained with defaults in ${fmt(trainedMs(deployed) / 1000, 2)} s; datasetSize ${deployed.datasetSize}; ${fmt(setupMs.deploy / 1000, 1)} s to deploy)`
  );

  const probe = await call(server.base, 'POST', predictPath(SLUG), {
    bearer: creds.apiToken,
    json: { text: holdout[0].text },
  });
  if (!probe.body?.data?.label || probe.body?.meta?.version !== servingVersion) {
    throw new Error(`unexpected predict answer: ${JSON.stringify(probe.body).slice(0, 300)}`);
  }
  return {
    server,
    creds,
    deployRun,
    servingVersion,
    setupMs,
    impTrain,
    impHoldout,
    byDataset,
    serverCpus,
    pin,
  };
}

export type Prepared = Awaited<ReturnType<typeof prepareServer>>;
