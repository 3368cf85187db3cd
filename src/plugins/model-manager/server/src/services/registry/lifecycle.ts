import type { Core } from '@strapi/strapi';
import { MODEL_EVENTS, UIDS, type VersionStatus } from '../../../../shared/constants';
import type { Actor, VersionSummary } from '../../../../shared/contracts/models';
import type { ReviewedGate } from '../../../../shared/contracts/promotion';
import type { Deployment, ServedAt } from '../../../../shared/contracts/deployments';
import type { LifecycleAction } from '../../../../shared/lifecycle';
import { stageOf } from '../../database/repositories/versions';
import { writeAudit } from '../../lifecycle/audit';
import { judgeApproval } from '../../lifecycle/four-eyes';
import { modelLock, type Locked } from './model-lock';
import { versionSteps } from './version-steps';
import { conflict } from '../../utils/errors';
import { approvalNote, overrideWitness, seenGate } from './gate-review';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, type VersionDocument } from '../../types/documents';

export interface TransitionOptions {
  actor: Actor;
  comment?: string;
  trafficShare?: number;
  /** narrower than the state machine allows, e.g. the content API promotes approved versions only */
  onlyFrom?: readonly VersionStatus[];
  /** promote: why it goes ahead although the promotion policy is not met (written to the audit) */
  reason?: string;
}

/** The audit comment of a promotion that overrides its policy: the rules broken and why. */
const overrideComment = (comment: string | undefined, reason: string, rules: string[]) =>
  `${comment ? `${comment} · ` : ''}Promotion policy overridden (${[...new Set(rules)].join(', ')}): ${reason}`;

/**
 * Every status change of a version (submit, approve, reject, challenge, archive, promote,
 * rollback). Each runs inside the model's lock (model-lock.ts); the version is then re-read and
 * judged inside it and updated only if it still has the status judged (version-steps.ts). The
 * champion is also a key in mm_champions, so two champions are impossible even for a caller
 * that skipped the lock. Webhooks and the routing refresh run after commit.
 */
