import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors } from '@strapi/utils';
import { UIDS } from '../../../shared/constants';
import type { Actor } from '../../../shared/contracts/models';
import { actorKey } from '../principals';
import { personOf } from '../principals/people';
import { rowId, type ModelDocument, type VersionDocument } from '../types/documents';

/** What an approval does: approve the version, or count as the first of the two it needs. */
export type ApprovalVerdict = 'approve' | 'first-of-two';

/**
 * The four-eyes rule, failing closed. Nobody approves a version they uploaded or trained; and
 * when the uploader is no known person (a token with no recorded creator: Strapi's seeded tokens,
 * tokens made by scripts or before the plugin), "not the author" cannot be checked, so the
 * version needs the approvals of two distinct people. The first is written to the audit
 * (approve, in_review -> in_review) and the version stays in review; it is read back here, inside
 * the model's lock, so two concurrent first approvals cannot both count as the second.
 */
/**
 * Who is accountable for an act: a person (principals/people.ts), or a `system` actor, which only
 * server code names (the demo's seeding trains as one and approves as another); null: nobody known.
 */
const identityOf = async (trx: Knex.Transaction, actor: Actor | null | undefined) =>
  actor?.kind === 'system' && actor.id != null ? actorKey(actor) : personOf(trx, actor);

export async function judgeApproval(
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  model: ModelDocument,
  version: VersionDocument,
  reviewer: Actor
): Promise<ApprovalVerdict> {
  const [author, person] = await Promise.all([
    identityOf(trx, version.createdByActor as Actor | null | undefined),
    identityOf(trx, reviewer),
  ]);
  // PolicyError, not ForbiddenError: Strapi would replace the latter's message with "Forbidden".
  if (author && author === person)
    throw new errors.PolicyError(
      'Four-eyes rule: the person who uploaded or trained a version cannot approve it.',
      { rule: 'four-eyes' }
    );
  if (author) return 'approve';
  if (!person)
    throw new errors.PolicyError(
      'Four-eyes rule: this version was uploaded by no known person, and neither are you: it needs the approvals of two people.',
      { rule: 'four-eyes', approvalsNeeded: 2 }
    );
  const earlier = (await strapi.db.query(UIDS.auditEvent).findMany({
    where: {
      model: { id: rowId(model) },
      versionNumber: version.number,
      action: 'approve',
      toStatus: 'in_review',
    },
    select: ['actor'],
  })) as Array<{ actor: Actor | null }>;
  const approvers = await Promise.all(earlier.map((e) => identityOf(trx, e.actor)));
  if (approvers.includes(person))
    throw new errors.PolicyError(
      'Four-eyes rule: this version was uploaded by no known person and you already gave the first of its two approvals; another reviewer must give the second.',
      { rule: 'four-eyes', approvalsNeeded: 2, approvalsGiven: 1 }
    );
  return approvers.some((a) => a !== null) ? 'approve' : 'first-of-two';
}
