import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../plugins/model-manager/shared/constants';
import { ensureReaders } from './readers';
import { SAMPLE_ARTICLES } from './sample-articles';

/**
 * `npm run demo`: makes a fresh instance a working Partisan Discourse. Every step checks what is
 * already there, so a second start imports nothing and trains nothing.
 */
const SLUG = 'partisan';
const TRAIN = { dataset: 'debates-train', file: 'partisan/train.jsonl' };
const HOLDOUT = { dataset: 'debates-holdout', file: 'partisan/holdout.jsonl' };
const DEMO = { kind: 'system' as const, id: 'demo', name: 'npm run demo' };
// A different actor, so the four-eyes rule holds even for the shortcut, and the audit says so.
const DEMO_REVIEWER = { kind: 'system' as const, id: 'demo-reviewer', name: 'demo shortcut' };
const TOKEN_NAME = 'partisan-demo-predict';
const TOKEN_FILE = '.tmp/demo-token.txt';

export interface DemoOptions {
  /** Where the predict token's key is kept for the printed curl (tests keep theirs apart). */
  tokenFile?: string;
  /** Where the demo's own lines go: the console, whatever Strapi's log level (tests collect them). */
  say?: Say;
}

/** One line of the demo's own, to the newcomer at the console. */
export type Say = (message: string) => void;
const toConsole: Say = (message) => process.stdout.write(`[demo] ${message}\n`);
/** A second admin, so a version the first admin trains can be approved (four-eyes) on first start. */
export const DEMO_REVIEWER_LOGIN = { email: 'reviewer@partisan.demo', password: 'Reviewer-demo-1' };
const REVIEWER_ROLE = 'Model reviewer (demo)';

async function ensureModel(strapi: Core.Strapi, say: Say) {
  const models = strapi.plugin('model-manager').service('models');
  const existing = await models.requireModel(SLUG).catch(() => null);
  if (existing) return existing;
  say('creating the model "partisan"');
  await models.create(
    {
      name: 'Partisan Discourse',
      slug: SLUG,
      labels: ['blue', 'red'],
      description:
        'Does a text read Republican (red) or Democratic (blue)? Trained on 2016 US presidential debate utterances (UCSB American Presidency Project transcripts, via Kaggle; research-use demonstration data).',
      evaluationDataset: HOLDOUT.dataset,
      tags: ['demo', 'politics'],
    },
    DEMO
  );
  return models.requireModel(SLUG);
}

async function importCorpora(strapi: Core.Strapi, say: Say) {
  const datasets = strapi.plugin('model-manager').service('datasets');
  for (const { dataset, file } of [TRAIN, HOLDOUT]) {
    const started = Date.now();
    const result = await datasets.importJsonl(SLUG, {
      dataset,
      file: datasets.resolveDataPath(file),
      groupField: 'debate',
    });
    say(
      `${dataset}: ${result.created} imported, ${result.alreadyThere} already there (${Date.now() - started} ms)`
    );
  }
}

async function trainAndPromote(strapi: Core.Strapi, say: Say) {
  const plugin = strapi.plugin('model-manager');
  const detail = await plugin.service('models').get(SLUG);
  if (detail.production) return say(`version ${detail.production.number} already serves`);
  say('training the first global version (in a child process)...');
  let run = await plugin
    .service('training')
    .queue(SLUG, { datasets: [TRAIN.dataset], notes: 'first global model, npm run demo' }, DEMO);
  let shown: string | null = null;
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await plugin.service('training').get(run.documentId);
    const phase = run.phase ?? run.status;
    if (phase !== shown) say(`  ${phase} (${Math.round(run.progress * 100)} %)`); // a line per phase
    shown = phase;
  }
  if (run.status !== 'succeeded' || !run.version)
    throw new Error(`training failed: ${run.error ?? run.status}`);
  const lifecycle = plugin.service('lifecycle');
  const comment = 'demo shortcut: reviewed automatically by npm run demo';
  await lifecycle.transition(SLUG, run.version, 'submit', { actor: DEMO, comment });
  await lifecycle.transition(SLUG, run.version, 'approve', { actor: DEMO_REVIEWER, comment });
  await lifecycle.promote(SLUG, run.version, { actor: DEMO_REVIEWER, comment });
  const metrics = (await plugin.service('registry').get(SLUG, run.version)).metrics as {
    macroF1?: number;
    auc?: number;
  } | null;
  say(
    `version ${run.version} promoted (holdout macro-F1 ${metrics?.macroF1?.toFixed(3) ?? '?'}, AUC ${metrics?.auc?.toFixed(3) ?? '?'})`
  );
}

