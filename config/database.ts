import path from 'path';
import type { Core } from '@strapi/strapi';

// SQLite is the embedded default; DATABASE_CLIENT=postgres switches to PostgreSQL.
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  const pool = { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) };
  // Migrations are TypeScript, compiled to dist/database/migrations with the rest of the app.
  const settings = { useTypescriptMigrations: true, runMigrations: true };

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: env('DATABASE_URL'),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'strapi'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          ssl: env.bool('DATABASE_SSL', false) && {
            rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
          },
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool,
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
      settings,
    };
  }

  if (client !== 'sqlite') {
    throw new Error(`Unsupported DATABASE_CLIENT "${client}": use "sqlite" or "postgres".`);
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      // better-sqlite3 runs on the serving thread, so a commit that waits for the disk stalls every
      // request. In WAL mode a commit appends to the log and the file is synced at checkpoints.
      pool: {
        afterCreate: (conn: unknown, done: (error?: Error, conn?: unknown) => void) => {
          const sqlite = conn as { pragma(sql: string): unknown };
          sqlite.pragma('journal_mode = WAL');
          sqlite.pragma('synchronous = NORMAL');
          done(undefined, conn);
        },
      },
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
    settings,
  };
};

export default config;
