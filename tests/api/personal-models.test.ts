import { READER_ACTIONS } from '../../src/plugins/model-manager/server/src/services/platform/role-grants';
import { exportToOnnx, trainTextClassifier } from '../../src/plugins/model-manager/server/src/ml';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { createModel, deploy, uploadVersion } from '../helpers/models';
import { registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, type TestApp } from '../helpers/strapi';
import { TOY_ROWS } from '../../src/plugins/model-manager/server/src/ml/onnx-test-support';

/** Issue 11: a reader's labels personalise their model at once; nobody else sees it; a reset forgets it. */
describe('personal models', () => {
  let app: TestApp;
  let editor: AdminSession;
  let artifact: Buffer;
  const api = '/api/model-manager/models';
  const predict = (slug: string, body: object, headers: Record<string, string>) =>
    app.http().post(`${api}/${slug}/predict`).set(headers).send(body);
  const label = (slug: string, reader: ReaderSession, text: string, value: string) =>
    app
      .http()
      .post(`${api}/${slug}/feedback`)
      .set(reader.headers)
      .send({ data: { text, label: value } });
  const redOf = (res: { body: { data: { probabilities: { red: number } } } }) =>
    res.body.data.probabilities.red;
  const MIN = 3;

  const rows = [...TOY_ROWS];
  const probe = 'Taxes and health care for the border towns.';

  async function deployed(): Promise<string> {
    const slug = await createModel(app);
    await deploy(app, editor, slug, artifact);
    return slug;
  }

  beforeAll(async () => {
    app = await startApp();
    editor = await createAdmin(app);
    artifact = Buffer.from(
      exportToOnnx(
        trainTextClassifier(rows, {
          algorithm: 'logistic-regression',
          ngramRange: [1, 2],
          minDf: 1,
        })
      )
    );
  }, 300_000);
  afterAll(async () => {
    await app.stop();
  });

  it('the Authenticated role is granted the reader actions once; an admin who removes one is not overruled at the next boot', async () => {
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    for (const action of READER_ACTIONS)
      expect(await permissions.count({ where: { action, role: { id: role.id } } })).toBe(1);

    const removed = await permissions.findOne({
      where: { action: 'plugin::model-manager.personal.reset', role: { id: role.id } },
    });
    await permissions.delete({ where: { id: removed.id } });
    await app.strapi.plugin('model-manager').service('role-grants').grantReaderActions(); // what the next boot runs
    expect(
      await permissions.count({
        where: { action: 'plugin::model-manager.personal.reset', role: { id: role.id } },
      })
    ).toBe(0);
    await permissions.create({
      data: { action: 'plugin::model-manager.personal.reset', role: role.id },
    }); // as it was, for the other tests
  });

  it(`after ${MIN} labels each of two readers gets their own personal answer, and every label changes the very next predict`, async () => {
    const slug = await deployed();
    const [alice, bob] = [await registerReader(app), await registerReader(app)];
    const global = await predict(slug, { text: probe }, app.fullAccess);
    expect(global.body.meta).toMatchObject({ scope: 'global', variant: 'champion' });

    let previous = redOf(global);
    const texts = [
      'taxes for the towns',
      'the border towns',
      'health care taxes',
      'towns and taxes',
    ];
    for (const [i, text] of texts.entries()) {
      const res = await label(slug, alice, text, 'blue');
      expect(res.status).toBe(201);
      expect(res.body.meta.personal).toMatchObject({
        labels: i + 1,
        minLabels: MIN,
        active: i + 1 >= MIN,
      });
      const next = await predict(slug, { text: probe }, alice.headers);
      expect(next.status).toBe(200);
      if (i + 1 < MIN) {
        expect(next.body.meta.scope).toBe('global');
        continue;
      }
      expect(next.body.meta).toEqual({
        model: slug,
        version: 1,
        scope: 'personal',
        variant: 'personal',
      });
      expect(redOf(next)).toBeLessThan(previous); // blue labels pull the answer toward blue
      previous = redOf(next);
    }
    for (const text of texts) expect((await label(slug, bob, text, 'red')).status).toBe(201);

    const [a, b, asGlobal] = await Promise.all([
      predict(slug, { text: probe }, alice.headers),
      predict(slug, { text: probe }, bob.headers),
      predict(slug, { text: probe, scope: 'global' }, alice.headers),
    ]);
    expect(redOf(a)).toBeLessThan(redOf(global));
    expect(redOf(b)).toBeGreaterThan(redOf(global));
    expect(asGlobal.body.meta).toMatchObject({ scope: 'global', variant: 'champion' });
    expect(redOf(asGlobal)).toBeCloseTo(redOf(global), 6);
  }, 120_000);

  it('a reader sees only their own state; an API token can neither read, pin nor list a personal model', async () => {
    const slug = await deployed();
    const [alice, bob] = [await registerReader(app), await registerReader(app)];
    for (const text of ['one towns', 'two towns', 'three towns'])
      await label(slug, alice, text, 'blue');
    await label(slug, bob, 'only once', 'red');

    const [mine, theirs, token] = await Promise.all([
      app.http().get(`${api}/${slug}/personal`).set(alice.headers),
      app.http().get(`${api}/${slug}/personal`).set(bob.headers),
      app.http().get(`${api}/${slug}/personal`).set(app.fullAccess),
    ]);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ labels: 3, minLabels: MIN, active: true });
    expect(typeof mine.body.data.updatedAt).toBe('string');
    expect(theirs.body.data).toMatchObject({ labels: 1, active: false });
    expect(token.status).toBe(403);
    expect(token.body.error.name).toBe('ForbiddenError');
    expect((await app.http().delete(`${api}/${slug}/personal`).set(app.fullAccess)).status).toBe(
      403
    );
    expect((await app.http().get(`${api}/${slug}/personal`)).status).toBe(403); // no credentials at all

    const [byToken, pinned] = await Promise.all([
      predict(slug, { text: probe }, app.fullAccess),
      predict(slug, { text: probe, version: 1 }, app.fullAccess),
    ]);
    expect(byToken.body.meta.scope).toBe('global');
    expect(pinned.body.meta).toMatchObject({ scope: 'global', variant: 'pinned' });
    // The versions list holds global versions only: a personal model is no version anyone can name.
    const versions = await app.http().get(`${api}/${slug}/versions`).set(app.fullAccess);
    expect(versions.body.data).toHaveLength(1);

    const counts = await app
      .http()
      .get(`/model-manager/models/${slug}/personal-models`)
      .set(editor.headers);
    expect(counts.status).toBe(200);
    expect(counts.body.data).toEqual({ readers: 2, active: 1 });
  }, 120_000);

  it("an explanation from a personal model splits each word into the shared part and the reader's own", async () => {
    const slug = await deployed();
    const alice = await registerReader(app);
    for (const text of ['towns are blue', 'blue towns', 'the towns again'])
      await label(slug, alice, text, 'blue');

    const res = await predict(slug, { text: probe, explain: true }, alice.headers);

    expect(res.body.meta.scope).toBe('personal');
    const { label: predicted, probabilities, explanation } = res.body.data;
    expect(explanation.method).toBe('exact');
    const towns = explanation.tokens.find((t: { text: string }) => t.text === 'towns');
    expect(Math.abs(towns.own)).toBeGreaterThan(0);
    for (const t of explanation.tokens) expect(t.base + t.own).toBeCloseTo(t.weight, 9);
    const other = predicted === 'red' ? 'blue' : 'red';
    const total = explanation.tokens.reduce(
      (s: number, t: { weight: number }) => s + t.weight,
      explanation.bias
    );
    expect(total).toBeCloseTo(Math.log(probabilities[predicted] / probabilities[other]), 3);
  }, 120_000);

  it("a reset removes the reader's labels, personal model and update trail from the database", async () => {
    const slug = await deployed();
    const [alice, bob] = [await registerReader(app), await registerReader(app)];
    for (const text of ['towns one', 'towns two', 'towns three'])
      await label(slug, alice, text, 'blue');
    await label(slug, bob, 'towns of bob', 'red');
    const knex = app.strapi.db.connection;
    const model = await app.strapi.db
      .query('plugin::model-manager.model')
      .findOne({ where: { slug } });
    const left = async (userId: number) => ({
      feedback: await app.strapi.db
        .query('plugin::model-manager.feedback')
        .count({ where: { model: { id: model.id }, giverKey: `user:${userId}` } }),
      linked: Number(
        (await knex('mm_feedbacks_user_lnk').where({ user_id: userId }).count({ n: '*' }).first())
          ?.n ?? 0
      ),
      models: Number(
        (
          await knex('mm_personal_models')
            .where({ model_id: model.id, user_id: userId })
            .count({ n: '*' })
            .first()
        )?.n ?? 0
      ),
      updates: Number(
        (
          await knex('mm_personal_updates')
            .where({ model_id: model.id, user_id: userId })
            .count({ n: '*' })
            .first()
        )?.n ?? 0
      ),
      outcomes: Number(
        (
          await knex('mm_prediction_outcomes')
            .where({ model_id: model.id, caller_key: `user:${userId}` })
            .count({ n: '*' })
            .first()
        )?.n ?? 0
      ),
    });
    await predict(slug, { text: probe }, alice.headers);
    await predict(slug, { text: probe }, bob.headers);
    // outcome rows are written off the request path: flush() is the write the queue would make
    await app.strapi.plugin('model-manager').service('outcomes').flush();
    expect(await left(alice.id)).toEqual({
      feedback: 3,
      linked: 3,
      models: 1,
      updates: 3,
      outcomes: 1,
    });

    const res = await app.http().delete(`${api}/${slug}/personal`).set(alice.headers);

    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      removedLabels: 3,
      state: { labels: 0, minLabels: MIN, active: false, updatedAt: null },
    });
    expect(await left(alice.id)).toEqual({
      feedback: 0,
      linked: 0,
      models: 0,
      updates: 0,
      outcomes: 0,
    });
    expect(await left(bob.id)).toEqual({
      feedback: 1,
      linked: 1,
      models: 1,
      updates: 1,
      outcomes: 1,
    }); // the other reader keeps theirs
    expect((await predict(slug, { text: probe }, alice.headers)).body.meta.scope).toBe('global');
  }, 120_000);

  it('predictions a reader later labels give accuracy per variant, the shadow version included (scored, never returned)', async () => {
    const slug = await deployed();
    const shadowVersion = await uploadVersion(
      app,
      slug,
      Buffer.from(
        exportToOnnx(
          trainTextClassifier(
            rows.map((r) => ({ ...r, label: r.label === 'red' ? 'blue' : 'red' })),
            { algorithm: 'logistic-regression', ngramRange: [1, 2], minDf: 1 }
          )
        )
      )
    );
    const shadow = await app
      .http()
      .post(`/model-manager/models/${slug}/shadow`)
      .set(editor.headers)
      .send({ data: { version: shadowVersion } });
    expect(shadow.status).toBe(200);
    const alice = await registerReader(app);
    const texts = ['build the wall now', 'health care is a right'];

    const answers = [];
    for (const text of texts) answers.push(await predict(slug, { text }, alice.headers));
    for (const a of answers) expect(a.body.meta).toMatchObject({ version: 1, variant: 'champion' }); // never the shadow
    const outcomes = () =>
      app.http().get(`/model-manager/models/${slug}/outcomes`).set(editor.headers);
    const shadowRows = () =>
      app.strapi.db
        .connection('mm_prediction_outcomes')
        .where({ caller_key: `user:${alice.id}`, variant: 'shadow' })
        .count({ n: '*' })
        .first();
    await eventually(async () => Number((await shadowRows())?.n) === 2); // scored after the answers went out
    await label(slug, alice, texts[0], 'red');
    await label(slug, alice, texts[1], 'blue');

    const res = await outcomes();
    expect(res.status).toBe(200);
    const byVariant = Object.fromEntries(
      res.body.data.variants.map((v: { variant: string }) => [v.variant, v])
    );
    expect(byVariant.champion).toMatchObject({
      served: `${slug}@1`,
      labelled: 2,
      readers: 1,
      accuracy: 1,
    });
    expect(byVariant.shadow).toMatchObject({
      served: `${slug}@${shadowVersion}`,
      labelled: 2,
      accuracy: 0,
    }); // trained on flipped labels
    expect(byVariant.champion.interval.low).toBeLessThanOrEqual(1);
    expect(res.body.data.shadow).toMatchObject({ version: shadowVersion, agreed: 0, failed: 0 });
    expect(
      (await app.http().get(`/model-manager/models/${slug}/outcomes`).set(alice.headers)).status
    ).toBe(401);
  }, 120_000);

  it('labels a reader sends at once are all learnt: none overwrites another (race; meaningful on PostgreSQL)', async () => {
    const slug = await deployed();
    const alice = await registerReader(app);
    const texts = Array.from({ length: 8 }, (_, i) => `towns and taxes, take ${i}`);

    const answers = await Promise.all(texts.map((text) => label(slug, alice, text, 'blue')));

    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const state = await app.http().get(`${api}/${slug}/personal`).set(alice.headers);
    expect(state.body.data.labels).toBe(8);
    const model = await app.strapi.db
      .query('plugin::model-manager.model')
      .findOne({ where: { slug } });
    const row = await app.strapi.db
      .connection('mm_personal_models')
      .where({ model_id: model.id, user_id: alice.id })
      .first('revision');
    expect(Number(row.revision)).toBe(8);
    const updates = await app.strapi.db
      .connection('mm_personal_updates')
      .where({ model_id: model.id, user_id: alice.id })
      .count({ n: '*' })
      .first();
    expect(Number(updates?.n)).toBe(8);
  }, 120_000);
});
