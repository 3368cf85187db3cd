import { promises as fs } from 'fs';
import type { Context, Next } from 'koa';

type Files = Record<string, { filepath?: string } | Array<{ filepath?: string }>>;

const OURS = /^\/(api\/)?model-manager\//;

/**
 * The body parser writes multipart files to the temp folder and Strapi removes only those of a
 * field named "files". This removes the plugin's uploads after the response is decided, on
 * success, refusal or error alike (auth failures included: the body is parsed before them).
 */
export default () => async (ctx: Context, next: Next) => {
  if (!OURS.test(ctx.path)) return next();
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
