import type { Core } from '@strapi/strapi';
import { withholdContentManagerActions } from './lifecycle/content-manager-actions';
import { registerMcpTools } from './mcp';

// Both must happen before the bootstraps: MCP tools before Strapi's MCP server starts, the
// Content Manager's actions before it registers them.
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerMcpTools(strapi);
  withholdContentManagerActions(strapi);
};

export default register;
