/**
 * Whether an error means "the database cannot be reached" (down, restarting, refusing
 * connections), as opposed to a query that failed. Those deserve a 503 the client may retry,
 * never a 500. Decided by what a client cannot write: codes (Node's socket errors, PostgreSQL's
 * SQLSTATE classes 08, connection exception, and 57P, operator intervention), the class knex gives
 * its pool timeout, and the exact messages of the plain errors pg raises when a connection dies
 * (whole messages, or a whole message after the `<sql> - ` knex puts in front of a failed query's;
 * never a pattern found inside one). An application error (a validation error,
 * anything with a 4xx status) never counts, whatever its text: a client could otherwise put the
 * instance into its outage answer by sending the right words.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const PG_CONNECTION_MESSAGES = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);
const APPLICATION_ERRORS = new Set([
  'ValidationError',
  'YupValidationError',
  'ZodError',
  'ApplicationError',
]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  status?: unknown;
  cause?: unknown;
}

function isApplicationError(error: ErrorLike): boolean {
  if (typeof error.status === 'number' && error.status < 500) return true;
  return typeof error.name === 'string' && APPLICATION_ERRORS.has(error.name);
}

/** pg's message as is, or as knex rewrites it when a query fails: `<the query's sql> - <message>`. */
function isPgConnectionMessage(message: string): boolean {
  if (PG_CONNECTION_MESSAGES.has(message)) return true;
  const cut = message.lastIndexOf(' - ');
  return cut > 0 && PG_CONNECTION_MESSAGES.has(message.slice(cut + 3));
}

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const e = current as ErrorLike;
    if (isApplicationError(e)) return false;
    const { code, name, message } = e;
    if (
      typeof code === 'string' &&
      (SOCKET_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))
    )
      return true;
    if (name === 'KnexTimeoutError') return true;
    // pg's own: a plain Error (no subclass, no code) whose whole message is one of these
    if (
      Object.getPrototypeOf(current) === Error.prototype &&
      code === undefined &&
      typeof message === 'string' &&
      isPgConnectionMessage(message)
    )
      return true;
    current = e.cause;
  }
  return false;
}
