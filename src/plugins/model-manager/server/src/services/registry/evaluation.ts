import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../../shared/constants';
import type { Comparison, EvaluationMetrics } from '../../../../shared/contracts/compare';
import { comparisonIntervals } from '../../training/comparison-intervals';
import {
  countFlips,
  evaluationMetrics,
  findFlips,
  predictedLabels,
} from '../../training/evaluation-report';
import { decide } from '../../serving-engine/undecided';
import { conflict } from '../../utils/errors';
import { pluginConfig } from '../../utils/plugin-config';
import { getService } from '../../utils/get-service';
import type { Dataset } from '../feedback/feedback';
import { stored, type ModelDocument, type VersionDocument } from '../../types/documents';

/**
 * onnxruntime-node runs a batch on the calling thread: 128 debate utterances hold the event loop
 * ~50 ms. Evaluation scores in slices this small and yields between them, so predictions served
 * meanwhile wait ~15 ms at most.
 */
const SLICE = 32;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function inSlices(
  texts: string[],
  score: (slice: string[]) => Promise<number[][]>
): Promise<number[][]> {
  const rows: number[][] = [];
  for (let start = 0; start < texts.length; start += SLICE) {
    if (start > 0) await yieldToEventLoop();
    rows.push(...(await score(texts.slice(start, start + SLICE))));
  }
  return rows;
}

/** A model's evaluation set, frozen, with its name. */
export interface EvaluationSet extends Dataset {
  name: string;
}

/**
 * Scores versions on their model's evaluation set (a feedback dataset training never sees), so a
 * reviewer compares a candidate and the champion on the same data. Predictions run through
 * onnxruntime on the artifact itself: the metrics describe exactly the bytes that would serve.
 */
