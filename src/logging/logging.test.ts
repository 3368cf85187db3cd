import { createLogger, formats, winston } from '@strapi/logger';
import { BatchedConsole } from './batched-console';
import { prettyLine } from './pretty-line';

const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');

/** What a format makes of one message at a level, as the line a transport would write. */
function line(fmt: ReturnType<typeof prettyLine>, level: string, message: unknown): string {
  const info =
    message instanceof Error
      ? Object.assign(message, { level, [LEVEL]: level })
      : { level, message, [LEVEL]: level };
  const out = fmt.transform(info as never, fmt.options) as unknown as Record<symbol, string>;
  return out[MESSAGE];
}

describe("Strapi's log line, formatted cheaply", () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date(2026, 11, 6, 23, 10, 12, 345) }));
  afterEach(() => jest.useRealTimers());

  it.each(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'])(
    'is the line prettyPrint() writes at level %s',
    (level) => {
      const message = 'POST /api/model-manager/models/m/predict (1 ms) 200';
      expect(line(prettyLine(), level, message)).toBe(line(formats.prettyPrint(), level, message));
    }
  );

  it('keeps the stack of an Error logged directly, as logErrors() does', () => {
    const error = () => Object.assign(new Error('boom'), { stack: 'Error: boom\n    at here' });
    const ours = line(prettyLine(), 'error', error());
    expect(ours).toBe(line(formats.prettyPrint(), 'error', error()));
    expect(ours).toContain('at here');
  });

  it('moves its timestamp on with the clock', () => {
    const fmt = prettyLine();
    const first = line(fmt, 'http', 'a');
    jest.advanceTimersByTime(1001);
    expect(line(fmt, 'http', 'a')).not.toBe(first);
    expect(line(fmt, 'http', 'a')).toBe(line(formats.prettyPrint(), 'http', 'a'));
  });
});

describe('Log lines written in batches', () => {
  function logger(options: { flushMs?: number; maxLines?: number } = {}) {
    const writes: string[] = [];
    const transport = new BatchedConsole({ ...options, stream: { write: (s) => writes.push(s) } });
    const log = createLogger({
      level: 'http',
      format: winston.format.printf((i) => `${i.level}:${i.message}`),
      transports: [transport],
    });
    return { log, transport, writes };
  }

  it('writes the lines of a window in one write, in order, once the window ends', async () => {
    jest.useFakeTimers();
    const { log, writes } = logger({ flushMs: 50 });

    log.http('one');
    log.http('two');
    log.info('three');
    await jest.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([]);
    await jest.advanceTimersByTimeAsync(50);

    expect(writes).toEqual(['http:one\nhttp:two\ninfo:three\n']);
    jest.useRealTimers();
  });

  it('writes an error at once, after the lines waiting before it', async () => {
    const { log, writes } = logger({ flushMs: 60_000 });

    log.http('before');
    log.error('failed');
    await new Promise((resolve) => setImmediate(resolve));

    expect(writes).toEqual(['http:before\nerror:failed\n']);
  });

  it('writes at once when the batch is full, and what is left when the logger closes', async () => {
    const { log, transport, writes } = logger({ flushMs: 60_000, maxLines: 2 });

    log.http('a');
    log.http('b');
    log.http('c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['http:a\nhttp:b\n']);
    transport.close();

    expect(writes).toEqual(['http:a\nhttp:b\n', 'http:c\n']);
  });
});
