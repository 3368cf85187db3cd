import { promises as fs } from 'fs';
import type { Context, Next } from 'koa';

type Files = Record<string, { filepath?: string } | Array<{ filepath?: string }>>;

/**
 * The body parser writes every file of any multipart request to the temp folder, before anyone is
 * authenticated, and Strapi removes only those of a field named "files" on its upload routes. This
 * removes them all once the response is decided, on every path (a multipart body to the health
 * check or the login would otherwise stay on disk for good), on success, refusal or error alike.
 */
export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } finally {
    const files = ((ctx.request as { files?: Files }).files ?? {}) as Files;
    const paths = Object.values(files)
      .flat()
      .map((file) => file?.filepath)
      .filter((path): path is string => typeof path === 'string');
    await Promise.all(paths.map((path) => fs.rm(path, { force: true })));
  }
};
