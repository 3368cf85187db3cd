import { errors } from '@strapi/utils';

// formidable's error codes (FormidableError.code) for what a client sent, see formidable/src/FormidableError.js.
const FORMIDABLE_TOO_LARGE = new Set([1006, 1007]); // maxFieldsSize, maxFields exceeded
const FORMIDABLE_CLIENT_ERRORS = new Set([1002, 1005, 1008, 1010, 1011, 1012, 1013, 1014]); // aborted, malformed, no boundary, ...

const bodyError = (message: string) => ({
  errors: [{ path: ['body'], message, name: 'ValidationError' }],
});

/**
 * The body parser reports unparsable JSON as a bare "SyntaxError" and a malformed multipart body
 * as an unclassified error, which Strapi answers 500. Clients of API.md rely on 400
 * ValidationError for every malformed request (413 for one too large), so translate them here,
 * between errors and body.
 */
export default () => async (ctx: unknown, next: () => Promise<void>) => {
  try {
    await next();
  } catch (error) {
    const e = error as { status?: number; name?: string; message?: string; code?: unknown };
    if (e?.status === 400 && e.name === 'SyntaxError') {
      throw new errors.ValidationError(
        `Malformed JSON body: ${e.message}`,
        bodyError('malformed JSON')
      );
    }
    if (typeof e?.code === 'number' && FORMIDABLE_TOO_LARGE.has(e.code)) {
      throw new errors.PayloadTooLargeError(`The form is too large: ${e.message}`, {
        field: 'body',
      });
    }
    if (typeof e?.code === 'number' && FORMIDABLE_CLIENT_ERRORS.has(e.code)) {
      throw new errors.ValidationError(
        `Malformed multipart body: ${e.message}`,
        bodyError('malformed multipart/form-data')
      );
    }
    throw error;
  }
};
