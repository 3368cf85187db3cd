import type { Utils } from '@strapi/strapi';

/**
 * Values for typed document inputs (types/generated, `strapi ts:generate-types`), where the
 * generated types and the document service's runtime disagree; one place says why.
 */

/**
 * A value for a JSON attribute. Our contract types are JSON by construction, but TypeScript
 * interfaces carry no index signature, so Strapi's JSONValue does not accept them as they are.
 * Absent (undefined) leaves the attribute unset.
 */
export function asJson(value: object | null | undefined): Utils.JSONValue | undefined {
  return (value ?? undefined) as Utils.JSONValue | undefined;
}

/**
 * A scalar or relation that null clears: the document service stores null (and disconnects a
 * relation), but the generated input types only know undefined, which would leave the old value.
 */
export function orClear<T>(value: T | null | undefined): T | undefined {
  return value as T | undefined;
}
