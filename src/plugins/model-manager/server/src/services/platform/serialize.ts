import type {
  Actor,
  ModelDetail,
  ModelSummary,
  VersionSummary,
} from '../../../../shared/contracts/models';
import type { ReviewedGate } from '../../../../shared/contracts/promotion';
import type { PromotionPolicy } from '../../../../shared/promotion-policy';
import { iso, stored, type ModelDocument, type VersionDocument } from '../../types/documents';

export function toVersionSummary(v: VersionDocument): VersionSummary {
  return {
    documentId: v.documentId,
    number: stored(v.number),
    status: stored(v.stage), // stored as `stage` (Strapi reserves `status`), served as `status` (API.md)
    source: stored(v.source),
    artifactHash: stored(v.artifactHash),
    artifactSize: Number(v.artifactSize),
    metrics: (v.metrics as Record<string, unknown> | null | undefined) ?? null,
    notes: v.notes ?? null,
    createdByActor: (v.createdByActor as Actor | null | undefined) ?? null,
    reviewedByActor: (v.reviewedByActor as Actor | null | undefined) ?? null,
    reviewedAt: iso(v.reviewedAt) ?? null,
    reviewedGate: (v.reviewedGate as ReviewedGate | null | undefined) ?? null,
    trafficShare: v.trafficShare == null ? null : Number(v.trafficShare),
    promotedAt: iso(v.promotedAt) ?? null,
    createdAt: stored(iso(v.createdAt)),
  };
}

export function toModelSummary(m: ModelDocument, production: VersionDocument | null): ModelSummary {
  return {
    documentId: m.documentId,
    name: stored(m.name),
    slug: stored(m.slug),
    description: m.description ?? null,
    task: stored(m.task),
    labels: (m.labels as string[] | null | undefined) ?? [],
    scope: stored(m.scope),
    tags: (m.tags as string[] | null | undefined) ?? [],
    evaluationDataset: m.evaluationDataset ?? null,
    trainOnReaders: m.trainOnReaders === true,
    production: production ? toVersionSummary(production) : null,
    createdAt: stored(iso(m.createdAt)),
    updatedAt: stored(iso(m.updatedAt)),
  };
}

export function toModelDetail(
  m: ModelDocument,
  versions: VersionDocument[],
  policy: PromotionPolicy
): ModelDetail {
  const production = versions.find((v) => v.stage === 'production') ?? null;
  return {
    ...toModelSummary(m, production),
    versions: versions.map(toVersionSummary),
    promotionPolicy: {
      maxMetricDrop: policy.maxMetricDrop as Record<string, number>,
      minEvaluationSize: policy.minEvaluationSize,
    },
  };
}
