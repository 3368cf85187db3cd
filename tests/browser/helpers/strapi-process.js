// The real app as a child process (`strapi start` on the compiled dist/), on a free port: the browser
// suite's global setup starts one for every test file, and a test that must begin where a newcomer
// begins (an empty database, the demo's seeding) starts one of its own.
const { spawn } = require('child_process');
const net = require('net');
const path = require('path');
const { ROOT } = require('../../helpers/database');

const STRAPI_BIN = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const BOOT_TIMEOUT_MS = 180_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url, child, output) {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`strapi start exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/_health`);
      if (res.status === 204 || res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `strapi start did not answer within ${BOOT_TIMEOUT_MS / 1000} s:\n${output.join('')}`
  );
}

/**
 * Starts `strapi start` with `env` over the test defaults and waits for /_health. Answers its url, the
 * child, the last lines it printed (`output`), and `stop()`, which ends it (SIGKILL after 10 s).
 */
async function startStrapi(env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const child = spawn(process.execPath, [STRAPI_BIN, 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'development',
      STRAPI_LOG_LEVEL: 'warn',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_STARTUP_BANNER: 'false',
      MODEL_MANAGER_DEMO: 'false',
      ADMIN_RATE_LIMIT_ENABLED: 'false', // the suite logs in more than 5 times in 5 minutes
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // If jest dies without its teardown, the app must not outlive it.
  const killChild = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', killChild);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killChild);
  };
  try {
    await waitUntilUp(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, output, stop };
}

module.exports = { STRAPI_BIN, startStrapi };