const createEvaluationService = ({ strapi }: { strapi: Core.Strapi }) => {
  const truthOf = (set: EvaluationSet) => set.rows.map((r) => r.label);
  const textsOf = (set: EvaluationSet) => set.rows.map((r) => r.text);

  async function probabilities(
    hash: string,
    set: EvaluationSet
  ): Promise<{ rows: number[][]; classLabels: string[] }> {
    const runtime = getService(strapi, 'runtime');
    let classLabels: string[] = [];
    const rows = await inSlices(textsOf(set), async (slice) => {
      const scored = await runtime.predictProba(hash, slice);
      classLabels = scored.classLabels;
      return scored.rows;
    });
    return { rows, classLabels };
  }

  return {
    /** The model's evaluation set, or null when it has none (or it is empty). */
    async evaluationSet(model: ModelDocument): Promise<EvaluationSet | null> {
      const set = await getService(strapi, 'feedback').evaluationSet(model);
      return set ? { ...set, name: model.evaluationDataset as string } : null;
    },

    /** Metrics of a stored artifact (by hash, through the session cache). */
    async evaluate(hash: string, set: EvaluationSet): Promise<EvaluationMetrics> {
      const { rows, classLabels } = await probabilities(hash, set);
      return evaluationMetrics(set.name, truthOf(set), rows, classLabels);
    },

    /** Metrics of rows already scored (an upload, scored in the validation sandbox before it is stored). */
    evaluateScored(set: EvaluationSet, rows: number[][], classLabels: string[]): EvaluationMetrics {
      return evaluationMetrics(set.name, truthOf(set), rows, classLabels);
    },

    /**
     * What the promotion gate weighs: both versions scored afresh on today's evaluation set, and
     * how their answers differ (who is right where they disagree). No intervals: it must be cheap
     * enough to run on every promote. Null when the model has no evaluation set.
     */
    async gateEvidence(
      model: ModelDocument,
      candidate: VersionDocument,
      champion: VersionDocument | null
    ) {
      const set = await this.evaluationSet(model);
      if (!set) return null;
      const truth = truthOf(set);
      const mine = await probabilities(stored(candidate.artifactHash), set);
      const candidateMetrics = evaluationMetrics(set.name, truth, mine.rows, mine.classLabels);
      const flips = { candidateRight: 0, championRight: 0, bothWrong: 0 };
      if (!champion)
        return {
          dataset: set.name,
          size: set.size,
          candidate: candidateMetrics,
          champion: null,
          flips,
        };
      const theirs = await probabilities(stored(champion.artifactHash), set);
      const [a, b] = [
        predictedLabels(mine.rows, mine.classLabels),
        predictedLabels(theirs.rows, theirs.classLabels),
      ];
      for (let i = 0; i < truth.length; i += 1) {
        if (a[i] === b[i]) continue;
        if (a[i] === truth[i]) flips.candidateRight += 1;
        else if (b[i] === truth[i]) flips.championRight += 1;
        else flips.bothWrong += 1;
      }
      return {
        dataset: set.name,
        size: set.size,
        candidate: candidateMetrics,
        champion: evaluationMetrics(set.name, truth, theirs.rows, theirs.classLabels),
        flips,
      };
    },

    /**
     * What a model card says of a version on today's evaluation set: its figures with 95 %
     * bootstrap intervals (whole groups resampled when rows carry one), accuracy per group, the
     * mistakes it is most sure of and how often it would answer "undecided". Null without a set.
     */
    async cardEvidence(model: ModelDocument, version: VersionDocument, mistakes = 5) {
      const set = await this.evaluationSet(model);
      if (!set) return null;
      const truth = truthOf(set);
      const scored = await probabilities(stored(version.artifactHash), set);
      const predicted = predictedLabels(scored.rows, scored.classLabels);
      const grouping = set.groupedBy
        ? { field: set.groupedBy, keys: set.rows.map((r) => r.group ?? '') }
        : null;
      const intervals = await comparisonIntervals(truth, scored, null, grouping, {
        pause: yieldToEventLoop,
      });
      const groups = new Map<string, { size: number; right: number }>();
      if (grouping)
        grouping.keys.forEach((key, i) => {
          const g = groups.get(key) ?? { size: 0, right: 0 };
          g.size += 1;
          g.right += predicted[i] === truth[i] ? 1 : 0;
          groups.set(key, g);
        });
      const { undecidedMargin } = pluginConfig(strapi);
      const undecided = scored.rows.filter(
        (row) => decide({ probabilities: row, evidence: null }, undecidedMargin).undecided
      ).length;
      const confidentMistakes = set.rows
        .map((row, i) => ({
          text: row.text,
          truth: truth[i],
          predicted: predicted[i],
          confidence: Math.max(...scored.rows[i]),
        }))
        .filter((m) => m.truth !== m.predicted)
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, mistakes);
      return {
        dataset: set.name,
        size: set.size,
        intervals: intervals.candidate,
        method: `${intervals.method}, ${intervals.resamples} resamples${intervals.groupedBy ? `, whole ${intervals.groupedBy} groups` : ''}`,
        perGroup: grouping
          ? [...groups].map(([group, g]) => ({ group, size: g.size, accuracy: g.right / g.size }))
          : null,
        confidentMistakes,
        undecidedRate: truth.length ? undecided / truth.length : 0,
      };
    },

    /**
     * Candidate against baseline (default: the production version) on today's evaluation set:
     * both are scored afresh, so the numbers compare like with like even if the set has grown.
     * Every metric and difference carries a 95 % bootstrap interval (comparison-intervals.ts).
     */
    async compare(
      slug: string,
      candidateNumber: number,
      baselineNumber?: number
    ): Promise<Comparison> {
      const models = getService(strapi, 'models');
      const { model, version: candidate } = await models.requireVersion(slug, candidateNumber);
      const baseline =
        baselineNumber !== undefined
          ? (await models.requireVersion(slug, baselineNumber)).version
          : await strapi.documents(UIDS.version).findFirst({
              filters: { model: { documentId: model.documentId }, stage: 'production' },
            });
      const set = await this.evaluationSet(model);
      if (!set) {
        throw conflict(
          `Model "${slug}" has no evaluation set to compare on: set its evaluationDataset and give it labelled rows.`,
          {
            slug,
            evaluationDataset: model.evaluationDataset ?? null,
          }
        );
      }
      const truth = truthOf(set);
      const scored = await probabilities(stored(candidate.artifactHash), set);
      const candidateSide = {
        number: candidate.number as number,
        metrics: evaluationMetrics(set.name, truth, scored.rows, scored.classLabels),
      };
      const base = baseline ? await probabilities(stored(baseline.artifactHash), set) : null;
      const grouping = set.groupedBy
        ? { field: set.groupedBy, keys: set.rows.map((r) => r.group ?? '') }
        : null;
      const intervals = await comparisonIntervals(truth, scored, base, grouping, {
        pause: yieldToEventLoop,
      });
      const comparison: Comparison = {
        dataset: set.name,
        size: set.size,
        labels: scored.classLabels,
        candidate: candidateSide,
        baseline: null,
        flips: [],
        flipCounts: null,
        intervals,
      };
      if (!baseline || !base) return comparison;
      comparison.baseline = {
        number: baseline.number as number,
        metrics: evaluationMetrics(set.name, truth, base.rows, base.classLabels),
      };
      const [candidateLabels, baselineLabels] = [
        predictedLabels(scored.rows, scored.classLabels),
        predictedLabels(base.rows, base.classLabels),
      ];
      comparison.flips = findFlips(textsOf(set), truth, candidateLabels, baselineLabels);
      comparison.flipCounts = countFlips(truth, candidateLabels, baselineLabels);
      return comparison;
    },
  };
};

export type EvaluationService = ReturnType<typeof createEvaluationService>;
export default createEvaluationService;
