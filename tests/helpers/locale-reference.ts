import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * onnxruntime answers where en_US.UTF-8 exists, for comparing with what the server answers
 * without it. The locale is compiled with localedef into a private folder (no root, nothing
 * system-wide) and given to a child process through LOCPATH; the child runs the ORIGINAL bytes.
 */
const LOCALES = path.join(os.tmpdir(), 'mm-test-locales');

export function privateLocaleDir(): string {
  if (!fs.existsSync(path.join(LOCALES, 'en_US.UTF-8', 'LC_CTYPE'))) {
    fs.mkdirSync(LOCALES, { recursive: true });
    try {
      execFileSync('localedef', ['-i', 'en_US', '-f', 'UTF-8', path.join(LOCALES, 'en_US.UTF-8')], {
        stdio: 'pipe',
      });
    } catch (error) {
      throw new Error(
        `cannot build en_US.UTF-8 with localedef (Debian package "locales"): ${(error as Error).message}`
      );
    }
  }
  return LOCALES;
}

/** An empty folder: as LOCPATH, it hides every installed locale, like a slim container. */
export function emptyLocaleDir(): string {
  const dir = path.join(os.tmpdir(), 'mm-test-no-locales');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const CHILD = `
const ort = require(process.env.ORT_PATH);
const fs = require('fs');
const { file, texts, outputs } = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const session = await ort.InferenceSession.create(fs.readFileSync(file), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('string', texts, [texts.length, 1]) }, outputs);
  const out = {};
  for (const name of outputs) out[name] = { dims: result[name].dims, data: Array.from(result[name].data, (v) => (typeof v === 'bigint' ? Number(v) : v)) };
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Runs `file` as uploaded, with en_US.UTF-8 available, on `texts` fed as string[N,1]. */
export function onnxruntimeWithLocale(
  file: string,
  texts: string[],
  outputs: string[]
): Record<string, { dims: number[]; data: Array<number | string> }> {
  const stdout = execFileSync(process.execPath, ['-e', CHILD], {
    input: JSON.stringify({ file, texts, outputs }),
    env: {
      PATH: process.env.PATH,
      LOCPATH: privateLocaleDir(),
      ORT_PATH: require.resolve('onnxruntime-node'),
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.toString('utf8'));
}