const createLifecycleService = ({ strapi }: { strapi: Core.Strapi }) => {
  const deployments = () => getService(strapi, 'deployments');

  const inModelLock = modelLock(strapi);
  const { lockedVersion, judge, move } = versionSteps(strapi);

  const emit = (
    locked: Locked,
    event: (typeof MODEL_EVENTS)[keyof typeof MODEL_EVENTS],
    payload: Record<string, unknown> & { model: string }
  ) => locked.afterCommit(() => getService(strapi, 'events').emit(event, payload));

  const summary = (slug: string, number: number): Promise<VersionSummary> =>
    getService(strapi, 'registry').get(slug, number);

  return {
    /** submit, approve, reject, challenge, archive: one version changes status. */
    async transition(
      slug: string,
      number: number,
      action: Exclude<LifecycleAction, 'promote'>,
      options: TransitionOptions
    ): Promise<VersionSummary> {
      // The reviewer approves what the gate shows now (scored outside the lock, as promote does).
      const seen =
        action === 'approve'
          ? seenGate(await getService(strapi, 'promotion-gate').check(slug, number))
          : null;
      const comment = [options.comment, seen && approvalNote(seen)].filter(Boolean).join(' · ');
      await inModelLock(slug, async (locked) => {
        const version = await lockedVersion(locked.model, number);
        const from = version.stage as VersionStatus;
        const judged = judge(action, version, options.onlyFrom);
        const verdict =
          action === 'approve' && pluginConfig(strapi).fourEyes
            ? await judgeApproval(strapi, locked.trx, locked.model, version, options.actor)
            : 'approve';
        // the first of two approvals (lifecycle/four-eyes.ts) is audited; the version stays in review
        const to = verdict === 'first-of-two' ? from : judged;
        const review = action === 'approve' || action === 'reject';
        const extra: Record<string, unknown> = review
          ? {
              reviewedByActor: options.actor,
              reviewedAt: new Date(),
              reviewComment: options.comment ?? null,
              ...(seen ? { reviewedGate: seen } : {}),
            }
          : {};
        if (action === 'challenge') {
          extra.trafficShare = options.trafficShare ?? 0.1;
          // Judged from the deployment history under the model's lock: the shares of one model's challengers may not pass 1.
          const others = [
            ...(await deployments().challengerShares(locked.trx, rowId(locked.model))),
          ]
            .filter(([n]) => n !== number)
            .reduce((sum, [, share]) => sum + share, 0);
          if (others + (extra.trafficShare as number) > 1 + 1e-9) {
            throw conflict(
              `Challenger shares of "${slug}" would add up to ${(others + (extra.trafficShare as number)).toFixed(3)}; the other challengers already take ${others.toFixed(3)} of the traffic, and the total may not pass 1.`,
              {
                trafficShare: extra.trafficShare,
                othersShare: others,
              }
            );
          }
        }
        if (to !== from) await move(version, from, to, extra);
        await writeAudit(strapi, {
          model: locked.model,
          versionNumber: number,
          action,
          from,
          to,
          actor: options.actor,
          comment: comment || undefined,
        });
        if (action === 'challenge' || from === 'challenger') {
          locked.servingChanged();
          await deployments().challenger(locked.trx, {
            modelId: rowId(locked.model),
            version,
            event: action === 'challenge' ? 'start' : 'stop',
            cause: action,
            trafficShare: action === 'challenge' ? (extra.trafficShare as number) : null,
            actor: options.actor,
          });
        }
        const event =
          action === 'approve' && to !== from
            ? MODEL_EVENTS.versionApproved
            : action === 'reject'
              ? MODEL_EVENTS.versionRejected
              : null;
        if (event)
          emit(locked, event, {
            model: slug,
            version: number,
            status: to,
            actor: options.actor,
            comment: options.comment,
          });
      });
      return summary(slug, number);
    },

    /** Makes an approved (or challenger, or once-served) version the champion; the old one is archived. */
    async promote(
      slug: string,
      number: number,
      options: TransitionOptions
    ): Promise<VersionSummary> {
      // A state the machine refuses is a 409 before any scoring.
      const judged = (await getService(strapi, 'registry').requireVersion(slug, number)).version;
      judge('promote', judged, options.onlyFrom);
      // Scored outside the lock (it runs inference); the lock then insists on the champion judged.
      const gate = await getService(strapi, 'promotion-gate').enforce(slug, number, options.reason);
      const comment =
        gate.passes || !options.reason
          ? options.comment
          : `${overrideComment(
              options.comment,
              options.reason,
              gate.violations.map((v) => v.rule)
            )} · ${overrideWitness(
              gate,
              (judged.reviewedGate as ReviewedGate | null) ?? null,
              (judged.reviewedByActor as Actor | null) ?? null,
              options.actor
            )}`;
      await inModelLock(slug, async (locked) => {
        const { trx, model } = locked;
        const version = await lockedVersion(model, number);
        const from = version.stage as VersionStatus;
        judge('promote', version, options.onlyFrom);
        const champion = await deployments().champion(trx, rowId(model));
        const serving = await strapi
          .documents(UIDS.version)
          .findFirst({ filters: { model: { documentId: model.documentId }, stage: 'production' } });
        if (
          gate.dataset !== null &&
          (serving && serving.number !== number ? (serving.number as number) : null) !==
            gate.champion
        ) {
          throw conflict(
            `The production version of "${slug}" changed while the promotion gate was checking; try again.`,
            { slug }
          );
        }
        if (serving) {
          await move(serving, 'production', 'archived');
          await writeAudit(strapi, {
            model,
            versionNumber: serving.number,
            action: 'retire',
            from: 'production',
            to: 'archived',
            actor: options.actor,
            comment,
          });
        }
        if (from === 'challenger') {
          await deployments().challenger(trx, {
            modelId: rowId(model),
            version,
            event: 'stop',
            cause: 'promote',
            trafficShare: null,
            actor: options.actor,
          });
        }
        await move(version, from, 'production', { promotedAt: new Date(), trafficShare: null });
        await deployments().startChampion(
          trx,
          {
            modelId: rowId(model),
            version,
            cause: 'promote',
            actor: options.actor,
            rollbackTo: champion?.deploymentId ?? null,
          },
          champion
        );
        await writeAudit(strapi, {
          model,
          versionNumber: number,
          action: 'promote',
          from,
          to: 'production',
          actor: options.actor,
          comment,
        });
        locked.servingChanged();
        emit(locked, MODEL_EVENTS.versionPromoted, {
          model: slug,
          version: number,
          status: 'production',
          actor: options.actor,
          comment,
        });
      });
      return summary(slug, number);
    },

    /**
     * What served before the current champion serves again, as a new deployment; the current one is
     * archived. The new deployment rolls back to what its restored one did, so repeated rollbacks
     * walk further back through the history.
     */
    async rollback(slug: string, options: TransitionOptions): Promise<VersionSummary> {
      const restored = await inModelLock(slug, async (locked) => {
        const { trx, model } = locked;
        const champion = await deployments().champion(trx, rowId(model));
        if (!champion)
          throw conflict(`Model "${slug}" has no production version to roll back.`, { slug });
        const target =
          champion.rollbackTo == null ? null : await deployments().byId(trx, champion.rollbackTo);
        if (!target)
          throw conflict(`Model "${slug}" has no earlier production version to roll back to.`, {
            slug,
          });
        const [current, previous]: Array<VersionDocument | null> = await Promise.all(
          [champion.versionId, target.versionId].map((id) =>
            strapi.db.query(UIDS.version).findOne({ where: { id } })
          )
        );
        if (!current || !previous || previous.stage !== 'archived') {
          throw conflict(
            `Version ${target.versionNumber} of "${slug}" is ${previous?.stage ?? 'gone'} now and cannot serve again.`,
            { slug, version: target.versionNumber }
          );
        }
        await move(current, 'production', 'archived');
        await writeAudit(strapi, {
          model,
          versionNumber: current.number,
          action: 'rollback',
          from: 'production',
          to: 'archived',
          actor: options.actor,
          comment: options.comment,
        });
        await move(previous, 'archived', 'production', {
          promotedAt: new Date(),
          trafficShare: null,
        });
        await deployments().startChampion(
          trx,
          {
            modelId: rowId(model),
            version: previous,
            cause: 'rollback',
            actor: options.actor,
            rollbackTo: target.rollbackTo,
          },
          champion
        );
        await writeAudit(strapi, {
          model,
          versionNumber: previous.number,
          action: 'restore',
          from: 'archived',
          to: 'production',
          actor: options.actor,
          comment: options.comment,
        });
        locked.servingChanged();
        emit(locked, MODEL_EVENTS.modelRolledBack, {
          model: slug,
          version: previous.number,
          status: 'production',
          rolledBackFrom: current.number,
          actor: options.actor,
          comment: options.comment,
        });
        return previous.number as number;
      });
      return summary(slug, restored);
    },

    /** What a rollback would do now: the serving version and the one that would serve again (null: nothing to roll back to). */
    async rollbackTarget(slug: string): Promise<{ current: number | null; target: number | null }> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const knex = strapi.db.connection;
      const champion = await deployments().champion(knex, rowId(model));
      if (!champion) return { current: null, target: null };
      const target =
        champion.rollbackTo == null ? null : await deployments().byId(knex, champion.rollbackTo);
      const stage = target ? await stageOf(strapi, target.versionId) : null;
      return {
        current: champion.versionNumber,
        target: stage === 'archived' ? target!.versionNumber : null,
      };
    },

    async auditTrail(slug: string) {
      const model = await getService(strapi, 'models').requireModel(slug);
      const events = await strapi.documents(UIDS.auditEvent).findMany({
        filters: { model: { documentId: model.documentId } },
        sort: ['at:desc', 'id:desc'],
        limit: 500,
      });
      return events.map(({ versionNumber, action, fromStatus, toStatus, actor, comment, at }) => ({
        versionNumber,
        action,
        fromStatus,
        toStatus,
        actor,
        comment,
        at,
      }));
    },

    async deploymentHistory(slug: string): Promise<Deployment[]> {
      const model = await getService(strapi, 'models').requireModel(slug);
      return deployments().history(rowId(model));
    },

    async servedAt(slug: string, at: Date): Promise<ServedAt> {
      const model = await getService(strapi, 'models').requireModel(slug);
      return deployments().servedAt(rowId(model), at);
    },
  };
};

export type LifecycleService = ReturnType<typeof createLifecycleService>;
export default createLifecycleService;
