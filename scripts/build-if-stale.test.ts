import fs from 'fs';
import os from 'os';
import path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleReason, sourcesHash, markBuilt } = require('./build-if-stale');

/** `npm run demo` builds only when the sources differ from those of the last finished build. */
describe('the build staleness check', () => {
  let app: string;
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(app, relative)), { recursive: true });
    fs.writeFileSync(path.join(app, relative), text);
  };
  const build = () => {
    write('dist/build/index.html', '<html></html>');
    markBuilt(sourcesHash(app), app);
  };

  beforeEach(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-stale-'));
    write('src/index.ts', 'export default {};');
    write('src/reader/main.ts', 'console.log(1);');
    write('config/server.ts', 'export default {};');
    write('database/migrations/001.js', 'module.exports = {};');
    write('package-lock.json', '{}');
  });
  afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

  it('builds when there is no admin build, or a build that does not say what it was made from', () => {
    expect(staleReason(app)).toBe('no build yet');
    write('dist/build/index.html', '<html></html>');
    expect(staleReason(app)).toBe('the build does not say which sources it was made from');
  });

  it('builds nothing a second time when nothing changed, even if every file was touched', () => {
    build();
    expect(staleReason(app)).toBeNull();
    const later = new Date(Date.now() + 60_000);
    for (const file of ['src/index.ts', 'config/server.ts', 'database/migrations/001.js'])
      fs.utimesSync(path.join(app, file), later, later);
    expect(staleReason(app)).toBeNull();
  });

  it('builds again when a server, config, migration or dependency file changes, is added or is removed', () => {
    const changes: Array<() => void> = [
      () => write('src/index.ts', 'export default { changed: true };'),
      () => write('config/plugins.ts', 'export default {};'),
      () => fs.rmSync(path.join(app, 'database/migrations/001.js')),
      () => write('package-lock.json', '{"lockfileVersion":3}'),
    ];
    for (const change of changes) {
      build();
      change();
      expect(staleReason(app)).toBe('sources changed since the last build');
    }
  });

  it('ignores what Strapi does not build: the reader page, tests and dot-files', () => {
    build();
    write('src/reader/main.ts', 'console.log(2);');
    write('src/services/thing.test.ts', 'it("x", () => {});');
    write('src/.DS_Store', 'x');
    expect(staleReason(app)).toBeNull();
  });
});
