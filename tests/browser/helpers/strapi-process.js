// The real app as a child process for a browser test that must begin where a newcomer begins (an
// empty database, the demo's seeding): the harness's `startApp` with the browser suite's defaults,
// keeping the last lines the app printed so a test can wait for one.
const { startApp } = require('../../../harness/app-process');

/** Starts `strapi start` with `env` over the defaults; answers its url, its last lines (`output`) and `stop()`. */
async function startStrapi(env = {}) {
  const output = [];
  const app = await startApp({
    env: {
      NODE_ENV: 'development',
      STRAPI_LOG_LEVEL: 'warn',
      MODEL_MANAGER_DEMO: 'false',
      ADMIN_RATE_LIMIT_ENABLED: 'false', // the suite logs in more than 5 times in 5 minutes
      ...env,
    },
    onLine: (line) => {
      output.push(`${line}\n`);
      if (output.length > 400) output.shift();
    },
  });
  return { url: app.url, output, stop: () => app.stop(10_000) };
}

module.exports = { startStrapi };
