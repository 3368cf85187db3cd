import { isFetchError } from '@strapi/strapi/admin';

export interface ServerError {
  status: number | null;
  name: string | null;
  /** The server's own words, when it sent any. */
  message: string | null;
  details: Record<string, unknown>;
}

/** What the server said about a failed request, read from Strapi's `{ error }` body. */
export function readServerError(error: unknown): ServerError {
  if (isFetchError(error)) {
    const body = error.response?.data?.error;
    return {
      status: error.status ?? body?.status ?? null,
      name: body?.name ?? null,
      message: body?.message ?? null,
      details: (body?.details as Record<string, unknown> | undefined) ?? {},
    };
  }
  return {
    status: null,
    name: null,
    message: error instanceof Error ? error.message : null,
    details: {},
  };
}

/** The fetch client aborts on unmount; such errors are nobody's business. */
export const isAbort = (error: unknown) =>
  error instanceof DOMException && error.name === 'AbortError';

/** Lets a panel tell "this server has no such endpoint yet" from a real failure. */
export const isNotFound = (error: unknown) => readServerError(error).status === 404;
