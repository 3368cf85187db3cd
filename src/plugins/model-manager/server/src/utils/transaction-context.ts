import { AsyncResource } from 'async_hooks';
import type { Core } from '@strapi/strapi';

/*
 * Strapi keeps an open transaction in its caller's async context, and work started from there (a
 * timer, a promise chain) inherits it: its queries ride that transaction, those issued after the
 * commit fail ("Transaction query already complete"), and what it wrote through other
 * connections outlives a rollback. Work that outlasts its caller starts from neither.
 */

/** Runs `work` in the async context this module was loaded in: no caller's transaction. */
export const outsideCallers = AsyncResource.bind(<T>(work: () => T): T => work());

/**
 * Resolves true once the caller's transaction has committed (at the next turn of the event loop
 * when there is none), false once it has rolled back: what it saved exists, or never did.
 */
export function afterCommit(strapi: Core.Strapi): Promise<boolean> {
  if (!strapi.db.inTransaction())
    return new Promise((resolve) => setImmediate(() => resolve(true)));
  return new Promise((resolve) => {
    // nested: registers on the caller's transaction, commits nothing itself
    void strapi.db.transaction(async ({ onCommit, onRollback }) => {
      onCommit(() => resolve(true));
      onRollback(() => resolve(false));
    });
  });
}
