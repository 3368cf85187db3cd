import { READER_ACTIONS } from '../../src/plugins/model-manager/server/src/services/platform/role-grants';
import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { createModel, deploy } from '../helpers/models';
import { freshClassifiers } from '../helpers/onnx-fixtures';
import { createReader, registerReader, type ReaderSession } from '../helpers/readers';
import { startApp, unique, type TestApp } from '../helpers/strapi';

/**
 * Issue 11: a reader follows a collective model by their own setting or by their role's default
 * (the setting wins), and an editor sees readers' texts only when granted readers.read-texts.
 */
describe("role defaults and readers' texts", () => {
  let app: TestApp;
  let superAdmin: AdminSession;
  let editor: AdminSession;
  let reviewer: AdminSession;
  let base: string;
  let panel: string;
  let otherPanel: string;
  const fresh = freshClassifiers(180);
  const api = '/api/model-manager/models';
  const probe = { text: 'the wall and care' };

  const setDefault = (session: AdminSession, data: object, slug = base) =>
    app
      .http()
      .put(`/model-manager/models/${slug}/role-defaults`)
      .set(session.headers)
      .send({ data });
  const predict = (reader: ReaderSession) =>
    app.http().post(`${api}/${base}/predict`).set(reader.headers).send(probe);
  /** A reader in a role of their own, holding what the Authenticated role grants readers. */
  const readerInFreshRole = async () => {
    const reader = await createReader(app, READER_ACTIONS);
    const user = await app.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: reader.id }, populate: { role: { select: ['id'] } } });
    return { reader, role: (user as { role: { id: number } }).role.id };
  };
  async function collectiveOver(over: string): Promise<string> {
    const members = [(await registerReader(app)).id, (await registerReader(app)).id];
    const res = await app
      .http()
      .post('/model-manager/collective-models')
      .set(superAdmin.headers)
      .send({ data: { name: unique('panel'), baseModel: over, members } });
    if (res.status !== 201)
      throw new Error(`collective create: ${res.status} ${JSON.stringify(res.body)}`);
    await deploy(app, reviewer, res.body.data.slug, fresh());
    return res.body.data.slug;
  }

  beforeAll(async () => {
    app = await startApp();
    superAdmin = await createAdmin(app);
    editor = await createAdmin(app, [ACTIONS.read, ACTIONS.upload]);
    reviewer = await createAdmin(app, [ACTIONS.read, ACTIONS.review, ACTIONS.deploy]); // the demo reviewer's actions
    base = await createModel(app);
    await deploy(app, reviewer, base, fresh());
    panel = await collectiveOver(base);
    otherPanel = await collectiveOver(base);
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("routes a reader with no setting of their own to their role's default, and lists it", async () => {
    const { reader, role } = await readerInFreshRole();
    const outsider = await registerReader(app); // the Authenticated role: no default on this model

    const set = await setDefault(superAdmin, { role, collective: panel });
    const listed = await app
      .http()
      .get(`/model-manager/models/${base}/role-defaults`)
      .set(editor.headers);
    const answer = await predict(reader);

    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ role, collective: panel });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toContainEqual(expect.objectContaining({ role, collective: panel }));
    expect(answer.body.meta).toMatchObject({
      model: panel,
      scope: 'collective',
      variant: 'champion',
    });
    expect((await predict(outsider)).body.meta).toMatchObject({ model: base, scope: 'global' });
  });

  it("lets the reader's own setting win over their role's default, and falls back to it when they clear theirs", async () => {
    const { reader, role } = await readerInFreshRole();
    expect((await setDefault(superAdmin, { role, collective: panel })).status).toBe(200);
    const follow = (collective: string | null) =>
      app.http().put(`${api}/${base}/following`).set(reader.headers).send({ data: { collective } });

    expect((await follow(otherPanel)).status).toBe(200);
    const own = await predict(reader);
    expect((await follow(null)).status).toBe(200);
    const fallback = await predict(reader);

    expect(own.body.meta).toMatchObject({ model: otherPanel, scope: 'collective' });
    expect(fallback.body.meta).toMatchObject({ model: panel, scope: 'collective' });
  });

  it("routes the role's readers to the champion once the default is cleared", async () => {
    const { reader, role } = await readerInFreshRole();
    await setDefault(superAdmin, { role, collective: panel });
    expect((await predict(reader)).body.meta.model).toBe(panel);

    const cleared = await setDefault(superAdmin, { role, collective: null });
    const answer = await predict(reader);

    expect(cleared.body.data).toMatchObject({ role, collective: null });
    expect(answer.body.meta).toMatchObject({ model: base, scope: 'global', variant: 'champion' });
  });

  it('refuses an unknown role, a model that is not a collective over this one, unknown keys, and a caller without deploy', async () => {
    const { role } = await readerInFreshRole();
    const elsewhere = await createModel(app);
    const foreignPanel = await collectiveOver(elsewhere);

    const noRole = await setDefault(superAdmin, { role: 987654, collective: panel });
    const notCollective = await setDefault(superAdmin, { role, collective: base });
    const overAnother = await setDefault(superAdmin, { role, collective: foreignPanel });
    const extra = await setDefault(superAdmin, { role, collective: panel, share: 1 });
    const byEditor = await setDefault(editor, { role, collective: panel });

    expect(noRole.status).toBe(400);
    expect(noRole.body.error.details.errors[0].path).toEqual(['role']);
    for (const res of [notCollective, overAnother]) {
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['collective']);
    }
    expect(extra.status).toBe(400);
    expect(byEditor.status).toBe(403);
    const listed = await app
      .http()
      .get(`/model-manager/models/${base}/role-defaults`)
      .set(superAdmin.headers);
    expect(listed.body.data).toContainEqual(expect.objectContaining({ role, collective: null }));
  }, 120_000);

  describe("readers' texts", () => {
    const texts = (session: AdminSession, query: Record<string, number> = {}) =>
      app
        .http()
        .get(`/model-manager/models/${base}/personal-models/texts`)
        .set(session.headers)
        .query(query);
    let labelled: Array<{ reader: ReaderSession; given: Array<{ text: string; label: string }> }>;

    beforeAll(async () => {
      labelled = [];
      for (let r = 0; r < 2; r += 1) {
        const reader = await registerReader(app);
        const given = [0, 1, 2].map((i) => ({
          text: `${i % 2 ? 'the wall' : 'care'} ${unique('said')}`,
          label: i % 2 ? 'red' : 'blue',
        }));
        for (const g of given) {
          const res = await app
            .http()
            .post(`${api}/${base}/feedback`)
            .set(reader.headers)
            .send({ data: g });
          if (res.status !== 201)
            throw new Error(`feedback: ${res.status} ${JSON.stringify(res.body)}`);
        }
        labelled.push({ reader, given });
      }
    }, 120_000);

    it('shows a super admin each reader with a personal model, their label count and their labelled texts', async () => {
      const all = await texts(superAdmin, { pageSize: 50 });

      expect(all.status).toBe(200);
      for (const { reader, given } of labelled) {
        const entry = all.body.data.find((e: { id: number }) => e.id === reader.id);
        expect(entry).toMatchObject({ labels: 3, username: expect.stringMatching(/^signup/) });
        expect(
          entry.texts.map((t: { text: string; label: string }) => ({
            text: t.text,
            label: t.label,
          }))
        ).toEqual(expect.arrayContaining(given));
      }
      expect(all.body.meta.pagination.total).toBeGreaterThanOrEqual(2);
    });

    it('pages through readers', async () => {
      const first = await texts(superAdmin, { page: 1, pageSize: 1 });
      const second = await texts(superAdmin, { page: 2, pageSize: 1 });

      expect(first.body.data).toHaveLength(1);
      expect(second.body.data).toHaveLength(1);
      expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
      expect(first.body.meta.pagination).toMatchObject({
        page: 1,
        pageSize: 1,
        pageCount: first.body.meta.pagination.total,
      });
    });

    it('is refused with 403 to an editor and to a reviewer, who still see the counts', async () => {
      for (const session of [editor, reviewer]) {
        const refused = await texts(session);
        const counts = await app
          .http()
          .get(`/model-manager/models/${base}/personal-models`)
          .set(session.headers);
        expect(refused.status).toBe(403);
        expect(refused.body.error.status).toBe(403);
        expect(counts.status).toBe(200);
        expect(counts.body.data.readers).toBeGreaterThanOrEqual(2);
      }
    });
  });
});
