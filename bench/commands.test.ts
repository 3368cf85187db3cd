import fs from 'node:fs';
import path from 'node:path';

/**
 * Every figure the docs cite comes from a command a reader can run: each bench the README or
 * docs name exists, each bench script's file exists, and each section of docs/figures.md names
 * the command that produced its figures.
 */
const ROOT = path.resolve(__dirname, '..');
const scripts: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')
).scripts;
const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') }));

describe('figures and the commands that produce them', () => {
  it('every `npm run bench:*` the README and docs cite is a script of package.json', () => {
    const missing = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/npm run (bench:[a-z-]+)/g)]
        .map((m) => m[1])
        .filter((name) => !(name in scripts))
        .map((name) => `${file}: ${name}`)
    );
    expect(missing).toEqual([]);
  });

  it('every bench script runs a file that exists', () => {
    const missing = Object.entries(scripts)
      .filter(([name]) => name.startsWith('bench:'))
      .flatMap(([name, command]) =>
        [...command.matchAll(/bench\/[\w/-]+\.ts/g)]
          .map((m) => m[0])
          .filter((file) => !fs.existsSync(path.join(ROOT, file)))
          .map((file) => `${name}: ${file}`)
      );
    expect(missing).toEqual([]);
  });

  it('each section of docs/figures.md names the command its figures come from', () => {
    const text = docs.find((d) => d.file === 'docs/figures.md')!.text;
    const sections = text.split(/^## /m).slice(1);
    const silent = sections
      .filter((s) => !s.startsWith('How to read them'))
      .filter((s) => !/npm run bench:[a-z-]+|bash \.ci\/run/.test(s))
      .map((s) => s.split('\n')[0]);
    expect(sections.length).toBeGreaterThan(5);
    expect(silent).toEqual([]);
  });
});
