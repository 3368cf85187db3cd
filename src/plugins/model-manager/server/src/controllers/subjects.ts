import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { Prediction } from '../../../shared/contracts/predict';
import { subjectParams } from '../../../shared/contracts/subject-prediction';
import { getService } from '../utils/get-service';
import { validate } from '../utils/validate';

/** The admin's view of subjects: which types the app registered, and an entry's prediction for the Content Manager. */
export const createSubjectsActions = ({ strapi }: { strapi: Core.Strapi }) => ({
  async types() {
    const types = getService(strapi, 'subjects').types();
    return {
      data: types.map((t) => ({
        uid: t.uid,
        model: t.model ?? null,
        tagField: t.tag?.field ?? null,
      })),
      meta: {},
    };
  },

  /** A saved entry scored now by its type's model, explained, beside its tag and what its save hook stored. */
  async prediction(ctx: Context) {
    const { type: uid, documentId } = validate(subjectParams, ctx.params);
    const subjects = getService(strapi, 'subjects');
    const type = subjects.typeOf(uid);
    if (!type?.model)
      throw new errors.NotFoundError(`No model scores ${uid} entries (config subjects)`, {
        type: uid,
      });
    const subject = await subjects.read({ type: uid, documentId }, []);
    const entry = subject.fields;
    const { data, meta } = await getService(strapi, 'predictions').predict(
      type.model,
      { text: subject.text, explain: true },
      { mayReadAll: false }
    );
    const stored = (field: string | undefined) =>
      field && entry[field] != null ? String(entry[field]) : null;
    return {
      data: {
        documentId,
        text: subject.text,
        tag: stored(type.tag?.field),
        predictedBy: stored(type.prediction?.by),
        prediction: data as Prediction,
      },
      meta,
    };
  },
});
