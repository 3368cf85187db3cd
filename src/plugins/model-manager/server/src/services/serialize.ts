import type { Actor, ModelDetail, ModelSummary, VersionSummary } from '../../../shared/contracts/models';

/** Loose shape of documents read through the document service (plugin types are not generated). */
export type Doc = Record<string, any> & { id: number; documentId: string };

export function toVersionSummary(v: Doc): VersionSummary {
  return {
    documentId: v.documentId,
    number: v.number,
    status: v.stage, // stored as `stage` (Strapi reserves `status`), served as `status` (API.md)
    source: v.source,
    artifactHash: v.artifactHash,
    artifactSize: Number(v.artifactSize),
    metrics: v.metrics ?? null,
    notes: v.notes ?? null,
    createdByActor: (v.createdByActor as Actor) ?? null,
    reviewedByActor: (v.reviewedByActor as Actor) ?? null,
    reviewedAt: v.reviewedAt ?? null,
    trafficShare: v.trafficShare == null ? null : Number(v.trafficShare),
    promotedAt: v.promotedAt ?? null,
    createdAt: v.createdAt,
  };
}

export function toModelSummary(m: Doc, production: Doc | null): ModelSummary {
  return {
    documentId: m.documentId,
    name: m.name,
    slug: m.slug,
    description: m.description ?? null,
    task: m.task,
    labels: m.labels ?? [],
    scope: m.scope,
    tags: m.tags ?? [],
    evaluationDataset: m.evaluationDataset ?? null,
    production: production ? toVersionSummary(production) : null,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export function toModelDetail(m: Doc, versions: Doc[]): ModelDetail {
  const production = versions.find((v) => v.stage === 'production') ?? null;
  return { ...toModelSummary(m, production), versions: versions.map(toVersionSummary) };
}
