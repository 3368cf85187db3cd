import { z } from '@strapi/utils';
import { envelope, pagination } from './envelope';

/** Admin `GET /readers?search=`: users-permissions users to pick as a collective model's members. */
export const listReadersQuery = z
  .object({
    search: z.string().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/** Only what picking needs: never emails, roles or anything a reader wrote. */
export const readerEntry = z.object({ id: z.number().int(), username: z.string() });
export type ReaderEntry = z.infer<typeof readerEntry>;
export const readersListResponse = envelope(z.array(readerEntry), z.object({ pagination }));
export namespace ListReaders {
  export type Response = z.infer<typeof readersListResponse>;
}
