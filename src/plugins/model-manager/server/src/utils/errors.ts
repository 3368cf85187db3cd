import createHttpError from 'http-errors';

/**
 * 409: the request conflicts with the current state (a slug taken, a transition the status forbids).
 * @strapi/utils has no class for it; Strapi's error middleware formats any HttpError with its own
 * status and name ("ConflictError") in the usual `{ data: null, error }` shape.
 */
export function conflict(message: string, details: Record<string, unknown> = {}): Error {
  return createHttpError(409, message, { details });
}

/** True for a unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/.test(e?.message ?? '')
  );
}
