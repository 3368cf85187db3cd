import type { Modules } from '@strapi/strapi';
import { errors, z } from '@strapi/utils';
import { ACTIONS } from '../../../shared/constants';
import { SLUG_PATTERN } from '../../../shared/contracts/models';

/**
 * What every model-manager MCP tool shares. Tools only read: the admin routes they mirror need
 * the Read action, so the MCP session gate enables them for token owners who hold it.
 * Submitting, approving and rejecting stay human steps in the admin panel: no tool does them.
 */
export const READ_AUTH = {
  policies: [{ action: ACTIONS.read }],
} satisfies Modules.MCP.McpCapabilityAuth;

export const modelSlug = z
  .string()
  .regex(SLUG_PATTERN, 'not a model slug')
  .describe('the model slug, e.g. "spam"');
export const versionNumber = z.number().int().positive();

/** Headline figures of an evaluation; null where the version has none. */
export const headline = z
  .object({
    accuracy: z.number(),
    macroF1: z.number(),
    auc: z.number().nullable(),
    dataset: z.string(),
    size: z.number().int(),
  })
  .nullable();

export function headlineOf(
  metrics: Record<string, unknown> | null | undefined
): z.infer<typeof headline> {
  if (!metrics || typeof metrics.accuracy !== 'number' || typeof metrics.macroF1 !== 'number')
    return null;
  return {
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    auc: typeof metrics.auc === 'number' ? metrics.auc : null,
    dataset: String(metrics.dataset ?? ''),
    size: Number(metrics.size ?? 0),
  };
}

/** A tool answer: the structured result, and the same as JSON text for clients that only read text. */
export function answer<T extends Record<string, unknown>>(structured: T) {
  return {
    content: [{ type: 'text' as const, text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}

/**
 * A client's mistake (unknown model, version out of reach, text too long) is the tool's answer,
 * marked as an error; anything else is left to Strapi's MCP wrapper, which logs it.
 */
export function refusing<A, R>(handler: (params: A) => Promise<R>) {
  return async (params: A) => {
    try {
      return await handler(params);
    } catch (error) {
      if (!(error instanceof errors.ApplicationError)) throw error;
      return {
        content: [{ type: 'text' as const, text: `${error.name}: ${error.message}` }],
        isError: true as const,
      };
    }
  };
}
