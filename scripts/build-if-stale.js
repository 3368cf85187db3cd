'use strict';
// Builds the app (server and admin) when its sources are newer than the last build, and the
// reader's page (src/reader, its own esbuild step: scripts/build-reader.js) when its sources are.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { buildReaderIfStale } = require('./build-reader');

const root = path.resolve(__dirname, '..');
const strapiBin = path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
// The reader's page is not part of Strapi's build: a change there rebuilds only the page.
const READER_SOURCES = path.join(root, 'src', 'reader');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (full === READER_SOURCES) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale(label) {
  buildReaderIfStale();
  const builtAt = ['dist', 'build'].map((d) => path.join(root, d)).every(fs.existsSync)
    ? fs.statSync(path.join(root, 'build', 'index.html')).mtimeMs
    : 0;
  const sourcesAt = Math.max(...['src', 'config', 'database'].map((d) => newestMtime(path.join(root, d))));
  if (sourcesAt <= builtAt) return;
  // No promise of a duration: it depends on the machine and its load (40 s idle, minutes when busy).
  console.log(`[${label}] sources changed since the last build: building the app and the admin panel first...`);
  const started = Date.now();
  const build = spawnSync(process.execPath, [strapiBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(`[${label}] built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

module.exports = { buildIfStale, root, strapiBin };
