import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorFromContext, actorKey } from '../principals';
import { getService } from '../utils/get-service';
import { afterCommit } from '../utils/transaction-context';
import { entryText, type SubjectType } from './subject-types';

/** Who saved the entry: the signed-in caller of the request, else its author field, else the plugin itself. */
function giverOf(strapi: Core.Strapi, type: SubjectType, entry: Record<string, unknown>): string {
  const ctx = strapi.requestContext.get() as Context | undefined;
  const actor = ctx ? actorFromContext(ctx) : null;
  if (actor && actor.id !== null) return actorKey(actor);
  const author = type.tag?.authorField ? entry[type.tag.authorField] : null;
  return author ? `author:${String(author).slice(0, 100)}` : 'system:save-hook';
}

/**
 * After an entry of a type with a `model` is saved: score it and store the answer in the type's
 * prediction fields, and turn its tag into feedback (one entry per entry and person; a tag that is
 * not one of the model's labels withdraws theirs). Runs after the save returned, so saving never
 * waits for, or fails because of, a model.
 */
async function syncEntry(
  strapi: Core.Strapi,
  type: SubjectType & { model: string },
  documentId: string,
  giverKey: string
) {
  const entry = (await strapi.db
    .query(type.uid as never)
    .findOne({ where: { documentId } })) as Record<string, unknown> | null;
  if (!entry) return;
  const model = await getService(strapi, 'models')
    .requireModel(type.model)
    .catch(() => null);
  if (!model) return;
  const text = entryText(type, entry);

  let predicted: { label: string; version: number } | null = null;
  try {
    const { data, meta } = await getService(strapi, 'predictions').predict(
      type.model,
      { text },
      { mayReadAll: false }
    );
    const answer = data as { label: string; probabilities: Record<string, number> };
    predicted = { label: answer.label, version: meta.version };
    const { label, probabilities, by } = type.prediction ?? {};
    const stored = {
      ...(label && { [label]: answer.label }),
      ...(probabilities && { [probabilities]: answer.probabilities }),
      ...(by && { [by]: `${type.model}@v${meta.version}` }),
    };
    if (Object.keys(stored).length)
      await strapi.db.query(type.uid as never).update({ where: { id: entry.id }, data: stored });
  } catch (error) {
    strapi.log.debug(
      `[model-manager] ${type.uid} ${documentId} not scored: ${(error as Error).message}`
    );
  }
  if (!type.tag) return;

  const feedback = getService(strapi, 'feedback');
  const subject = { type: type.uid, documentId };
  const tag = entry[type.tag.field];
  if (typeof tag === 'string' && ((model.labels ?? []) as string[]).includes(tag)) {
    await feedback.give(model, {
      text,
      subject,
      label: tag,
      predictedLabel: predicted?.label ?? null,
      predictedVersion: predicted?.version ?? null,
      giverKey,
      source: 'author',
      dataset: type.tag.dataset,
    });
  } else {
    await feedback.withdraw(model, { subject, giverKey, dataset: type.tag.dataset });
  }
}

/** Saves whose sync has not finished, so shutdown (and tests) can wait for them. */
const pending = new Set<Promise<void>>();
export const entrySyncsSettled = () => Promise.allSettled([...pending]);

/** Follows saves of every registered type that names a model (registrations are read at each save). */
export function registerEntrySync(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (!['create', 'update'].includes(context.action)) return result;
    const type = getService(strapi, 'subjects').typeOf(context.uid);
    const model = type?.model;
    if (!type || !model) return result;
    const saved = result as Record<string, unknown> | null;
    if (typeof saved?.documentId !== 'string') return result;
    const documentId = saved.documentId;
    const giverKey = giverOf(strapi, type, saved);
    // after the app's own transaction, if it saved in one: a rolled-back save gives no feedback
    const job: Promise<void> = afterCommit(strapi)
      .then((committed) =>
        committed ? syncEntry(strapi, { ...type, model }, documentId, giverKey) : undefined
      )
      .catch((error: Error) => {
        strapi.log.error(
          `[model-manager] sync of ${type.uid} ${documentId} failed: ${error.message}`
        );
      })
      .finally(() => pending.delete(job));
    pending.add(job);
    return result;
  });
}
