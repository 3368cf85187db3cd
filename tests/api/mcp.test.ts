import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createAdminToken, mcp } from '../helpers/mcp';
import { deploy, uploadVersion } from '../helpers/models';
import { textClassifierOnnx } from '../helpers/onnx-fixtures';
import { startApp, unique, type TestApp } from '../helpers/strapi';

const TOOLS = [
  'model_manager_compare_versions',
  'model_manager_list_models',
  'model_manager_predict',
  'model_manager_versions_awaiting_review',
];
const EVAL = [
  ...Array.from({ length: 6 }, (_, i) => ({ text: `health care for all ${i}`, label: 'blue' })),
  ...Array.from({ length: 6 }, (_, i) => ({ text: `build the wall now ${i}`, label: 'red' })),
];

describe("the plugin's tools on Strapi's MCP server (POST /mcp with an admin token)", () => {
  let app: TestApp;
  let owner: AdminSession;
  let reader: string;
  let slug: string;
  let champion: number;
  let candidate: number;
  const call = (token: string, name: string, args: Record<string, unknown>) =>
    mcp(app, token, 'tools/call', { name, arguments: args });

  beforeAll(async () => {
    app = await startApp();
    owner = await createAdmin(app);
    reader = await createAdminToken(app, owner, [ACTIONS.read]);

    slug = unique('mcp-model');
    await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({
        data: { name: slug, slug, labels: ['blue', 'red'], evaluationDataset: 'x-holdout' },
      });
    const plugin = app.strapi.plugin('model-manager');
    const model = await plugin.service('models').requireModel(slug);
    for (const row of EVAL)
      await plugin
        .service('feedback')
        .give(model, { ...row, giverKey: 'import:test', source: 'import', dataset: 'x-holdout' });
    champion = await deploy(app, owner, slug, textClassifierOnnx({ strength: 2 }));
    candidate = await uploadVersion(app, slug, textClassifierOnnx({ strength: 3 }));
    const submitted = await app
      .http()
      .post(`/model-manager/models/${slug}/versions/${candidate}/submit`)
      .set(owner.headers)
      .send({});
    expect(submitted.status).toBe(200);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('without a token the endpoint refuses, and an API token (not an admin token) is refused too', async () => {
    const none = await mcp(app, null, 'tools/list');
    expect(none.status).toBe(401);
    const apiToken = await mcp(
      app,
      app.fullAccess.Authorization.slice('Bearer '.length),
      'tools/list'
    );
    expect(apiToken.status).toBe(401);
  });

  it('an admin token whose owner may read lists the four tools, and none of them submits, approves or rejects', async () => {
    const { status, result } = await mcp(app, reader, 'tools/list');

    expect(status).toBe(200);
    const names = (result?.tools as Array<{ name: string }>)
      .map((t) => t.name)
      .filter((n) => n.startsWith('model_manager_'));
    expect(names.sort()).toEqual(TOOLS);
    expect(names.filter((n) => /submit|approve|reject|promote|rollback/.test(n))).toEqual([]);
  });

  it('list models tells what serves: the production version with its evaluation', async () => {
    const { result } = await call(reader, 'model_manager_list_models', {});

    expect(result?.isError).toBeFalsy();
    const mine = result?.structuredContent.models.find((m: { slug: string }) => m.slug === slug);
    expect(mine).toMatchObject({
      labels: ['blue', 'red'],
      production: { number: champion, metrics: { dataset: 'x-holdout', size: EVAL.length } },
      challengers: [],
    });
  });

  it('predict answers a label, probabilities, the words that pushed it and which version answered', async () => {
    const { result } = await call(reader, 'model_manager_predict', {
      model: slug,
      text: 'We must build the wall',
    });

    expect(result?.isError).toBeFalsy();
    const answer = result?.structuredContent;
    expect(answer).toMatchObject({
      label: 'red',
      model: slug,
      version: champion,
      variant: 'champion',
    });
    expect(answer.probabilities.red + answer.probabilities.blue).toBeCloseTo(1, 6);
    expect(answer.words[0]).toMatchObject({ text: 'wall', start: 18, end: 22 });
    expect(answer.words[0].weight).toBeGreaterThan(0);
  });

  it('versions awaiting review come with their metrics against the champion', async () => {
    const { result } = await call(reader, 'model_manager_versions_awaiting_review', {
      model: slug,
    });

    expect(result?.isError).toBeFalsy();
    const [pending, ...others] = result!.structuredContent.versions;
    expect(others).toEqual([]);
    expect(pending).toMatchObject({
      model: slug,
      number: candidate,
      champion: { number: champion },
    });
    expect(pending.againstChampion.accuracy).toBeCloseTo(
      pending.metrics.accuracy - pending.champion.metrics.accuracy,
      12
    );
  });

  it('compare scores both versions on the evaluation set', async () => {
    const { result } = await call(reader, 'model_manager_compare_versions', {
      model: slug,
      candidate,
      baseline: champion,
    });

    expect(result?.isError).toBeFalsy();
    expect(result?.structuredContent).toMatchObject({
      dataset: 'x-holdout',
      size: EVAL.length,
      candidate: { number: candidate },
      baseline: { number: champion },
    });
  });

  it('a tool given hostile arguments answers an error, not a crash', async () => {
    const badSlug = await call(reader, 'model_manager_predict', { model: '../../etc', text: 'x' });
    const unknown = await call(reader, 'model_manager_predict', {
      model: 'no-such-model',
      text: 'hello',
    });
    const empty = await call(reader, 'model_manager_predict', { model: slug, text: '   ' });

    for (const answer of [badSlug, unknown, empty]) {
      expect(answer.status).toBe(200);
      expect(answer.result?.isError ?? Boolean(answer.error)).toBe(true);
    }
    expect(JSON.stringify(unknown.result)).toMatch(/no-such-model/);
  });

  it('a token whose owner lacks the Read action sees none of the tools, and calling one is refused', async () => {
    const uploader = await createAdmin(app, [ACTIONS.upload, 'admin::admin-tokens.create']);
    const token = await createAdminToken(app, uploader, [ACTIONS.upload]);

    const listed = await mcp(app, token, 'tools/list');
    const refused = await call(token, 'model_manager_predict', {
      model: slug,
      text: 'We must build the wall',
    });

    expect(listed.status).toBe(200);
    expect((listed.result?.tools as Array<{ name: string }>).map((t) => t.name)).toEqual([]);
    expect(refused.result?.structuredContent).toBeUndefined();
    expect(refused.result?.isError ?? Boolean(refused.error)).toBe(true);
    expect(JSON.stringify(refused)).toMatch(/model_manager_predict.*(disabled|not found)/i);
  });

  it("a token limited to other actions is refused even when its owner may read (the token's own permissions count)", async () => {
    const token = await createAdminToken(app, owner, [ACTIONS.upload]);

    const refused = await call(token, 'model_manager_list_models', {});

    expect(refused.result?.structuredContent).toBeUndefined();
    expect(refused.result?.isError ?? Boolean(refused.error)).toBe(true);
  });
});
