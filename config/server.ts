import type { Core } from '@strapi/strapi';
import { secret } from './secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: secret('APP_KEYS', env('APP_KEYS')).split(','),
  },
  logger: {
    // The update notifier would reach for the internet, which this project never needs.
    updates: { enabled: env.bool('STRAPI_UPDATE_NOTIFICATION', false) },
    startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) },
  },
  // Strapi's MCP server at POST /mcp, for admin tokens only; the plugin adds read-only model tools.
  mcp: { enabled: env.bool('MCP_ENABLED', true) },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});

export default config;
