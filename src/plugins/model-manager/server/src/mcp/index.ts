import type { Core } from '@strapi/strapi';
import { listModelsTool } from './list-models';
import { predictTextTool } from './predict-text';
import { awaitingReviewTool, compareVersionsTool } from './review-tools';

/** Registers the plugin's tools with Strapi's MCP server (`POST /mcp`, admin tokens). */
export function registerMcpTools(strapi: Core.Strapi) {
  const mcp = strapi.ai?.mcp;
  if (!mcp) return;
  mcp.registerTool(listModelsTool);
  mcp.registerTool(predictTextTool);
  mcp.registerTool(awaitingReviewTool);
  mcp.registerTool(compareVersionsTool);
}
