import type { Core } from '@strapi/strapi';
import { registerMcpTools } from './mcp';

// MCP tools must be registered before Strapi's MCP server starts (its bootstrap).
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerMcpTools(strapi);
};

export default register;
