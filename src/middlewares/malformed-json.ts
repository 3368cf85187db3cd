import { errors } from '@strapi/utils';

/**
 * The body parser reports unparsable JSON as a bare "SyntaxError"; clients of API.md rely on
 * 400 ValidationError for every malformed request, so rename it here, between errors and body.
 */
export default () =>
  async (ctx: unknown, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error) {
      const e = error as { status?: number; name?: string; message?: string };
      if (e?.status === 400 && e.name === 'SyntaxError') {
        throw new errors.ValidationError(`Malformed JSON body: ${e.message}`, { errors: [{ path: ['body'], message: 'malformed JSON', name: 'ValidationError' }] });
      }
      throw error;
    }
  };
