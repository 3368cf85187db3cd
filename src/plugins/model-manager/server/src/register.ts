import type { Core } from '@strapi/strapi';
import { registerMigrations } from './database';
import { withholdContentManagerActions } from './lifecycle/content-manager-actions';
import { registerMcpTools } from './mcp';

// All must happen before the bootstraps: the plugin's migrations before Strapi's schema sync, MCP
// tools before Strapi's MCP server starts, the Content Manager's actions before it registers them.
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerMigrations(strapi);
  registerMcpTools(strapi);
  withholdContentManagerActions(strapi);
};

export default register;