async function ensureArticles(strapi: Core.Strapi, say: Say) {
  const articles = strapi.documents('api::article.article');
  if ((await articles.count({})) > 0) return;
  for (const article of SAMPLE_ARTICLES) await articles.create({ data: { ...article } as never });
  say(`${SAMPLE_ARTICLES.length} sample articles created (scored and tagged in the background)`);
}

const SUPER_ADMIN_CODE = 'strapi-super-admin';

/** Whether someone has registered the first admin; until then Strapi's /admin offers that registration. */
async function hasSuperAdmin(strapi: Core.Strapi): Promise<boolean> {
  const superAdmin = await strapi.db
    .query('admin::role')
    .findOne({ where: { code: SUPER_ADMIN_CODE } });
  if (!superAdmin) return false;
  return (
    (await strapi.db.query('admin::user').count({ where: { roles: { id: superAdmin.id } } })) > 0
  );
}

async function createReviewer(strapi: Core.Strapi, say: Say) {
  if (await strapi.db.query('admin::user').findOne({ where: { email: DEMO_REVIEWER_LOGIN.email } }))
    return;
  let role = await strapi.db.query('admin::role').findOne({ where: { name: REVIEWER_ROLE } });
  if (!role) {
    role = await strapi.service('admin::role').create({
      name: REVIEWER_ROLE,
      description: 'Created by npm run demo: reviews and deploys model versions',
    });
    const actions = [ACTIONS.read, ACTIONS.review, ACTIONS.deploy];
    await strapi.service('admin::role').assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, conditions: [], properties: {} }))
    );
  }
  await strapi.service('admin::user').create({
    ...DEMO_REVIEWER_LOGIN,
    firstname: 'Rita',
    lastname: 'Reviewer',
    isActive: true,
    roles: [role.id],
    registrationToken: null,
  });
  say(
    `reviewer admin ${DEMO_REVIEWER_LOGIN.email} created (password ${DEMO_REVIEWER_LOGIN.password})`
  );
}

// One creation at a time: the seeding and a first admin's registration may both ask at once.
let reviewerQueue: Promise<unknown> = Promise.resolve();

/**
 * The reviewer admin and its role (read, review, deploy), once a Super Admin exists and unless there
 * already. Never before: any admin user makes Strapi close the first-admin registration, and the
 * reviewer may not create models or train, so a newcomer would be locked out of their own demo.
 */
export function ensureReviewer(strapi: Core.Strapi, say: Say = toConsole): Promise<boolean> {
  const step = reviewerQueue.then(async () => {
    if (!(await hasSuperAdmin(strapi))) return false;
    await createReviewer(strapi, say);
    return true;
  });
  reviewerQueue = step.catch(() => undefined);
  return step;
}

/** Creates the reviewer as soon as the first admin registers (Strapi emits user.create after the commit). */
export function reviewerFollowsFirstAdmin(strapi: Core.Strapi, say: Say = toConsole) {
  strapi.eventHub.on('user.create', async () => {
    await ensureReviewer(strapi, say).catch((error: Error) =>
      strapi.log.error(`[demo] reviewer admin not created: ${error.message}`)
    );
  });
}

