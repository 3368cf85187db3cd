#!/usr/bin/env node
'use strict';
// `npm run demo`: builds the app when its sources are newer than the build, then starts Strapi
// with the Partisan Discourse demo (src/demo/seed.ts) on the embedded SQLite database.
const { spawn } = require('child_process');
const { buildIfStale, root, strapiBin } = require('./build-if-stale');

// "ready" counts from here, the build and Strapi's boot included, not from when seeding began.
const startedAt = String(Date.now());
buildIfStale('demo');

// Strapi logs warnings and errors only, and no startup box: the demo prints its own lines, the
// admin URL among them, once it is ready (set STRAPI_LOG_LEVEL=http to see every request again).
const child = spawn(process.execPath, [strapiBin, 'start'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    STRAPI_LOG_LEVEL: 'warn',
    STRAPI_STARTUP_BANNER: 'false',
    ...process.env,
    MODEL_MANAGER_DEMO: 'true',
    MODEL_MANAGER_DEMO_STARTED_AT: startedAt,
  },
});
console.log('[demo] starting Strapi; the demo says when it is ready...');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
