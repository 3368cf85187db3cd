import createHttpError from 'http-errors';

/**
 * 409: the request conflicts with the current state (a slug taken, a transition the status forbids).
 * @strapi/utils has no class for it; Strapi's error middleware formats any HttpError with its own
 * status and name ("ConflictError") in the usual `{ data: null, error }` shape.
 */
export function conflict(message: string, details: Record<string, unknown> = {}): Error {
  return createHttpError(409, message, { details });
}

/** 503: the server is at capacity for this kind of work; the request may be retried as it is. */
export function serviceBusy(message: string, details: Record<string, unknown> = {}): Error {
  return createHttpError(503, message, { details, headers: { 'Retry-After': '2' } });
}

/** 504: a served model did not answer within its deadline (retrying the same input would not help). */
export function inferenceTimeout(message: string, details: Record<string, unknown> = {}): Error {
  return createHttpError(504, message, { details });
}

/** 503 without Retry-After: the server could not run this request within its limits. */
export function overLimit(message: string, details: Record<string, unknown> = {}): Error {
  return createHttpError(503, message, { details });
}

/**
 * True for a unique-constraint violation on SQLite or PostgreSQL, or Strapi's own uniqueness
 * check ("This attribute must be unique") when a concurrent request committed first.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string } | null;
  return (
    (e?.name === 'ValidationError' && /must be unique/.test(e.message ?? '')) ||
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/.test(e?.message ?? '')
  );
}
