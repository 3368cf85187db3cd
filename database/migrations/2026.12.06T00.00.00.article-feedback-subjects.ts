import type { Knex } from 'knex';

/**
 * Before subjects, the plugin's Feedback held a relation to this app's Article (join table
 * mm_feedbacks_article_lnk), keyed its entries "article:<documentId>" and stored no text for them.
 * Now an entry names its subject by content-type UID and document id, keeps the text that was
 * labelled, and its keys say the UID. Runs before the plugin's migrations and Strapi's schema sync
 * (which then drops the old join table), so every label on an article keeps its subject and text.
 */
const FEEDBACK = 'mm_feedbacks';
const LINK = 'mm_feedbacks_article_lnk';
const OUTCOMES = 'mm_prediction_outcomes';
const ARTICLE = 'api::article.article';

export async function up(knex: Knex) {
  if (!(await knex.schema.hasTable(FEEDBACK))) return;
  for (const column of ['subject_type', 'subject_id']) {
    if (!(await knex.schema.hasColumn(FEEDBACK, column)))
      await knex.schema.alterTable(FEEDBACK, (t) => t.string(column));
  }
  if (await knex.schema.hasTable(LINK)) {
    const linked: Array<{
      feedback_id: number;
      document_id: string;
      title: string | null;
      body: string | null;
    }> = await knex(LINK)
      .join('articles', 'articles.id', `${LINK}.article_id`)
      .select(`${LINK}.feedback_id`, 'articles.document_id', 'articles.title', 'articles.body');
    for (const row of linked) {
      const key = `${ARTICLE}:${row.document_id}`;
      await knex(FEEDBACK)
        .where({ id: row.feedback_id })
        .update({
          subject_type: ARTICLE,
          subject_id: row.document_id,
          subject_key: key,
          text: `${row.title ?? ''}\n\n${row.body ?? ''}`,
          dedupe_key: knex.raw('REPLACE(dedupe_key, ?, ?)', [
            `|article:${row.document_id}`,
            `|${key}`,
          ]),
        });
    }
  }
  if (await knex.schema.hasTable(OUTCOMES)) {
    await knex(OUTCOMES)
      .where('subject_key', 'like', 'article:%')
      .update({ subject_key: knex.raw('? || SUBSTR(subject_key, 9)', [`${ARTICLE}:`]) });
  }
}

export async function down() {
  // The old relation cannot be restored once the schema sync dropped its table; nothing is lost forward.
}
