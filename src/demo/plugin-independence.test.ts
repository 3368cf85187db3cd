import fs from 'fs';
import path from 'path';

/**
 * The plugin belongs to no app: the demo registers its Article like any app registers its types
 * (config/plugins.ts), so nothing inside src/plugins/model-manager may name the demo or its content.
 */
const PLUGIN = path.resolve(__dirname, '..', 'plugins', 'model-manager');
const DEMO_NAMES = /partisan|\barticles?\b|api::article|reader page|\/partisan\//i;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(full);
    return [full];
  });
}

describe('the model-manager plugin', () => {
  it('names nothing of the demo: no Partisan, no Article, in code, tests, translations or docs', () => {
    const all = files(PLUGIN);
    expect(all.length).toBeGreaterThan(100); // the walk really read the plugin
    const hits = all.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          DEMO_NAMES.test(line)
            ? [`${path.relative(PLUGIN, file)}:${i + 1}: ${line.trim().slice(0, 120)}`]
            : []
        )
    );
    expect(hits).toEqual([]);
  });
});
