/**
 * What monitoring adds to a predict (issue 26): the in-memory count of each answer and, for a
 * sampled text, its tokenization, measured in this process on the debate texts the demo serves,
 * beside the cost of the predict itself (the same texts through the foreign scikit-learn model in
 * onnxruntime, one text per run as a request has it). Writes happen every flushMs, off the request
 * path, and are not on this path at all.
 *
 *   npm run bench:monitoring [-- --texts 2000 --rounds 5]
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import createMonitorService from '../src/plugins/model-manager/server/src/services/monitoring/monitor';
import { FOREIGN_MODEL, foreignTestVectors } from '../tests/helpers/data';
import { log, opt, runMain } from './lib/bench';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The monitor with a Strapi that only answers its configuration (nothing is flushed here). */
function monitorAt(sampleRate: number) {
  const config = {
    enabled: sampleRate >= 0,
    sampleRate: Math.max(0, sampleRate),
    maxTokens: 5000,
    flushMs: 3_600_000,
  };
  const strapi = { config: { get: () => ({ monitoring: config }) }, log: console } as never;
  return createMonitorService({ strapi });
}

async function main() {
  const count = opt.num('texts', 2000);
  const rounds = opt.num('rounds', 5);
  const vectors = foreignTestVectors();
  const texts = Array.from({ length: count }, (_, i) => vectors.texts[i % vectors.texts.length]);
  const answers = texts.map(() => [{ label: 'blue', undecidedReason: null }]);

  const session = await InferenceSession.create(FOREIGN_MODEL, { intraOpNumThreads: 1 });
  const input = session.inputNames[0];
  let start = process.hrtime.bigint();
  for (const text of texts.slice(0, 500))
    await session.run({ [input]: new Tensor('string', [text], [1]) });
  const predictUs = (ms(start) / 500) * 1000;

  const rows: Array<{ rate: string; us: number[] }> = [];
  for (const rate of [0, 0.1, 1]) {
    const us: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const monitor = monitorAt(rate);
      start = process.hrtime.bigint();
      for (let i = 0; i < texts.length; i += 1)
        monitor.observe(1, 'global', [texts[i]], answers[i]);
      us.push((ms(start) / texts.length) * 1000);
    }
    rows.push({ rate: `${rate * 100} %`, us: us.sort((a, b) => a - b) });
  }
  log(`onnxruntime run of one text (foreign scikit-learn model): ${predictUs.toFixed(1)} µs`);
  log('| texts sampled | µs per answer, median (min–max) | share of that run |');
  log('|---|---|---|');
  for (const { rate, us } of rows) {
    const median = us[Math.floor(us.length / 2)];
    log(
      `| ${rate} | ${median.toFixed(2)} (${us[0].toFixed(2)}–${us[us.length - 1].toFixed(2)}) | ${((median / predictUs) * 100).toFixed(1)} % |`
    );
  }
}

runMain('monitoring', main);
