import { z } from '@strapi/utils';

/**
 * Strapi's response envelopes as zod schemas. Routes carry them so `strapi openapi generate`
 * describes each answer; contracts build their response types from them (one source of truth).
 */
export const envelope = <D extends z.ZodType, M extends z.ZodType>(data: D, meta: M) =>
  z.object({ data, meta });

export const emptyMeta = z.object({});

/** `{ data: null, error }`: what every failure answers (API.md, "Errors a client can rely on"). */
export const errorResponse = z.object({
  data: z.null(),
  error: z.object({
    status: z.number().int(),
    name: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

export const pagination = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
  total: z.number().int(),
});
export type Pagination = z.infer<typeof pagination>;
