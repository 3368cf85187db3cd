import { createSession } from 'koa-session';
import type { Core } from '@strapi/strapi';

// Strapi's own defaults (@strapi/core middlewares/session.js), so replacing it changes nothing else.
const DEFAULTS = {
  key: 'koa.sess',
  maxAge: 86_400_000,
  autoCommit: true,
  overwrite: true,
  httpOnly: true,
  signed: true,
  rolling: false,
  renew: false,
  secure: process.env.NODE_ENV === 'production',
  sameSite: undefined,
};

/**
 * koa-session, run where config/middlewares.ts lists it. `strapi::session` calls
 * `strapi.server.use` from its factory, which puts the session in front of every middleware
 * whatever its place in the list, so even predictions the fast path answers paid for a session
 * (about a tenth of the fast path's CPU in a `--cpu-prof` profile of the fast path).
 */
export default (config: Record<string, unknown>, { strapi }: { strapi: Core.Strapi }) => {
  const { app } = strapi.server;
  if (!Array.isArray(app.keys) || !app.keys.length || app.keys.some((k) => !k)) {
    throw new Error(
      'App keys are required for sessions: set app.keys in config/server.ts (APP_KEYS).'
    );
  }
  return createSession({ ...DEFAULTS, ...config }, app);
};
