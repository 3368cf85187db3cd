import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import type { AgreementSummary } from '../../../../shared/contracts/collective';
import { aggregate } from '../../ml/agreement';
import { dawidSkene } from '../../ml/dawid-skene';
import { rowsOfGivers, subjectLabels } from '../../database/repositories/feedback';
import { artifactHashOf } from '../../database/repositories/versions';
import { readerKey } from '../../principals';
import { rowId, type ModelDocument } from '../../types/documents';
import { conflict } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { relabelled, subsetOf, type Dataset } from '../feedback/feedback';

/** Subjects scored per onnxruntime call by the anchor, yielding between calls (as evaluation does). */
const ANCHOR_SLICE = 32;
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const roundOrNull = (v: number | null) => (v === null ? null : round(v));

/**
 * The labels a collective model trains on: its members' labels of the base model, aggregated per
 * subject by each member's estimated reliability (ml/dawid-skene.ts), anchored by the base
 * model's champion (its probabilities on every subject) and gold labels (the base's evaluation set,
 * editors' labels). One row per subject, weighted by the posterior's confidence.
 */
const createCollectiveLabelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The collective model's base (with its labels and evaluation set) and its members' user ids. */
  async function membersOf(
    model: ModelDocument
  ): Promise<{ base: ModelDocument; members: number[] }> {
    const row: (Pick<ModelDocument, 'baseModel'> & { members: Array<{ id: number }> }) | null =
      await strapi.db.query(UIDS.model).findOne({
        where: { id: model.id },
        populate: {
          baseModel: { select: ['id', 'slug', 'documentId', 'labels', 'evaluationDataset'] },
          members: { select: ['id'] },
        },
      });
    if (!row?.baseModel)
      throw conflict(`Model "${model.slug}" is not a collective model with a base model.`, {
        slug: model.slug,
      });
    return { base: row.baseModel, members: row.members.map((m) => m.id) };
  }

  /** The base champion's probabilities per subject (in `labels` order), scored in slices. */
  async function anchorOf(
    base: ModelDocument,
    labels: string[],
    texts: Array<[subject: string, text: string]>
  ): Promise<{ version: number | null; probabilities: Map<string, number[]> }> {
    const probabilities = new Map<string, number[]>();
    const champion = await getService(strapi, 'deployments').champion(
      strapi.db.connection,
      rowId(base)
    );
    if (!champion || !texts.length) return { version: null, probabilities };
    const artifactHash = await artifactHashOf(strapi, champion.versionId);
    if (artifactHash === null) throw new Error(`version ${champion.versionId} is gone`);
    for (let start = 0; start < texts.length; start += ANCHOR_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const slice = texts.slice(start, start + ANCHOR_SLICE);
      const scored = await getService(strapi, 'runtime').predictProba(
        artifactHash,
        slice.map(([, text]) => text)
      );
      const column = labels.map((l) => scored.classLabels.indexOf(l));
      if (column.includes(-1)) return { version: null, probabilities: new Map() }; // other classes
      slice.forEach(([subject], i) =>
        probabilities.set(
          subject,
          column.map((c) => scored.rows[i][c])
        )
      );
    }
    return { version: champion.versionNumber, probabilities };
  }

  /** Known labels of these subjects on the base: its evaluation set and editors' labels (not members'). */
  async function goldOf(
    base: ModelDocument,
    members: number[],
    subjects: Set<string>
  ): Promise<Map<string, string>> {
    const sources: Array<Record<string, unknown>> = [{ source: 'editor' }];
    if (base.evaluationDataset) sources.push({ dataset: base.evaluationDataset });
    const rows = await subjectLabels(strapi, rowId(base), {
      giverKey: { $notIn: members.map((id) => readerKey(id)) },
      $or: sources,
    });
    return new Map(
      rows.filter((r) => subjects.has(r.subjectKey)).map((r) => [r.subjectKey, r.label])
    );
  }

  return {
    membersOf,

    /**
     * The members' labels on the base model as training rows: one row per subject (its first
     * member row), labelled with the Dawid–Skene posterior's most probable label and weighted by
     * its confidence; the base champion's probabilities and gold labels anchor the estimate.
     */
    async dataset(model: ModelDocument): Promise<{ data: Dataset; agreement: AgreementSummary }> {
      const { base, members } = await membersOf(model);
      const rows = await rowsOfGivers(
        strapi,
        rowId(base),
        members.map((id) => readerKey(id))
      );
      const giverOf = new Map(rows.map((r) => [r.id, r.giverKey]));
      const all = await getService(strapi, 'feedback').dataset(base, { ids: [...giverOf.keys()] });
      const labels = base.labels as string[];
      // A label the base no longer has (its labels were edited since) is no vote.
      const known = subsetOf(all, (i) => labels.includes(all.rows[i].label));
      const votes = known.rows.map((r, i) => ({
        subject: known.subjects[i],
        member: giverOf.get(known.ids[i]) as string,
        label: r.label,
      }));
      const first = new Map<string, number>(); // subject -> the row that stands for it
      known.subjects.forEach((s, i) => first.has(s) || first.set(s, i));
      const anchor = await anchorOf(
        base,
        labels,
        [...first].map(([s, i]) => [s, known.rows[i].text])
      );
      const gold = await goldOf(base, members, new Set(first.keys()));
      const estimate = dawidSkene(labels, votes, { anchor: anchor.probabilities, gold });
      const posterior = new Map(estimate.subjects.map((p) => [p.subject, p]));
      const data = relabelled(known, (i) => {
        const p = posterior.get(known.subjects[i])!;
        const weight = round(p.weight);
        return first.get(known.subjects[i]) === i && weight > 0 ? { label: p.label, weight } : null;
      });
      const kappa = aggregate(votes); // described beside the estimate, as before it
      const kappas = new Map(kappa.members.map((m) => [m.member, m]));
      const K = labels.length;
      return {
        data,
        agreement: {
          method: 'dawid-skene',
          subjects: first.size,
          ties: first.size - data.size,
          kept: data.size,
          fleissKappa: roundOrNull(kappa.fleissKappa),
          anchor: {
            version: anchor.version,
            subjects: anchor.probabilities.size,
            decided: estimate.anchorDecided,
          },
          gold: gold.size,
          weightSum: round(data.rows.reduce((sum, r) => sum + (r.weight ?? 1), 0)),
          members: estimate.members.map((m) => ({
            member: m.member,
            labels: m.labels,
            kappa: roundOrNull(kappas.get(m.member)?.kappa ?? null),
            weight: round((K * m.reliability - 1) / (K - 1)),
            reliability: round(m.reliability),
            decided: m.decided,
          })),
        },
      };
    },
  };
};

export type CollectiveLabelsService = ReturnType<typeof createCollectiveLabelsService>;
export default createCollectiveLabelsService;
