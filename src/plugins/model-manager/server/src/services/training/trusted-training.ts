import type { Core } from '@strapi/strapi';
import type { TrainingOrigin, TrainingSources } from '../../../../shared/contracts/training';
import {
  accountStanding,
  cappedVotes,
  trustedLabels,
  type AccountStanding,
  type Vote,
} from '../../ml/capped-votes';
import { provenanceRows, readerVotes } from '../../database/repositories/feedback';
import { membersOfCollectivesOver } from '../../database/repositories/models';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, type ModelDocument } from '../../types/documents';
import type { Dataset, ProvenanceRow } from '../feedback/feedback';

/** Keys bound per query (databases cap the number of bound values). */
const SLICE = 1000;

/**
 * What trains a global model: editors', authors', imports' and its experts' labels (members of a
 * collective model over it), as they are; readers' labels only when the model opts in
 * (`trainOnReaders`), and then as capped votes (ml/capped-votes.ts): one row per subject only
 * readers labelled, of bounded weight, decided by accounts with a track record. The same standing
 * weighs readers in the outcomes per variant.
 */
const createTrustedTrainingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const options = () => pluginConfig(strapi).readerVotes;

  return {
    /** Giver keys of the model's approved experts: the members of collective models over it. */
    async expertKeys(model: ModelDocument): Promise<Set<string>> {
      const members = await membersOfCollectivesOver(strapi, rowId(model));
      return new Set(members.map((id) => `user:${id}`));
    },

    /** Where a row comes from: its source, except that an expert's reader label is trusted. */
    originOf(row: ProvenanceRow, experts: ReadonlySet<string>): TrainingOrigin {
      if (row.source !== 'reader') return row.source;
      return experts.has(row.giverKey) ? 'expert' : 'reader';
    },

    async dataset(
      model: ModelDocument,
      filters: { datasets?: string[]; excludeDataset?: string | null }
    ): Promise<{ data: Dataset; sources: TrainingSources }> {
      const rows = await getService(strapi, 'feedback').provenance(model, filters);
      const experts = await this.expertKeys(model);
      const origin = new Map(rows.map((r) => [r.id, this.originOf(r, experts)]));
      const trustedRows = rows.filter((r) => origin.get(r.id) !== 'reader');
      const readerRows = rows.filter((r) => origin.get(r.id) === 'reader');
      const trusted = trustedLabels(
        trustedRows.map((r) => ({ subject: r.subjectKey, label: r.label }))
      );
      const votes: Vote[] = readerRows.map((r) => ({
        subject: r.subjectKey,
        account: r.giverKey,
        label: r.label,
      }));

      const ids = trustedRows.map((r) => r.id);
      const weights = new Map<number, number>();
      const readers: TrainingSources['readers'] = {
        policy: model.trainOnReaders ? 'aggregated' : 'excluded',
        labels: votes.length,
        accounts: new Set(votes.map((v) => v.account)).size,
        weightedAccounts: 0,
        subjectsKept: 0,
        subjectsOverruled: 0,
        subjectsUnweighted: 0,
        weight: 0,
      };
      if (model.trainOnReaders && votes.length) {
        const result = cappedVotes(votes, trusted, options());
        // The earliest reader row giving the verdict's label stands for the subject (its text, its lineage id).
        const first = new Map<string, number>();
        for (const r of readerRows) {
          const key = `${r.subjectKey}\t${r.label}`;
          if (!first.has(key)) first.set(key, r.id);
        }
        for (const v of result.verdicts) {
          const id = first.get(`${v.subject}\t${v.label}`) as number;
          ids.push(id);
          weights.set(id, v.weight);
        }
        readers.weightedAccounts = [...result.standing.values()].filter(
          (s) => s.voteWeight > 0
        ).length;
        readers.subjectsKept = result.verdicts.length;
        readers.subjectsOverruled = result.overruled;
        readers.subjectsUnweighted = result.unweighted;
        readers.weight = Math.round(result.verdicts.reduce((a, v) => a + v.weight, 0) * 1e4) / 1e4;
      }
      const data = await getService(strapi, 'feedback').dataset(model, {
        ids: ids.sort((a, b) => a - b),
        weights,
      });
      return { data, sources: { byOrigin: countByOrigin(data, origin), readers } };
    },

    /** The standing (trust, per-vote weight) of the given readers on this model, from their labels. */
    async readerStanding(
      model: ModelDocument,
      accounts: string[]
    ): Promise<Map<string, AccountStanding>> {
      const experts = await this.expertKeys(model);
      const votes: Vote[] = [];
      for (let start = 0; start < accounts.length; start += SLICE) {
        const rows = await readerVotes(strapi, rowId(model), accounts.slice(start, start + SLICE));
        for (const r of rows)
          votes.push({ subject: r.subjectKey, account: r.giverKey, label: r.label });
      }
      const subjects = [...new Set(votes.map((v) => v.subject))];
      const trustedRows: Array<{ subject: string; label: string }> = [];
      for (let start = 0; start < subjects.length; start += SLICE) {
        const rows = await provenanceRows(strapi, rowId(model), {
          subjectKey: { $in: subjects.slice(start, start + SLICE) },
        });
        for (const r of rows)
          if (this.originOf(r, experts) !== 'reader')
            trustedRows.push({ subject: r.subjectKey, label: r.label });
      }
      const standing = accountStanding(votes, trustedLabels(trustedRows), options());
      // An expert is approved by an editor: full standing, whatever they labelled.
      for (const key of accounts)
        if (experts.has(key))
          standing.set(key, { labels: 0, compared: 0, agreed: 0, trust: 1, voteWeight: 1 });
      return standing;
    },
  };
};

function countByOrigin(
  data: Dataset,
  origin: ReadonlyMap<number, TrainingOrigin>
): TrainingSources['byOrigin'] {
  const subjects = new Map<TrainingOrigin, Set<string>>();
  const rows = new Map<TrainingOrigin, number>();
  data.ids.forEach((id, i) => {
    const o = origin.get(id) as TrainingOrigin;
    rows.set(o, (rows.get(o) ?? 0) + 1);
    subjects.set(o, (subjects.get(o) ?? new Set()).add(data.subjects[i]));
  });
  const of = (o: TrainingOrigin) => ({
    rows: rows.get(o) ?? 0,
    subjects: subjects.get(o)?.size ?? 0,
  });
  return {
    import: of('import'),
    author: of('author'),
    editor: of('editor'),
    expert: of('expert'),
    reader: of('reader'),
  };
}

export type TrustedTrainingService = ReturnType<typeof createTrustedTrainingService>;
export default createTrustedTrainingService;
