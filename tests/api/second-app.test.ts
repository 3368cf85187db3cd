import path from 'path';
import { compileStrapi } from '@strapi/strapi';
import { createAdmin, type AdminSession } from '../helpers/admin';
import { eventually } from '../helpers/eventually';
import { MatrixFixtures, SPAM_VOCABULARY } from '../helpers/matrix-fixtures';
import { deploy } from '../helpers/models';
import { SPAM_CLASSIFIER, textClassifierOnnx } from '../helpers/onnx-fixtures';
import { CONTENT_CASES, runMatrix } from '../helpers/permission-matrix';
import { loginEveryPrincipal } from '../helpers/principals';
import { startApp, type TestApp } from '../helpers/strapi';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, freshDatabase } = require('../helpers/database');

/**
 * The plugin installed by an app that is not the demo: tests/apps/comments, a minimal Strapi app
 * with no Article, a `comment` type registered as a subject (config/plugins.ts) and a spam model
 * it uploads itself. Real Strapi, onnxruntime and database, on a database of its own.
 */
const APP_DIR = path.join(ROOT, 'tests', 'apps', 'comments');
const COMMENT = 'api::comment.comment';
const SPAMMY = 'Click here: you are the winner of our casino prize!';
const ORDINARY = 'Thanks for the article, I agree. See you at lunch tomorrow.';

interface Comment {
  documentId: string;
  body: string;
  moderatorTag: string;
  predictedLabel: string | null;
  predictedProbabilities: Record<string, number> | null;
  predictedBy: string | null;
}

