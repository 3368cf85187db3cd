/**
 * Whether an error means "the database cannot be reached" (down, restarting, refusing
 * connections), as opposed to a query that failed. Those deserve a 503 the client may retry,
 * never a 500. Codes: Node's socket errors, PostgreSQL's SQLSTATE classes 08 (connection
 * exception) and 57P (operator intervention: shutdown, restart), and the messages pg and knex
 * give when a connection dies or none can be had.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down)/i,
];

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (SOCKET_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))
    )
      return true;
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    current = cause;
  }
  return false;
}
