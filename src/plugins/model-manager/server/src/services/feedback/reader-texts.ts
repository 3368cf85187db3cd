import type { Core } from '@strapi/strapi';
import type { z } from '@strapi/utils';
import { UIDS } from '../../../../shared/constants';
import {
  READER_TEXTS_SHOWN,
  type ReaderTexts,
  type readerTextsQuery,
} from '../../../../shared/contracts/personal';
import { usernamesOf } from '../../database/repositories/accounts';
import { latestOfGiver } from '../../database/repositories/feedback';
import { countReaders, readerIdsPage } from '../../database/repositories/personal-models';
import { rowId, type ModelDocument } from '../../types/documents';
import { readerKey } from '../../principals';

/**
 * What readers with a personal model labelled, for an editor granted `readers.read-texts` only
 * (the route's permission): the counts route (personal.readers) never names anyone. A page of
 * readers by id, each with their labels on this model, newest first.
 */
const createReaderTextsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async page(model: ModelDocument, query: z.output<typeof readerTextsQuery>) {
    const db = strapi.db.connection;
    const [ids, total] = await Promise.all([
      readerIdsPage(db, rowId(model), (query.page - 1) * query.pageSize, query.pageSize),
      countReaders(db, rowId(model), 1),
    ]);
    const pagination = {
      page: query.page,
      pageSize: query.pageSize,
      pageCount: Math.ceil(total / query.pageSize),
      total,
    };
    if (!ids.length) return { data: [] as ReaderTexts[], meta: { pagination } };
    const feedback = strapi.db.query(UIDS.feedback);
    // Per reader, so a reader with thousands of labels costs a count and READER_TEXTS_SHOWN rows, not all of them.
    const ofReader = (id: number) => ({ model: { id: model.id }, giverKey: readerKey(id) });
    const [users, perReader] = await Promise.all([
      usernamesOf(strapi, ids),
      Promise.all(
        ids.map(async (id) => ({
          labels: await feedback.count({ where: ofReader(id) }),
          rows: await latestOfGiver(strapi, rowId(model), readerKey(id), READER_TEXTS_SHOWN),
        }))
      ),
    ]);
    const names = new Map(users.map((u) => [u.id, u.username]));
    const data: ReaderTexts[] = ids.map((id, i) => ({
      id,
      username: names.get(id) ?? `user ${id}`, // a deleted user's rows outlive the account until a reset
      labels: perReader[i].labels,
      texts: perReader[i].rows.map((r) => ({
        text: r.text ?? null,
        label: r.label,
        subject: r.subjectKey,
        labelledAt: new Date(r.updatedAt).toISOString(),
      })),
    }));
    return { data, meta: { pagination } };
  },
});

export type ReaderTextsService = ReturnType<typeof createReaderTextsService>;
export default createReaderTextsService;
