import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * Serves the reader's page (src/reader, built by scripts/build-reader.js into dist-reader/) at
 * /partisan/. Only the files the build's manifest lists are served, so no request path ever
 * reaches the file system. Hashed assets are cached for a year; index.html is revalidated on every
 * visit (ETag), so a new build shows at once. Precompressed brotli/gzip copies when the client takes them.
 */
const PREFIX = '/partisan';

interface Entry {
  type: string;
  immutable: boolean;
  etag: string;
}

interface KoaLike {
  method: string;
  path: string;
  querystring: string;
  status: number;
  body: unknown;
  type: string;
  acceptsEncodings(...encodings: string[]): string | false;
  get(name: string): string;
  set(name: string, value: string): void;
  redirect(url: string): void;
}

type Manifest = { dir: string; files: Record<string, Entry>; readAt: number };

function readManifest(dir: string, previous: Manifest | null): Manifest | null {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return null;
  const mtime = fs.statSync(file).mtimeMs;
  if (previous && previous.readAt === mtime) return previous;
  return { dir, files: JSON.parse(fs.readFileSync(file, 'utf8')), readAt: mtime };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const dir = path.join(strapi.dirs.app.root, 'dist-reader');
  let manifest: Manifest | null = null;

  return async (ctx: KoaLike, next: () => Promise<void>) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === PREFIX)
      return ctx.redirect(`${PREFIX}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);

    // Re-read when a rebuild replaced it (cheap stat), so `npm run build:reader` needs no restart.
    manifest = readManifest(dir, manifest);
    const name = ctx.path.slice(PREFIX.length + 1) || 'index.html';
    const entry = manifest?.files[name];
    if (!manifest || !entry || !Object.prototype.hasOwnProperty.call(manifest.files, name)) {
      if (!manifest)
        strapi.log.warn('[partisan] dist-reader/ is not built: run npm run build:reader');
      return next();
    }

    ctx.set('Cache-Control', entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('ETag', entry.etag);
    ctx.set('Vary', 'Accept-Encoding');
    if (ctx.get('If-None-Match') === entry.etag) {
      ctx.status = 304;
      return;
    }
    const encoding = ctx.acceptsEncodings('br', 'gzip', 'identity');
    const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
    if (suffix) ctx.set('Content-Encoding', encoding as string);
    ctx.type = entry.type;
    ctx.status = 200;
    ctx.body = fs.createReadStream(path.join(manifest.dir, name + suffix));
  };
};
