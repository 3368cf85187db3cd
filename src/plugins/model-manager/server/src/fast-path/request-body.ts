import type { IncomingMessage } from 'http';
import { errors } from '@strapi/utils';
import { fieldError } from '../utils/validate';

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit)
        reject(
          new errors.PayloadTooLargeError(`The request body is over ${limit} bytes.`, { limit })
        );
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Keys Strapi's body parser refuses (co-body's prototype-poisoning check): a parsed `__proto__`
 * is an own key that merging code could follow into Object.prototype.
 */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && value && typeof value === 'object' && 'prototype' in value)
  )
    throw new SyntaxError('Object contains forbidden prototype property');
  return value;
}

/** The JSON body, at most `limit` bytes (413 past it); malformed JSON is a 400 naming `body`. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8'), refusePrototypeKeys);
  } catch (error) {
    throw fieldError(
      ['body'],
      'malformed JSON',
      {},
      `Malformed JSON body: ${(error as Error).message}`
    );
  }
}
