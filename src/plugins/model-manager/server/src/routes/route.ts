import { z } from '@strapi/utils';
import { slugParams } from '../../../shared/contracts/models';
import { versionParams } from '../../../shared/contracts/versions';

/**
 * A route carries its request and response schemas (the zod contracts of shared/contracts, the
 * same ones the controllers validate with), so `strapi openapi generate` describes it. Strapi
 * 5.54's generator files every success under 200 and writes its own generic error descriptions,
 * so a route answering 201 or 202 says so in its schema's description (`answeredWith`).
 */
export type Schemas = {
  request?: {
    params?: Record<string, z.ZodType>;
    query?: Record<string, z.ZodType>;
    body?: Record<string, z.ZodType>;
  };
  response: z.ZodType;
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Policy = string | { name: string; config: unknown };

export type Route = Schemas & {
  method: Method;
  path: string;
  handler: string;
  config: { policies?: Policy[] };
};

/** A resource's routes, by audience. */
export type ResourceRoutes = { admin: Route[]; contentApi: Route[] };

export const json = (schema: z.ZodType) => ({ 'application/json': schema });
export const answeredWith = (status: string, schema: z.ZodType) =>
  schema.describe(`Answered with HTTP ${status}.`);
export const slug = { params: slugParams.shape };
export const version = { params: versionParams.shape };

// Human review: an admin session only, never an admin token.
export const SESSION_ONLY: Policy[] = ['plugin::model-manager.admin-session'];

/** Admin API (`/model-manager/...`): admin JWT, and every route behind an RBAC action. */
export const adminRoute = (
  method: Method,
  path: string,
  handler: string,
  action: string,
  schemas: Schemas,
  extraPolicies: Policy[] = []
): Route => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [action] } },
      ...extraPolicies,
    ],
  },
  ...schemas,
});

/**
 * Content API (`/api/model-manager/...`, docs/api.md): API tokens and users-permissions roles decide
 * access through the actions `plugin::model-manager.<controller>.<action>`, so a handler's name here
 * is part of the contract.
 */
export const contentApiRoute = (
  method: Method,
  path: string,
  handler: string,
  schemas: Schemas
): Route => ({ method, path, handler, config: {}, ...schemas });
