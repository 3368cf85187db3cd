import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';
import type { AgreementSummary, CreateCollectiveInput } from '../../../shared/contracts/collective';
import type { Actor } from '../../../shared/contracts/models';
import { aggregate } from '../ml/agreement';
import { dawidSkene } from '../ml/dawid-skene';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import { fieldError } from '../utils/validate';
import { relabelled, type Dataset } from './feedback';
import { rowId, type ModelDocument } from '../types/documents';
import { readerKey } from '../principals';

const FOLLOWS = 'mm_reader_follows';
/** Subjects scored per onnxruntime call by the anchor, yielding between calls (as evaluation does). */
const ANCHOR_SLICE = 32;
const nullable =
  (f: (v: number) => number) =>
  (v: number | null): number | null =>
    v === null ? null : f(v);

/**
 * Collective models: an editor's model over a base model, trained on what a group of expert
 * readers (members) labelled on the base, aggregated per subject by each member's estimated
 * reliability (ml/dawid-skene.ts), anchored by the base model's champion and gold labels.
 * It is an ordinary model otherwise: versions, review, promotion. Readers follow one (their
 * setting, mm_reader_follows, or their role's default) and routing answers from its champion.
 */
const createCollectiveModelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;

  async function withMembers(
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
    const champion = await getService(strapi, 'deployments').champion(db(), rowId(base));
    if (!champion || !texts.length) return { version: null, probabilities };
    const version = (await strapi.db
      .query(UIDS.version)
      .findOne({ where: { id: champion.versionId }, select: ['artifactHash'] })) as {
      artifactHash: string;
    };
    for (let start = 0; start < texts.length; start += ANCHOR_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const slice = texts.slice(start, start + ANCHOR_SLICE);
      const scored = await getService(strapi, 'runtime').predictProba(
        version.artifactHash,
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
    const rows = (await strapi.db.query(UIDS.feedback).findMany({
      where: {
        model: { id: base.id },
        giverKey: { $notIn: members.map((id) => readerKey(id)) },
        $or: sources,
      },
      select: ['id', 'subjectKey', 'label'],
      orderBy: { id: 'asc' },
    })) as Array<{ subjectKey: string; label: string }>;
    return new Map(
      rows.filter((r) => subjects.has(r.subjectKey)).map((r) => [r.subjectKey, r.label])
    );
  }

  return {
    async create(input: CreateCollectiveInput, actor: Actor) {
      const base = await getService(strapi, 'models').requireModel(input.baseModel);
      if (base.scope !== 'global') throw fieldError(['baseModel'], 'must be a global model');
      const found = await strapi.db
        .query('plugin::users-permissions.user')
        .count({ where: { id: { $in: input.members } } });
      if (found !== input.members.length)
        throw fieldError(['members'], 'must all be existing users');
      const created = await getService(strapi, 'models').create(
        {
          name: input.name,
          slug: input.slug,
          labels: base.labels as string[],
          scope: 'collective',
        },
        actor
      );
      const model = await getService(strapi, 'models').requireModel(created.slug);
      await strapi.db
        .query(UIDS.model)
        .update({ where: { id: model.id }, data: { baseModel: base.id, members: input.members } });
      return {
        slug: created.slug,
        baseModel: base.slug as string,
        members: input.members.length,
        agreement: (await this.dataset(model)).agreement,
      };
    },

    /**
     * The members' labels on the base model as training rows: one row per subject (its first
     * member row), labelled with the Dawid–Skene posterior's most probable label and weighted by
     * its confidence; the base champion's probabilities and gold labels anchor the estimate.
     */
    async dataset(model: ModelDocument): Promise<{ data: Dataset; agreement: AgreementSummary }> {
      const { base, members } = await withMembers(model);
      const rows = (await strapi.db.query(UIDS.feedback).findMany({
        where: { model: { id: base.id }, giverKey: { $in: members.map((id) => readerKey(id)) } },
        select: ['id', 'giverKey'],
        orderBy: { id: 'asc' },
      })) as Array<{ id: number; giverKey: string }>;
      const giverOf = new Map(rows.map((r) => [r.id, r.giverKey]));
      const all = await getService(strapi, 'feedback').dataset(base, { ids: [...giverOf.keys()] });
      const votes = all.rows.map((r, i) => ({
        subject: all.subjects[i],
        member: giverOf.get(all.ids[i]) as string,
        label: r.label,
      }));
      const first = new Map<string, number>(); // subject -> the row that stands for it
      all.subjects.forEach((s, i) => first.has(s) || first.set(s, i));
      const labels = base.labels as string[];
      const anchor = await anchorOf(
        base,
        labels,
        [...first].map(([s, i]) => [s, all.rows[i].text])
      );
      const gold = await goldOf(base, members, new Set(first.keys()));
      const estimate = dawidSkene(labels, votes, { anchor: anchor.probabilities, gold });
      const posterior = new Map(estimate.subjects.map((p) => [p.subject, p]));
      const round = (v: number) => Math.round(v * 1e4) / 1e4;
      const data = relabelled(all, (i) => {
        const p = posterior.get(all.subjects[i])!;
        const weight = round(p.weight);
        return first.get(all.subjects[i]) === i && weight > 0 ? { label: p.label, weight } : null;
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
          fleissKappa: nullable(round)(kappa.fleissKappa),
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
            kappa: nullable(round)(kappas.get(m.member)?.kappa ?? null),
            weight: round((K * m.reliability - 1) / (K - 1)),
            reliability: round(m.reliability),
            decided: m.decided,
          })),
        },
      };
    },

    /** The collective model `slug` when it is one over `base`; a 400 on `collective` otherwise. */
    /** Sets (or, with null, clears) which collective model a role follows on `base` by default. */
    async setRoleDefault(base: ModelDocument, roleId: number, slug: string | null) {
      const collective = slug === null ? null : await this.requireOver(base, slug);
      return getService(strapi, 'role-defaults').set(base, roleId, collective);
    },

    async requireOver(base: ModelDocument, slug: string): Promise<ModelDocument> {
      const collective = await getService(strapi, 'models').requireModel(slug);
      const { base: over } =
        collective.scope === 'collective' ? await withMembers(collective) : { base: null };
      if (over?.id !== base.id)
        throw fieldError(['collective'], `must be a collective model over "${base.slug}"`);
      return collective;
    },

    /** A reader's setting: follow `collective` (a collective model over `base`) or nothing. */
    async follow(userId: number, base: ModelDocument, collectiveSlug: string | null) {
      if (collectiveSlug === null) {
        await db()(FOLLOWS).where({ user_id: userId, model_id: base.id }).delete();
        return { model: base.slug as string, collective: null };
      }
      const collective = await this.requireOver(base, collectiveSlug);
      const row = {
        user_id: userId,
        model_id: base.id,
        collective_model_id: collective.id,
        at_ms: Date.now(),
      };
      await db()(FOLLOWS)
        .insert(row)
        .onConflict(['user_id', 'model_id'])
        .merge(['collective_model_id', 'at_ms']);
      return { model: base.slug as string, collective: collective.slug as string };
    },

    /**
     * The slug of the collective model a reader follows for this base model: their own setting,
     * else their role's default (services/role-defaults.ts), else null.
     */
    async followedBy(baseModelId: number, userId: number): Promise<string | null> {
      const row = (await db()(FOLLOWS)
        .join('mm_models as m', 'm.id', `${FOLLOWS}.collective_model_id`)
        .where({ [`${FOLLOWS}.user_id`]: userId, [`${FOLLOWS}.model_id`]: baseModelId })
        .first('m.slug as slug')) as { slug: string } | undefined;
      return (
        row?.slug ?? (await getService(strapi, 'role-defaults').forReader(baseModelId, userId))
      );
    },

    /** A reset forgets what the reader follows too. */
    async forget(userId: number, baseModelId: number) {
      await db()(FOLLOWS).where({ user_id: userId, model_id: baseModelId }).delete();
    },
  };
};

export type CollectiveModelsService = ReturnType<typeof createCollectiveModelsService>;
export default createCollectiveModelsService;
