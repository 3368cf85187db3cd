import { winston } from '@strapi/logger';

const { format } = winston;
const MESSAGE = Symbol.for('message'); // triple-beam's keys, which every winston format uses
const LEVEL = Symbol.for('level');

/**
 * The line `formats.prettyPrint()` of @strapi/logger writes ("[2026-12-06 23:10:12.345] http: POST
 * /x (1 ms) 200", level coloured as winston colours it), in one format step instead of four: the
 * timestamp is formatted once per millisecond and each coloured level once. At the default `http`
 * level every request writes a line, so its cost is per request.
 */
export const prettyLine = format((info) => {
  const now = Date.now();
  if (now !== last.ms) {
    last.ms = now;
    last.stamp = (
      stamp.transform({} as never, stamp.options) as unknown as { timestamp: string }
    ).timestamp;
  }
  const raw = String((info as Record<symbol, unknown>)[LEVEL] ?? info.level);
  let level = coloured.get(raw);
  if (level === undefined) {
    level = colorizer.colorize(raw, info.level);
    coloured.set(raw, level);
  }
  // what logErrors() adds: an Error logged directly keeps its stack
  const message =
    info instanceof Error && info.stack ? `${info.message}\n${info.stack}` : info.message;
  info.timestamp = last.stamp;
  info.level = level;
  (info as Record<symbol, unknown>)[MESSAGE] = `[${last.stamp}] ${level}: ${message}`;
  return info;
});

const last = { ms: -1, stamp: '' };
// the same steps prettyPrint() combines (its default timestamp and colours)
const stamp = format.timestamp({ format: 'YYYY-MM-DD HH:mm:ss.SSS' });
const colorizer = format.colorize();
const coloured = new Map<string, string>();
