import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import {
  PEOPLE_FIELDS,
  type CardPeople,
  type ModelCard,
  type PeopleField,
} from '../../../../shared/contracts/card';
import type { EvaluationMetrics } from '../../../../shared/contracts/compare';
import type { Actor } from '../../../../shared/contracts/models';
import { createdAtOf } from '../../database/repositories/feedback';
import { writeAudit } from '../../lifecycle/audit';
import { asRegistry } from '../../lifecycle/registry-guard';
import { fromRanges, type RowsLineage } from '../../training/lineage';
import { asJson } from '../../utils/document-input';
import { getService } from '../../utils/get-service';
import { stored, type VersionDocument } from '../../types/documents';

type Lineage = {
  trainingRun?: string;
  datasetSize?: number;
  datasetHash?: string;
  datasets?: string[];
  parameters?: Record<string, unknown>;
  trainer?: string;
  agreement?: unknown;
  fileName?: string;
  feedback?: RowsLineage;
} | null;

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

/** The audit comment of an override, as lifecycle.ts writes it. */
const OVERRIDE = 'Promotion policy overridden';

/**
 * A version's model card, built from evidence the registry already holds (lineage, stored
 * metrics, a fresh scoring on the evaluation set, the audit trail, the deployment history) plus
 * the parts only people know, which editors write and the audit records.
 */
const createModelCardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** When the first and last training rows were given: feedback ids grow with time. */
  async function rowDates(lineage: Lineage) {
    const ids = lineage?.feedback ? fromRanges(lineage.feedback.idRanges) : [];
    if (!ids.length) return null;
    const at = (id: number) => createdAtOf(strapi, id);
    const [first, last] = await Promise.all([at(ids[0]), at(ids[ids.length - 1])]);
    return first && last ? { first: iso(first)!, last: iso(last)! } : null;
  }

  function peopleOf(version: VersionDocument): CardPeople {
    const card = (version.card ?? {}) as Partial<CardPeople>;
    return {
      ...(Object.fromEntries(PEOPLE_FIELDS.map((f) => [f, card[f] ?? null])) as Record<
        PeopleField,
        string | null
      >),
      updatedBy: card.updatedBy ?? null,
      updatedAt: card.updatedAt ?? null,
    };
  }

  return {
    async card(slug: string, number: number): Promise<ModelCard> {
      const { model, version } = await getService(strapi, 'models').requireVersion(slug, number);
      const lineage = version.lineage as Lineage;
      const lifecycle = getService(strapi, 'lifecycle');
      const [run, dates, today, gate, audit, deployments] = await Promise.all([
        lineage?.trainingRun
          ? strapi.documents(UIDS.trainingRun).findOne({ documentId: lineage.trainingRun })
          : null,
        rowDates(lineage),
        getService(strapi, 'evaluation').cardEvidence(model, version),
        getService(strapi, 'promotion-gate')
          .check(slug, number)
          .catch(() => null),
        lifecycle.auditTrail(slug),
        lifecycle.deploymentHistory(slug),
      ]);
      const mine = audit
        .filter((e) => e.versionNumber === number)
        .map((e) => ({
          ...e,
          action: stored(e.action),
          actor: (e.actor as Actor | null) ?? null,
          comment: e.comment ?? null,
          fromStatus: e.fromStatus ?? null,
          toStatus: e.toStatus ?? null,
          versionNumber: e.versionNumber ?? null,
          at: iso(e.at)!,
        }));
      return {
        model: {
          slug: stored(model.slug),
          name: stored(model.name),
          description: model.description ?? null,
          labels: (model.labels as string[]) ?? [],
          scope: stored(model.scope),
        },
        version: {
          number,
          status: stored(version.stage),
          source: stored(version.source),
          artifactHash: stored(version.artifactHash),
          artifactSize: stored(version.artifactSize),
          createdAt: iso(version.createdAt)!,
          createdBy: (version.createdByActor as Actor | null) ?? null,
          signature: (version.signature as Record<string, unknown> | null) ?? null,
        },
        evidence: {
          training: {
            kind: version.source === 'training' ? 'trained' : 'uploaded',
            run: lineage?.trainingRun ?? null,
            rows: lineage?.datasetSize ?? null,
            datasetHash: lineage?.datasetHash ?? null,
            datasets: lineage?.datasets ?? null,
            sources: (run?.sources as Record<string, unknown> | null) ?? null,
            rowDates: dates,
            parameters: lineage?.parameters ?? null,
            trainer: lineage?.trainer ?? null,
            agreement: lineage?.agreement ?? null,
            fileName: lineage?.fileName ?? null,
          },
          metrics: (version.metrics as EvaluationMetrics | null) ?? null,
          today,
          review: {
            reviewedBy: (version.reviewedByActor as Actor | null) ?? null,
            reviewedAt: iso(version.reviewedAt),
            reviewComment: version.reviewComment ?? null,
            gate: gate && {
              passes: gate.passes,
              champion: gate.champion,
              violations: gate.violations.map((v) => v.message),
            },
            overrides: mine.filter((e) => e.comment?.includes(OVERRIDE)),
            audit: mine,
          },
          deployments: deployments.filter((d) => d.version === number),
        },
        people: peopleOf(version),
      };
    },

    /** Editors' words on the card; fields sent replace, an empty string clears; audited. */
    async updatePeople(
      slug: string,
      number: number,
      data: Partial<Record<PeopleField, string>>,
      actor: Actor
    ): Promise<CardPeople> {
      const { model, version } = await getService(strapi, 'models').requireVersion(slug, number);
      const before = peopleOf(version);
      const changed = PEOPLE_FIELDS.filter(
        (f) => data[f] !== undefined && (data[f] || null) !== before[f]
      );
      if (!changed.length) return before;
      const after: CardPeople = {
        ...before,
        updatedBy: actor,
        updatedAt: new Date().toISOString(),
      };
      for (const f of changed) after[f] = data[f] || null;
      await asRegistry(() =>
        strapi.db.transaction(async () => {
          await strapi
            .documents(UIDS.version)
            .update({ documentId: version.documentId, data: { card: asJson(after) } as never });
          await writeAudit(strapi, {
            model,
            versionNumber: number,
            action: 'card',
            from: null,
            to: null,
            actor,
            comment: `Model card edited: ${changed.join(', ')}`,
          });
        })
      );
      return after;
    },
  };
};

export type ModelCardsService = ReturnType<typeof createModelCardsService>;
export default createModelCardsService;
