import { ARTICLE_UID } from '../helpers/articles';
import { createModel } from '../helpers/models';
import { createApiToken, startApp, unique, type TestApp } from '../helpers/strapi';

/**
 * A database made before subjects (feedback tied to the demo's Article through the join table
 * mm_feedbacks_article_lnk, keyed "article:<documentId>", no text stored for it; outcomes keyed the
 * same way) keeps every label on an article once the app's migration has run. The old database is
 * made from this one: the join table and old keys put back, the new columns dropped and the
 * migration's record removed, so the next boot finds what the earlier code left.
 */
describe('the article feedback → subjects migration', () => {
  let app: TestApp | null = null;
  afterAll(async () => {
    await app?.stop();
  });

  it('gives each article label its subject, its text and keys that name the article type', async () => {
    app = await startApp();
    // one token for both boots, so the label given again comes from the same giver
    const editor = {
      Authorization: `Bearer ${await createApiToken(app.strapi, { type: 'full-access' })}`,
    };
    const slug = await createModel(app);
    const title = unique('Old article');
    const article = (await app.strapi
      .documents(ARTICLE_UID as never)
      .create({ data: { title, body: 'Build the wall.' } as never })) as {
      id: number;
      documentId: string;
    };
    const given = await app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(editor)
      .send({ data: { article: article.documentId, label: 'red' } });
    expect(given.status).toBe(201);
    const knex = app.strapi.db.connection;
    const [row] = await knex('mm_feedbacks')
      .where({ subject_id: article.documentId })
      .select('id', 'dedupe_key');
    const model = await knex('mm_models').where({ slug }).first('id');
    const newKey = `${ARTICLE_UID}:${article.documentId}`;
    await knex('mm_prediction_outcomes').insert({
      model_id: model.id,
      caller_key: 'user:1',
      subject_key: `article:${article.documentId}`,
      variant: 'champion',
      scope: 'global',
      served: `${slug}@1`,
      predicted_label: 'red',
      predicted_at_ms: Date.now(),
    });

    // back to what the code before subjects stored
    await knex.schema.createTable('mm_feedbacks_article_lnk', (t) => {
      t.increments('id');
      t.integer('feedback_id');
      t.integer('article_id');
    });
    await knex('mm_feedbacks_article_lnk').insert({ feedback_id: row.id, article_id: article.id });
    const oldDedupe = String(row.dedupe_key).replace(newKey, `article:${article.documentId}`);
    await knex('mm_feedbacks')
      .where({ id: row.id })
      .update({ text: null, subject_key: `article:${article.documentId}`, dedupe_key: oldDedupe });
    await knex.schema.alterTable('mm_feedbacks', (t) => {
      t.dropColumn('subject_type');
      t.dropColumn('subject_id');
    });
    await knex('strapi_migrations').where('name', 'like', '%article-feedback-subjects%').del();
    await app.stop();
    app = null;

    app = await startApp();
    const after = app.strapi.db.connection;
    const migrated = await after('mm_feedbacks')
      .where({ id: row.id })
      .first('subject_type', 'subject_id', 'subject_key', 'dedupe_key', 'text');
    expect(migrated).toEqual({
      subject_type: ARTICLE_UID,
      subject_id: article.documentId,
      subject_key: newKey,
      dedupe_key: row.dedupe_key,
      text: `${title}\n\nBuild the wall.`,
    });
    const outcomes = await after('mm_prediction_outcomes')
      .where({ model_id: model.id })
      .pluck('subject_key');
    expect(outcomes).toEqual([newKey]);
    // the same label given again updates the migrated entry instead of adding a second one
    const again = await app
      .http()
      .post(`/api/model-manager/models/${slug}/feedback`)
      .set(editor)
      .send({ data: { article: article.documentId, label: 'blue' } });
    expect(again.body.meta.updated).toBe(true);
    expect(again.body.data.subject).toEqual({ type: ARTICLE_UID, documentId: article.documentId });
  });
});
