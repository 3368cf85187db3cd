'use strict';
// Builds the app (server and admin) when its sources differ from those of the last build, and the
// reader's page (src/reader, its own esbuild step: scripts/build-reader.js) when its sources are newer.
//
// "Differ" is a hash of the sources' paths and bytes kept beside the build (dist/.sources-hash), not a
// comparison of modification times: a checkout, an editor's save or a copied tree moves mtimes without
// changing a byte, and the build's own output (Strapi 5 writes the admin to dist/build/) is the only
// marker that says the build finished.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { buildReaderIfStale } = require('./build-reader');

const root = path.resolve(__dirname, '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
// What `strapi build` reads. The reader's page is not part of it: a change there rebuilds only the page.
const SOURCE_DIRS = ['src', 'config', 'database'];
const SOURCE_FILES = ['package-lock.json', 'tsconfig.json'];
const EXCLUDED_DIRS = [path.join('src', 'reader')];

const stampPath = (appRoot) => path.join(appRoot, 'dist', '.sources-hash');
const adminIndexPath = (appRoot) => path.join(appRoot, 'dist', 'build', 'index.html');

function listSources(appRoot) {
  const files = [];
  const walk = (relative) => {
    const full = path.join(appRoot, relative);
    if (!fs.existsSync(full)) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!EXCLUDED_DIRS.includes(child)) walk(child);
      } else if (!entry.name.endsWith('.test.ts')) files.push(child);
    }
  };
  SOURCE_DIRS.forEach(walk);
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(appRoot, file))) files.push(file);
  return files.sort();
}

/** A sha256 over every source file's path and bytes, in a stable order. */
function sourcesHash(appRoot = root) {
  const hash = crypto.createHash('sha256');
  for (const file of listSources(appRoot)) {
    hash.update(file.split(path.sep).join('/')).update('\0');
    hash.update(fs.readFileSync(path.join(appRoot, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Why the app needs building, or null when the last finished build was made from these very sources. */
function staleReason(appRoot = root) {
  if (!fs.existsSync(adminIndexPath(appRoot))) return 'no build yet';
  const stamp = fs.existsSync(stampPath(appRoot))
    ? fs.readFileSync(stampPath(appRoot), 'utf8').trim()
    : null;
  if (!stamp) return 'the build does not say which sources it was made from';
  return stamp === sourcesHash(appRoot) ? null : 'sources changed since the last build';
}

/** Records that the build in dist/ was made from `hash` (computed before it started). */
function markBuilt(hash, appRoot = root) {
  fs.writeFileSync(stampPath(appRoot), `${hash}\n`);
}

function buildIfStale(label) {
  buildReaderIfStale();
  const reason = staleReason();
  if (!reason) return;
  // Hashed before building: a file saved during the build makes the next start build again.
  const hash = sourcesHash();
  // No promise of a duration: it depends on the machine and its load (40 s idle, minutes when busy).
  console.log(`[${label}] ${reason}: building the app and the admin panel first...`);
  const started = Date.now();
  const build = spawnSync(process.execPath, [strapiBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  markBuilt(hash);
  console.log(`[${label}] built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

module.exports = { buildIfStale, staleReason, sourcesHash, markBuilt, root, strapiBin };
