/**
 * What one request log line costs (issue 25): Strapi's default logger config (prettyPrint() to
 * winston's Console) against this app's (src/logging: the same line in one format step, batched
 * writes), each in a child process whose stdout is a pipe this process drains (as a supervisor
 * or a log shipper would), 100,000 `http` lines in slices of 1,000 per event-loop turn.
 *
 *   npm run bench:log-lines [-- --lines 100000 --repeats 3]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT as REPO_ROOT } from '../harness/app-process';
import { log, opt, runMain } from './lib/bench';
import { fmt, median, table } from './lib/stats';

const LINES = opt.num('lines', 100_000);
const REPEATS = opt.num('repeats', 3);

const child = (config: string) => `
const { createLogger, formats, winston } = require('@strapi/logger');
const { BatchedConsole, prettyLine } = require(${JSON.stringify(path.join(REPO_ROOT, 'src', 'logging'))});
const config = ${config};
const logger = createLogger({ level: 'http', ...config });
const line = 'POST /api/model-manager/models/partisan/predict (1 ms) 200';
for (let i = 0; i < 5000; i++) logger.http(line);
let sent = 0;
const start = process.hrtime.bigint();
(function slice() {
  for (let k = 0; k < 1000; k++, sent++) logger.http(line);
  if (sent < ${LINES}) return setImmediate(slice);
  const us = Number(process.hrtime.bigint() - start) / 1e3 / sent;
  process.stderr.write(JSON.stringify({ us }) + '\\n');
  logger.close();
})();
`;

const CONFIGS = {
  "Strapi's default (prettyPrint, Console)":
    "{ format: formats.prettyPrint(), transports: [new winston.transports.Console({ level: 'http' })] }",
  'this app (prettyLine, BatchedConsole)':
    "{ format: prettyLine(), transports: [new BatchedConsole({ level: 'http' })] }",
  'level error (lines filtered)':
    "{ level: 'error', format: prettyLine(), transports: [new BatchedConsole({ level: 'error' })] }",
};

async function main() {
  const rows: string[][] = [];
  for (const [name, config] of Object.entries(CONFIGS)) {
    const runs: number[] = [];
    for (let r = 0; r < REPEATS; r += 1) {
      // run through run-ts.js, which compiles TypeScript (src/logging) on the fly
      // inside the repo, so the child resolves the app's node_modules
      const file = path.join(REPO_ROOT, '.tmp', `bench-log-lines-${process.pid}.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, child(config));
      const out = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'run-ts.js'), file], {
        cwd: REPO_ROOT,
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      });
      fs.rmSync(file, { force: true });
      const last = out.stderr.trim().split('\n').pop() ?? '';
      if (out.status !== 0 || !last.startsWith('{')) throw new Error(`${name}: ${out.stderr}`);
      runs.push(JSON.parse(last).us);
    }
    rows.push([name, fmt(median(runs), 2), runs.map((u) => fmt(u, 2)).join(' / ')]);
  }
  log(
    `\n# One request log line: ${LINES.toLocaleString('en')} http lines, stdout a pipe, ${REPEATS} runs`
  );
  log(table([['logger', 'µs a line, median', 'runs'], ...rows]));
}

runMain('log-lines', main);
