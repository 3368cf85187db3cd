import { spawnSync } from 'child_process';
import path from 'path';

/**
 * Secrets in production: `strapi build` must work before they exist (a Dockerfile builds first);
 * every other command, `strapi start` above all, refuses to run without them. Checked on the
 * compiled config, as the CLI loads it, in a child process with the given command line.
 */
describe('runtime secrets in production', () => {
  const secrets = path.resolve(__dirname, '..', '..', 'dist', 'config', 'secrets.js');
  const cli = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'strapi');
  const run = (command: string, env: Record<string, string> = {}) =>
    spawnSync(
      process.execPath,
      [
        '-e',
        `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ${JSON.stringify(command)}]; console.log(require(${JSON.stringify(secrets)}).secret('APP_KEYS', process.env.APP_KEYS))`,
      ],
      {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
        encoding: 'utf8',
      }
    );

  it('`strapi build` gets a placeholder, so the build works without secrets', () => {
    const result = run('build');

    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('build-time-placeholder-never-served');
  });

  it.each(['start', 'develop', 'console'])(
    '`strapi %s` without the secret refuses, naming it',
    (command) => {
      const result = run(command);

      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('APP_KEYS must be set in production');
    }
  );

  it('a secret from the environment is used as it is', () => {
    expect(run('start', { APP_KEYS: 'a,b' }).stdout.trim()).toBe('a,b');
  });
});
