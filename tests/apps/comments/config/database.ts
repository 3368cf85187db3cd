import path from 'path';
import type { Core } from '@strapi/strapi';

// As the main app's: SQLite by default (DATABASE_FILENAME relative to this app's folder, or absolute),
// PostgreSQL when DATABASE_CLIENT=postgres.
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  // This app has no migrations of its own: the plugin brings its tables (its server/src/database).
  const settings = { useTypescriptMigrations: true, runMigrations: true };

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'strapi'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: 0, max: env.int('DATABASE_POOL_MAX', 10) },
      },
      settings,
    };
  }
  if (client !== 'sqlite')
    throw new Error(`Unsupported DATABASE_CLIENT "${client}": use "sqlite" or "postgres".`);

  return {
    connection: {
      client: 'sqlite',
      // dist/config -> the app's folder
      connection: {
        filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
    },
    settings,
  };
};

export default config;
