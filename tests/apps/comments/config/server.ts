import type { Core } from '@strapi/strapi';

// Fixed secrets unless the environment sets them: this app only ever runs in the test suite.
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS', ['comments-test-key-1', 'comments-test-key-2']) },
  logger: {
    updates: { enabled: false },
    startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) },
  },
});

export default config;
