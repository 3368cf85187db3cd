import type { Core } from '@strapi/strapi';

const ARTICLE = 'api::article.article';
const ARTICLE_DATASET = 'articles';
const TAGS = new Set(['red', 'blue']);

/** The partisan model articles are scored by and give feedback to (PARTISAN_MODEL_SLUG). */
export const partisanModelSlug = () => process.env.PARTISAN_MODEL_SLUG ?? 'partisan';

interface ArticleRow {
  id: number;
  documentId: string;
  title: string;
  body: string;
  authorName: string | null;
  partisanTag: 'red' | 'blue' | 'none' | null;
}

/** Who saved the article: the admin or front-end user of the request, else its named author. */
function giverOf(strapi: Core.Strapi, article: ArticleRow): string {
  const ctx = strapi.requestContext.get() as { state?: { user?: { id: number }; auth?: { strategy?: { name?: string } } } } | undefined;
  const user = ctx?.state?.user;
  if (user) return `${ctx?.state?.auth?.strategy?.name === 'admin' ? 'admin' : 'user'}:${user.id}`;
  return `author:${article.authorName ?? 'unknown'}`;
}

const mm = (strapi: Core.Strapi) => strapi.plugin('model-manager');

/**
 * After an article is saved: score it with the partisan model and store the answer on it, and
 * turn its author's tag into feedback (one entry per article and person; cleared tag, no entry).
 * Runs after the save has returned, so saving never waits for or fails because of a model.
 */
async function syncArticle(strapi: Core.Strapi, documentId: string, giverKey: string) {
  const article = (await strapi.db.query(ARTICLE).findOne({ where: { documentId } })) as ArticleRow | null;
  if (!article) return;
  const slug = partisanModelSlug();
  const model = await mm(strapi).service('models').requireModel(slug).catch(() => null);
  if (!model) return;

  let predicted: { label: string; version: number } | null = null;
  try {
    const { data, meta } = await mm(strapi).service('predictions').predict(slug, { text: `${article.title}\n\n${article.body}` }, { mayReadAll: false });
    predicted = { label: data.label, version: meta.version };
    await strapi.db.query(ARTICLE).update({
      where: { id: article.id },
      data: { predictedLabel: data.label, predictedProbabilities: data.probabilities, predictedBy: `${slug}@v${meta.version}` },
    });
  } catch (error) {
    strapi.log.debug(`[articles] "${article.title}" not scored: ${(error as Error).message}`);
  }

  const feedback = mm(strapi).service('feedback');
  if (article.partisanTag && TAGS.has(article.partisanTag)) {
    await feedback.give(model, {
      articleDocumentId: documentId,
      label: article.partisanTag,
      predictedLabel: predicted?.label ?? null,
      predictedVersion: predicted?.version ?? null,
      giverKey,
      source: 'author',
      dataset: ARTICLE_DATASET,
    });
  } else {
    await feedback.withdraw(model, { articleDocumentId: documentId, giverKey, dataset: ARTICLE_DATASET });
  }
}

/** Pending syncs, so tests and shutdown can wait for them. */
const pending = new Set<Promise<void>>();
export const articleSyncsSettled = () => Promise.allSettled([...pending]);

export function registerArticleSignals(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.uid !== ARTICLE || !['create', 'update'].includes(context.action)) return result;
    const saved = result as ArticleRow | null;
    if (!saved?.documentId) return result;
    const giverKey = giverOf(strapi, saved);
    const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => syncArticle(strapi, saved.documentId, giverKey))
      .catch((error: Error) => {
        strapi.log.error(`[articles] sync of ${saved.documentId} failed: ${error.message}`);
      })
      .finally(() => pending.delete(job));
    pending.add(job);
    return result;
  });
}
