import { errors } from '@strapi/utils';
import type { z } from '@strapi/utils';

/**
 * Parses input at the edge. A schema failure becomes Strapi's ValidationError (400) with each
 * offending field named in `details.errors`, never a ZodError that would surface as a 500.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    // PostgreSQL cannot store or compare a NUL character and answers with an error (a 500 here).
    const nul = pathToNul(result.data);
    if (nul) throw fieldError(nul, 'must not contain the NUL character (\\u0000)');
    return result.data;
  }
  const issues = result.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path, ...unknownKeys.slice(0, 1)].map(String);
    return { path, message: issue.message, name: 'ValidationError' };
  });
  const first = issues[0];
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  throw new errors.ValidationError(`${where}${first.message}`, { errors: issues });
}

/**
 * A 400 about one field, in the shape `validate` gives: `details.errors[0].path` names the field.
 * `summary` replaces the default "field: message" headline; `details` adds keys (e.g. `problem`).
 */
export function fieldError(
  path: string[],
  message: string,
  details: Record<string, unknown> = {},
  summary?: string
) {
  return new errors.ValidationError(summary ?? `${path.join('.')}: ${message}`, {
    ...details,
    errors: [{ path, message, name: 'ValidationError' }],
  });
}

/** The path of the first string holding U+0000 in parsed input, or null. */
function pathToNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || path.length > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathToNul(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