/** A token that may only predict, for the printed curl, which reads it from .tmp (Strapi shows a key only once). */
async function ensurePredictToken(strapi: Core.Strapi, tokenFile: string): Promise<string> {
  const tokens = strapi.service('admin::api-token-content-api');
  const kept = fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : null;
  // The file may outlive its database (a fresh DATABASE_FILENAME): reuse the key only if it still exists.
  if (kept && (await tokens.getByAccessKey(tokens.hash(kept)))) return kept;
  const old = await strapi.db.query('admin::api-token').findOne({ where: { name: TOKEN_NAME } });
  if (old) await tokens.revoke(old.id);
  const created = await tokens.create({
    name: TOKEN_NAME,
    description: 'Created by npm run demo: may only call predict',
    type: 'custom',
    lifespan: null,
    permissions: ['plugin::model-manager.predictions.create'],
  });
  fs.mkdirSync(path.dirname(tokenFile), { recursive: true });
  fs.writeFileSync(tokenFile, created.accessKey);
  return created.accessKey;
}

export async function seedDemo(strapi: Core.Strapi, options: DemoOptions = {}) {
  const say = options.say ?? toConsole;
  const tokenFile = path.resolve(options.tokenFile ?? TOKEN_FILE);
  const dataDir = strapi.plugin('model-manager').service('datasets').resolveDataPath('');
  if (
    !fs.existsSync(strapi.plugin('model-manager').service('datasets').resolveDataPath(TRAIN.file))
  ) {
    say(
      `demo data not found in ${dataDir}: set MODEL_MANAGER_DATA_DIR to the folder holding partisan/train.jsonl (README, "Demo data"). Strapi keeps running without the demo.`
    );
    return;
  }
  const started = Date.now();
  const launched = Number(process.env.MODEL_MANAGER_DEMO_STARTED_AT) || started;
  const reviewerThere = await ensureReviewer(strapi, say);
  await ensureModel(strapi, say);
  await importCorpora(strapi, say);
  await trainAndPromote(strapi, say);
  await ensureArticles(strapi, say);
  await ensureReaders(strapi, SLUG, say);
  await ensurePredictToken(strapi, tokenFile);
  const url = strapi.config.get(
    'server.absoluteUrl',
    `http://localhost:${strapi.config.get('server.port')}`
  ) as string;
  const admin = reviewerThere
    ? `${url}/admin   (log in with your admin account, then open "Model Manager")`
    : `${url}/admin   (nobody has registered yet: the first account you create there is the Super Admin)`;
  const reviewer = reviewerThere
    ? `${DEMO_REVIEWER_LOGIN.email} / ${DEMO_REVIEWER_LOGIN.password}   (approves what you train: four-eyes)`
    : `${DEMO_REVIEWER_LOGIN.email} / ${DEMO_REVIEWER_LOGIN.password}   (added when you register; approves what you train)`;
  const seconds = (from: number) => ((Date.now() - from) / 1000).toFixed(0);
  [
    '',
    `Partisan Discourse is ready, ${seconds(launched)} s after npm run demo started (seeding ${seconds(started)} s).`,
    `  Admin:    ${admin}`,
    `  Reviewer: ${reviewer}`,
    `  Readers:  ${url}/partisan/   (sign in as ann@partisan.demo, or eve@partisan.demo for the expert queue)`,
    `  Predict:  curl -s -X POST ${url}/api/model-manager/models/${SLUG}/predict \\`,
    `              -H "Authorization: Bearer $(cat ${tokenFile})" -H 'Content-Type: application/json' \\`,
    `              -d '{"text": "We will secure the border and cut taxes for working families.", "explain": true}'`,
    '',
  ].forEach((line) => say(line));
}

/** What `npm run demo` does once Strapi listens: the reviewer follows the first admin, then the seeding. */
export async function startDemo(strapi: Core.Strapi, options: DemoOptions = {}) {
  reviewerFollowsFirstAdmin(strapi, options.say);
  await seedDemo(strapi, options);
}
