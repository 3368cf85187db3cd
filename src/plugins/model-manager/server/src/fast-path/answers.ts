import type { ServerResponse } from 'http';
import { errors } from '@strapi/utils';

type Headers = Record<string, string | string[]>;

/** Strapi's status for each application error class (what `strapi::errors` answers; its formatter is not exported by @strapi/core). */
const STATUS_OF: Array<[new (...args: never[]) => Error, number]> = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

export interface ErrorAnswer {
  status: number;
  body: { data: null; error: { status: number; name: string; message: string; details?: unknown } };
}

/**
 * The body `strapi::errors` gives the same error: an ApplicationError keeps its name, message and
 * details (400 unless its class says otherwise), an HttpError its status; anything else is a 500
 * that shows nothing of the cause (null: the caller logs it).
 */
export function errorAnswer(error: unknown): ErrorAnswer | null {
  if (error instanceof errors.ApplicationError) {
    const status = STATUS_OF.find(([type]) => error instanceof type)?.[1] ?? 400;
    return {
      status,
      body: {
        data: null,
        error: { status, name: error.name, message: error.message, details: error.details },
      },
    };
  }
  if (error instanceof errors.HttpError) {
    const { status, name, message, details } = error as errors.HttpError & {
      status: number;
      details?: unknown;
    };
    return { status, body: { data: null, error: { status, name, message, details } } };
  }
  return null;
}

export const INTERNAL_ERROR: ErrorAnswer = {
  status: 500,
  body: {
    data: null,
    error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' },
  },
};

/** Headers as writeHead's flat list ([name, value, name, value, ...]), built once per set of headers. */
export function flatHeaders(headers: Headers): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries({
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
  })) {
    for (const one of Array.isArray(value) ? value : [value]) flat.push(name, one);
  }
  return flat;
}

/** Writes a JSON answer as Koa would (same content type, a Content-Length) with headers from flatHeaders(). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: string[]
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, [...headers, 'Content-Length', String(payload.length)]);
  res.end(payload);
}
