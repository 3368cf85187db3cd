import fs from 'fs';
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
/** A second admin, so a version the first admin trains can be approved (four-eyes) on first start. */
export const DEMO_REVIEWER_LOGIN = { email: 'reviewer@partisan.demo', password: 'Reviewer-demo-1' };
const REVIEWER_ROLE = 'Model reviewer (demo)';

const say = (strapi: Core.Strapi, message: string) => strapi.log.info(`[demo] ${message}`);

async function ensureModel(strapi: Core.Strapi) {
  const models = strapi.plugin('model-manager').service('models');
  const existing = await models.requireModel(SLUG).catch(() => null);
  if (existing) return existing;
  say(strapi, 'creating the model "partisan"');
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

async function importCorpora(strapi: Core.Strapi) {
  const datasets = strapi.plugin('model-manager').service('datasets');
  for (const { dataset, file } of [TRAIN, HOLDOUT]) {
    const started = Date.now();
    const result = await datasets.importJsonl(SLUG, { dataset, file: datasets.resolveDataPath(file), groupField: 'debate' });
    say(strapi, `${dataset}: ${result.created} imported, ${result.alreadyThere} already there (${Date.now() - started} ms)`);
  }
}

async function trainAndPromote(strapi: Core.Strapi) {
  const plugin = strapi.plugin('model-manager');
  const detail = await plugin.service('models').get(SLUG);
  if (detail.production) return say(strapi, `version ${detail.production.number} already serves`);
  say(strapi, 'training the first global version (worker thread)...');
  let run = await plugin.service('training').queue(SLUG, { datasets: [TRAIN.dataset], notes: 'first global model, npm run demo' }, DEMO);
  let shown = -1;
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await plugin.service('training').get(run.documentId);
    const pct = Math.round(run.progress * 100);
    if (pct !== shown) say(strapi, `  ${run.phase ?? run.status} ${pct}%`);
    shown = pct;
  }
  if (run.status !== 'succeeded' || !run.version) throw new Error(`training failed: ${run.error ?? run.status}`);
  const lifecycle = plugin.service('lifecycle');
  const comment = 'demo shortcut: reviewed automatically by npm run demo';
  await lifecycle.transition(SLUG, run.version, 'submit', { actor: DEMO, comment });
  await lifecycle.transition(SLUG, run.version, 'approve', { actor: DEMO_REVIEWER, comment });
  await lifecycle.promote(SLUG, run.version, { actor: DEMO_REVIEWER, comment });
  const metrics = (await plugin.service('registry').get(SLUG, run.version)).metrics as { macroF1?: number; auc?: number } | null;
  say(strapi, `version ${run.version} promoted (holdout macro-F1 ${metrics?.macroF1?.toFixed(3) ?? '?'}, AUC ${metrics?.auc?.toFixed(3) ?? '?'})`);
}

async function ensureArticles(strapi: Core.Strapi) {
  const articles = strapi.documents('api::article.article');
  if ((await articles.count({})) > 0) return;
  for (const article of SAMPLE_ARTICLES) await articles.create({ data: { ...article } as never });
  say(strapi, `${SAMPLE_ARTICLES.length} sample articles created (scored and tagged in the background)`);
}

/** The reviewer admin and its role (read, review, deploy), unless there already. */
export async function ensureReviewer(strapi: Core.Strapi) {
  if (await strapi.db.query('admin::user').findOne({ where: { email: DEMO_REVIEWER_LOGIN.email } })) return;
  let role = await strapi.db.query('admin::role').findOne({ where: { name: REVIEWER_ROLE } });
  if (!role) {
    role = await strapi.service('admin::role').create({ name: REVIEWER_ROLE, description: 'Created by npm run demo: reviews and deploys model versions' });
    const actions = [ACTIONS.read, ACTIONS.review, ACTIONS.deploy];
    await strapi.service('admin::role').assignPermissions(role.id, actions.map((action) => ({ action, subject: null, conditions: [], properties: {} })));
  }
  await strapi.service('admin::user').create({
    ...DEMO_REVIEWER_LOGIN,
    firstname: 'Rita',
    lastname: 'Reviewer',
    isActive: true,
    roles: [role.id],
    registrationToken: null,
  });
  say(strapi, `reviewer admin ${DEMO_REVIEWER_LOGIN.email} created (password ${DEMO_REVIEWER_LOGIN.password})`);
}

/** A token that may only predict, for the printed curl; its key is shown once by Strapi, so it is kept in .tmp. */
async function ensurePredictToken(strapi: Core.Strapi): Promise<string> {
  const tokens = strapi.service('admin::api-token-content-api');
  const kept = fs.existsSync(TOKEN_FILE) ? fs.readFileSync(TOKEN_FILE, 'utf8').trim() : null;
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
  fs.mkdirSync('.tmp', { recursive: true });
  fs.writeFileSync(TOKEN_FILE, created.accessKey);
  return created.accessKey;
}

export async function seedDemo(strapi: Core.Strapi) {
  const dataDir = strapi.plugin('model-manager').service('datasets').resolveDataPath('');
  if (!fs.existsSync(strapi.plugin('model-manager').service('datasets').resolveDataPath(TRAIN.file))) {
    say(strapi, `demo data not found in ${dataDir}: set MODEL_MANAGER_DATA_DIR to the folder holding partisan/train.jsonl (README, "Demo data"). Strapi keeps running without the demo.`);
    return;
  }
  const started = Date.now();
  const launched = Number(process.env.MODEL_MANAGER_DEMO_STARTED_AT) || started;
  await ensureReviewer(strapi);
  await ensureModel(strapi);
  await importCorpora(strapi);
  await trainAndPromote(strapi);
  await ensureArticles(strapi);
  await ensureReaders(strapi, SLUG);
  const token = await ensurePredictToken(strapi);
  const url = strapi.config.get('server.absoluteUrl', `http://localhost:${strapi.config.get('server.port')}`) as string;
  strapi.log.info(`
[demo] Partisan Discourse is ready, ${((Date.now() - launched) / 1000).toFixed(0)} s after npm run demo started (build and boot included; seeding took ${((Date.now() - started) / 1000).toFixed(1)} s).
[demo]   Admin:    ${url}/admin   (first visit: create your admin account, then open "Model Manager")
[demo]   Reviewer: ${DEMO_REVIEWER_LOGIN.email} / ${DEMO_REVIEWER_LOGIN.password}   (approves what you train: four-eyes)
[demo]   Readers:  ${url}/partisan/   (sign in as ann@partisan.demo, or eve@partisan.demo for the expert queue; README)
[demo]   Predict: curl -s -X POST ${url}/api/model-manager/models/${SLUG}/predict \\
[demo]              -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
[demo]              -d '{"text": "We will secure the border and cut taxes for working families.", "explain": true}'
`);
}
