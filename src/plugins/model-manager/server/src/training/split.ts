/**
 * What a run trains on and what measures it: all of its data against the model's evaluation set,
 * or, for a model without one, a held-out split of its own data (whole groups, about a fifth of
 * each label; ml/folds.ts), so every trained version carries metrics and says which kind.
 */
import { heldOutSplit } from '../ml/folds';
import type { EvaluationSet } from '../services/registry/evaluation';
import { subsetOf, type Dataset } from '../services/feedback/feedback';
import type { TrainJob } from './messages';
import { toRanges, type RowsLineage } from './lineage';

export interface EvaluationPart extends NonNullable<TrainJob['evaluation']> {
  set: Dataset;
}

export function splitForEvaluation(
  data: Dataset,
  evaluationSet: EvaluationSet | null
): { training: Dataset; evaluation: EvaluationPart | null } {
  if (evaluationSet) {
    return {
      training: data,
      evaluation: {
        name: evaluationSet.name,
        rows: evaluationSet.rows,
        kind: 'evaluation set',
        set: evaluationSet,
      },
    };
  }
  const held = heldOutSplit(data.rows);
  if (!held) return { training: data, evaluation: null };
  const heldOut = subsetOf(data, (i) => held[i]);
  return {
    training: subsetOf(data, (i) => !held[i]),
    evaluation: {
      name: 'held-out split',
      rows: heldOut.rows,
      kind: 'held-out split',
      set: heldOut,
    },
  };
}

export const rowsLineage = (data: Dataset): RowsLineage => ({
  count: data.size,
  idRanges: toRanges(data.ids),
  contentHash: data.contentHash,
});
