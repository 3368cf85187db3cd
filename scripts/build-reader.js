'use strict';
// Builds the reader's page (src/reader, served at /partisan/ by src/middlewares/partisan-reader.ts)
// into dist-reader/: one bundled, minified script and one stylesheet with content hashes in their
// names (so they can be cached for a year), index.html naming them, gzip and brotli copies of each,
// and manifest.json listing exactly the files the middleware may serve. esbuild is Strapi's own.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const SOURCE = path.join(root, 'src', 'reader');
const OUT = path.join(root, 'dist-reader');
const MANIFEST = path.join(OUT, 'manifest.json');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const hashed = (name, bytes) => {
  const { name: base, ext } = path.parse(name);
  return `${base}-${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 10)}${ext}`;
};

function buildReader() {
  const esbuild = require('esbuild');
  const started = Date.now();
  const result = esbuild.buildSync({
    entryPoints: [path.join(SOURCE, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    write: false,
    outdir: OUT,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const style = esbuild.transformSync(fs.readFileSync(path.join(SOURCE, 'styles.css'), 'utf8'), {
    loader: 'css',
    minify: true,
  }).code;
  const files = {
    [hashed('app.js', script)]: Buffer.from(script),
    [hashed('app.css', style)]: Buffer.from(style),
  };
  const [scriptName, styleName] = Object.keys(files);
  const html = fs
    .readFileSync(path.join(SOURCE, 'index.html'), 'utf8')
    .replace('%SCRIPT%', `./${scriptName}`)
    .replace('%STYLE%', `./${styleName}`);
  files['index.html'] = Buffer.from(html);

  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const manifest = {};
  for (const [name, bytes] of Object.entries(files)) {
    fs.writeFileSync(path.join(OUT, name), bytes);
    fs.writeFileSync(path.join(OUT, `${name}.gz`), zlib.gzipSync(bytes, { level: 9 }));
    fs.writeFileSync(path.join(OUT, `${name}.br`), zlib.brotliCompressSync(bytes));
    manifest[name] = {
      type: TYPES[path.extname(name)],
      immutable: name !== 'index.html',
      etag: `"${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`,
      bytes: bytes.length,
    };
  }
  // Written last: a build that died half-way leaves no manifest, so the page is rebuilt next time.
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2));
  console.log(
    `[reader] built dist-reader/ in ${Date.now() - started} ms (${Object.entries(manifest)
      .map(([n, m]) => `${n} ${m.bytes} B`)
      .join(', ')})`
  );
}

/** Builds when the manifest is missing or older than any source of the page (or this script). */
function buildReaderIfStale() {
  const builtAt = fs.existsSync(MANIFEST) ? fs.statSync(MANIFEST).mtimeMs : 0;
  if (Math.max(newestMtime(SOURCE), fs.statSync(__filename).mtimeMs) > builtAt) buildReader();
}

module.exports = { buildReader, buildReaderIfStale, READER_OUT: OUT };

if (require.main === module) buildReader();
