import { Client, type ClientConfig } from 'pg';

export interface PgListener {
  stop(): Promise<void>;
}

interface ListenOptions {
  connection: ClientConfig;
  channel: string;
  onNotify: (payload: string) => void;
  /** Called after every (re)connection: notifications sent while disconnected are lost. */
  onConnect?: () => void;
  onError?: (error: Error) => void;
  /** Delay before reconnecting after a lost connection; doubles up to 30 s. */
  retryMs?: number;
}

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and reconnects when the server
 * goes away. It lives outside the knex pool: a pooled connection is handed to other queries and
 * would drop its LISTEN the moment it is released.
 */
export function listen(options: ListenOptions): PgListener {
  const baseRetry = options.retryMs ?? 500;
  let client: Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = baseRetry;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  async function connect() {
    const next = new Client(options.connection);
    client = next;
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify(message.payload ?? '');
    });
    next.on('error', (error) => {
      options.onError?.(error);
      void next.end().catch(() => undefined);
      if (client === next) scheduleReconnect();
    });
    next.on('end', () => {
      if (client === next) scheduleReconnect();
    });
    try {
      await next.connect();
      // The channel is a fixed identifier of ours, never user input.
      await next.query(`LISTEN ${options.channel}`);
      if (stopped) return void (await next.end().catch(() => undefined));
      retryMs = baseRetry;
      options.onConnect?.();
    } catch (error) {
      options.onError?.(error as Error);
      await next.end().catch(() => undefined);
      if (client === next) scheduleReconnect();
    }
  }

  void connect();

  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
