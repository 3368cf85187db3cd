import type { Context } from 'koa';
import { errors } from '@strapi/utils';

/**
 * Human review steps need a person at the panel: an admin session, never a token of any kind
 * (admin tokens pass Strapi's admin policies as their owner). PolicyError keeps the reason; Strapi
 * would turn a ForbiddenError here into a bare "Forbidden".
 */
export default (ctx: Context) => {
  const strategy = (ctx.state?.auth as { strategy?: { name?: string } } | undefined)?.strategy
    ?.name;
  if (strategy === 'admin') return true;
  throw new errors.PolicyError(
    'Submit, approve and reject are taken in an admin session, not with a token.',
    { rule: 'admin-session' }
  );
};