describe('a second app (tests/apps/comments) installs the plugin', () => {
  let app: TestApp;
  let database: { env: Record<string, string>; drop: () => Promise<void> };
  let reviewer: AdminSession;
  let version: number;

  const comments = () => app.strapi.documents(COMMENT as never);
  const createComment = async (data: Partial<Comment>) =>
    (await comments().create({ data } as never)) as unknown as Comment;
  const findComment = async (documentId: string) =>
    (await comments().findOne({ documentId } as never)) as unknown as Comment | null;
  const feedback = (body: object) =>
    app.http().post('/api/model-manager/models/spam/feedback').set(app.fullAccess).send(body);
  const predict = (body: object) =>
    app.http().post('/api/model-manager/models/spam/predict').set(app.fullAccess).send(body);
  /** The labels on a comment in the tag's dataset, by the subject key the spec gives ("<uid>:<documentId>"). */
  const moderation = (documentId: string) =>
    app.strapi.db
      .query('plugin::model-manager.feedback')
      .findMany({ where: { subjectKey: `${COMMENT}:${documentId}`, dataset: 'moderation' } });
  /** Once the save hook wrote the model's answer on the comment. */
  const scored = (documentId: string) =>
    eventually(async () =>
      (await findComment(documentId))?.predictedBy ? findComment(documentId) : null
    );

  beforeAll(async () => {
    // Compiled here rather than in the global setup: only this file boots it. Its dist/ is git-ignored.
    await compileStrapi({ appDir: APP_DIR, ignoreDiagnostics: false });
    database = await freshDatabase(`comments${process.env.JEST_WORKER_ID ?? '1'}`);
    // freshDatabase names SQLite files from the repository root; the app resolves them from its own folder.
    const env = { ...database.env };
    if (env.DATABASE_FILENAME) env.DATABASE_FILENAME = path.resolve(ROOT, env.DATABASE_FILENAME);
    app = await startApp({ appDir: APP_DIR, database: env });
    reviewer = await createAdmin(app);
    // The model its subject config names, created and taken to production through the routes a user has.
    const created = await app
      .http()
      .post('/api/model-manager/models')
      .set(app.fullAccess)
      .send({ data: { name: 'Spam', slug: 'spam', labels: ['ham', 'spam'] } });
    if (created.status !== 201)
      throw new Error(`spam model: ${created.status} ${JSON.stringify(created.body)}`);
    version = await deploy(app, reviewer, 'spam', textClassifierOnnx(SPAM_CLASSIFIER));
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('has comments and no Article, and serves the spam model it uploaded to plain texts', async () => {
    const spammy = await predict({ text: SPAMMY });
    const ordinary = await predict({ text: ORDINARY });
    const labelled = await feedback({ data: { text: ORDINARY, label: 'ham' } });

    expect(app.strapi.contentType(COMMENT as never)).toBeDefined();
    expect(app.strapi.contentType('api::article.article' as never)).toBeUndefined();
    expect(spammy.status).toBe(200);
    expect(spammy.body.data.label).toBe('spam');
    expect(spammy.body.meta).toEqual({
      model: 'spam',
      version,
      scope: 'global',
      variant: 'champion',
    });
    expect(ordinary.body.data.label).toBe('ham');
    expect(labelled.status).toBe(201);
    expect(labelled.body.data).toMatchObject({ text: ORDINARY, label: 'ham', subject: null });
  });

  it('labels a comment by its subject: the entry names the comment and keeps its text', async () => {
    const comment = await createComment({ body: SPAMMY });

    const res = await feedback({
      data: { subject: { type: COMMENT, documentId: comment.documentId }, label: 'spam' },
    });

    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      label: 'spam',
      text: SPAMMY,
      subject: { type: COMMENT, documentId: comment.documentId },
    });
    const stored = await app.strapi.db
      .query('plugin::model-manager.feedback')
      .findOne({ where: { documentId: res.body.data.documentId } });
    expect(stored?.subjectKey).toBe(`${COMMENT}:${comment.documentId}`);
  });

  it('a label on a type the app did not register is a 400, on an unknown comment a 404', async () => {
    const comment = await createComment({ body: ORDINARY });

    const unregistered = await feedback({
      data: {
        subject: { type: 'plugin::users-permissions.user', documentId: comment.documentId },
        label: 'ham',
      },
    });
    const absent = await feedback({
      data: {
        subject: { type: 'api::article.article', documentId: comment.documentId },
        label: 'ham',
      },
    });
    const unknown = await feedback({
      data: { subject: { type: COMMENT, documentId: 'no-such-comment' }, label: 'ham' },
    });

    expect([unregistered.status, unregistered.body.error?.name]).toEqual([400, 'ValidationError']);
    expect([absent.status, absent.body.error?.name]).toEqual([400, 'ValidationError']);
    expect(unknown.status).toBe(404);
  });

  it("predicts a comment by its subject: the comment's text, scored by the production version", async () => {
    const comment = await createComment({ body: SPAMMY });

    const bySubject = await predict({
      subject: { type: COMMENT, documentId: comment.documentId },
      explain: true,
    });
    const byText = await predict({ text: SPAMMY, explain: true });

    expect(bySubject.status).toBe(200);
    expect(bySubject.body.data.label).toBe('spam');
    expect(bySubject.body.data).toEqual(byText.body.data);
    expect(bySubject.body.meta).toEqual({
      model: 'spam',
      version,
      scope: 'global',
      variant: 'champion',
    });
  });

  it("a moderator's tag becomes feedback in 'moderation', follows the tag, and the comment gets the model's answer", async () => {
    const { documentId } = await createComment({ body: SPAMMY, moderatorTag: 'spam' });

    const tagged = await eventually(async () =>
      (await moderation(documentId)).length ? moderation(documentId) : null
    );
    const answered = await scored(documentId);
    await comments().update({ documentId, data: { moderatorTag: 'ham' } } as never);
    const retagged = await eventually(async () =>
      (await moderation(documentId)).some((f) => f.label === 'ham') ? moderation(documentId) : null
    );

    expect(tagged).toEqual([expect.objectContaining({ label: 'spam', text: SPAMMY })]);
    expect(answered).toMatchObject({ predictedLabel: 'spam', predictedBy: `spam@v${version}` });
    expect(answered?.predictedProbabilities?.spam).toBeGreaterThan(0.9);
    expect(retagged.map((f) => f.label)).toEqual(['ham']); // the same person's label, updated: not a second entry
  });

  it("a comment saved in the app's own transaction is followed once that commits, and not at all if it rolls back", async () => {
    const saveIn = (then: (documentId: string) => Promise<void>) =>
      app.strapi.db.transaction(async () => {
        const { documentId } = await createComment({ body: SPAMMY, moderatorTag: 'spam' });
        // the app's transaction goes on after the save: a turn of the event loop and a query
        await new Promise((resolve) => setImmediate(resolve));
        await findComment(documentId);
        await then(documentId);
        return documentId;
      });
    let rolledBack = '';
    await expect(
      saveIn(async (documentId) => {
        rolledBack = documentId;
        throw new Error('the app changed its mind');
      })
    ).rejects.toThrow('the app changed its mind');
    const committed = await saveIn(async () => undefined);

    const tagged = await eventually(async () =>
      (await moderation(committed)).length ? moderation(committed) : null
    );
    const answered = await scored(committed);

    expect(tagged).toEqual([expect.objectContaining({ label: 'spam', text: SPAMMY })]);
    expect(answered).toMatchObject({ predictedLabel: 'spam' });
    expect(await findComment(rolledBack)).toBeNull();
    expect(await moderation(rolledBack)).toEqual([]);
  });

  it("a comment tagged 'unknown' is scored, and gives no feedback", async () => {
    const { documentId } = await createComment({ body: ORDINARY });

    const answered = await scored(documentId); // the save hook has run

    expect(answered).toMatchObject({
      moderatorTag: 'unknown',
      predictedLabel: 'ham',
      predictedBy: `spam@v${version}`,
    });
    expect(await moderation(documentId)).toEqual([]);
  });

  it("gets the plugin's middlewares without listing them: placed in its chain, upload refusals in plain words", async () => {
    const chain = (app.strapi.config.get('middlewares') as Array<string | { name?: string }>).map(
      (m) => (typeof m === 'string' ? m : m.name)
    );
    const at = (name: string) => chain.indexOf(name);

    const refused = await app
      .http()
      .post('/api/model-manager/models/spam/versions')
      .set(app.fullAccess)
      .attach('file', Buffer.from('this is not a model at all, just text'), 'model.onnx');

    // what the content API shows is shaped by its controllers, not by a middleware of the chain
    expect(chain.filter((name) => name?.startsWith('plugin::model-manager.')).sort()).toEqual([
      'plugin::model-manager.database-unavailable',
      'plugin::model-manager.upload-cleanup',
    ]);
    expect(at('plugin::model-manager.database-unavailable')).toBe(at('strapi::errors') + 1);
    expect(at('plugin::model-manager.upload-cleanup')).toBe(at('strapi::body') + 1);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('The file is not an ONNX model.');
  });

  // Every content-API row applies here: none needs the demo (the `following` row's collective model
  // is made through the admin API; only an admin row, the side panel's, reads the demo's Article).
  it("passes the permission matrix's content-API rows", async () => {
    const headers = await loginEveryPrincipal(app);
    const fixtures = new MatrixFixtures(app, await createAdmin(app), SPAM_VOCABULARY);
    await fixtures.setUp();

    const { expected, observed } = await runMatrix(app, headers, fixtures, CONTENT_CASES);

    expect(observed).toEqual(expected);
  }, 600_000);
});
