import type { Core } from '@strapi/strapi';
import type { AgreementSummary } from '../../../../shared/contracts/collective';
import type { TrainingReadiness, TrainingSources } from '../../../../shared/contracts/training';
import { checkTrainingData, TrainingError } from '../../training/run-plan';
import { conflict } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import type { Dataset } from '../feedback/feedback';
import type { ModelDocument } from '../../types/documents';

/**
 * Whether a run started now would have enough data: the same rows and the same check as the run
 * itself (every dataset but the evaluation set, or the named ones), so the admin can say why Start
 * is disabled and the admin API can refuse before queueing a run bound to fail.
 */
const createTrainingReadinessService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The rows a run of this model trains on: its feedback (every dataset but the evaluation set, or
   * the named ones), or for a collective model its members' labels of the base model, agreed per subject.
   * A global model's rows come from trusted sources, and from readers only if it opts in (`sources` says how many).
   */
  async trainingData(
    model: ModelDocument,
    datasets?: string[]
  ): Promise<{
    data: Dataset;
    agreement: AgreementSummary | null;
    sources?: TrainingSources | null;
  }> {
    if (model.scope === 'collective') return getService(strapi, 'collective-labels').dataset(model);
    const excludeDataset = (model.evaluationDataset as string | null) ?? null;
    if (model.scope === 'global') {
      const { data, sources } = await getService(strapi, 'trusted-training').dataset(model, {
        datasets,
        excludeDataset,
      });
      return { data, agreement: null, sources };
    }
    return {
      data: await getService(strapi, 'feedback').dataset(model, { datasets, excludeDataset }),
      agreement: null,
    };
  },

  async readiness(model: ModelDocument, datasets?: string[]): Promise<TrainingReadiness> {
    const { data } = await this.trainingData(model, datasets);
    const byLabel: Record<string, number> = {};
    for (const row of data.rows) byLabel[row.label] = (byLabel[row.label] ?? 0) + 1;
    const minRows = pluginConfig(strapi).trainingMinRows;
    let reason: string | null = null;
    try {
      checkTrainingData(data.rows, model.labels as string[], minRows);
    } catch (error) {
      if (!(error instanceof TrainingError)) throw error;
      reason = error.message;
    }
    return { rows: data.size, minRows, byLabel, ready: reason === null, reason };
  },

  /** 409 naming what is missing, when a run would fail for want of data. */
  async requireReady(model: ModelDocument, datasets?: string[]): Promise<void> {
    const readiness = await this.readiness(model, datasets);
    if (!readiness.ready)
      throw conflict(readiness.reason as string, {
        rule: 'training-data',
        rows: readiness.rows,
        minRows: readiness.minRows,
        byLabel: readiness.byLabel,
      });
  },
});

export type TrainingReadinessService = ReturnType<typeof createTrainingReadinessService>;
export default createTrainingReadinessService;
