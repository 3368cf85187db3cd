import type { Core } from '@strapi/strapi';
import type { z } from '@strapi/utils';
import { UIDS } from '../../../shared/constants';
import { READER_TEXTS_SHOWN, type ReaderTexts, type readerTextsQuery } from '../../../shared/contracts/personal';
import type { ModelDocument } from '../types/documents';

interface FeedbackRow {
  giverKey: string;
  text: string | null;
  label: string;
  subjectKey: string;
  updatedAt: string | Date;
}

/**
 * What readers with a personal model labelled, for an editor granted `readers.read-texts` only
 * (the route's permission): the counts route (personal.readers) never names anyone. A page of
 * readers by id, each with their labels on this model, newest first.
 */
const createReaderTextsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async page(model: ModelDocument, query: z.output<typeof readerTextsQuery>) {
    const owners = strapi.db.connection('mm_personal_models').where({ model_id: model.id }).where('labels', '>=', 1);
    const [heads, counted] = await Promise.all([
      owners.clone().orderBy('user_id', 'asc').offset((query.page - 1) * query.pageSize).limit(query.pageSize).select('user_id'),
      owners.clone().count({ n: '*' }).first(),
    ]);
    const ids = (heads as Array<{ user_id: number }>).map((h) => Number(h.user_id));
    const total = Number((counted as { n: number | string } | undefined)?.n ?? 0);
    const [users, rows] = ids.length
      ? await Promise.all([
          strapi.db.query('plugin::users-permissions.user').findMany({ where: { id: { $in: ids } }, select: ['id', 'username'] }) as Promise<Array<{ id: number; username: string }>>,
          strapi.db.query(UIDS.feedback).findMany({
            where: { model: { id: model.id }, giverKey: { $in: ids.map((id) => `user:${id}`) } },
            select: ['giverKey', 'text', 'label', 'subjectKey', 'updatedAt'],
            orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
          }) as Promise<FeedbackRow[]>,
        ])
      : [[], []];
    const names = new Map(users.map((u) => [u.id, u.username]));
    const data: ReaderTexts[] = ids.map((id) => {
      const own = rows.filter((r) => r.giverKey === `user:${id}`);
      return {
        id,
        username: names.get(id) ?? `user ${id}`, // a deleted user's rows outlive the account until a reset
        labels: own.length,
        texts: own.slice(0, READER_TEXTS_SHOWN).map((r) => ({ text: r.text ?? null, label: r.label, subject: r.subjectKey, labelledAt: new Date(r.updatedAt).toISOString() })),
      };
    });
    return { data, meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } } };
  },
});

export type ReaderTextsService = ReturnType<typeof createReaderTextsService>;
export default createReaderTextsService;
