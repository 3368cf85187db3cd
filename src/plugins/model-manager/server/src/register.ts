import type { Core } from '@strapi/strapi';
import { registerSchema } from './database';
import { withholdContentManagerActions } from './lifecycle/content-manager-actions';
import { placeMiddlewares } from './middlewares/placement';
import { registerMcpTools } from './mcp';

// All must happen before the bootstraps: the plugin's schema around Strapi's schema sync, its
// middlewares before Strapi builds the chain, MCP tools before Strapi's MCP server starts, the
// Content Manager's actions before it registers them.
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerSchema(strapi);
  placeMiddlewares(strapi);
  registerMcpTools(strapi);
  withholdContentManagerActions(strapi);
};

export default register;
