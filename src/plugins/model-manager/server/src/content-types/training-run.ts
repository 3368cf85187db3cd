import { TRAINING_RUN_STATUSES } from '../../../shared/constants';

/** A queued or executed training of a model; claimed by one instance through an atomic update. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'mm_training_runs',
    info: {
      singularName: 'training-run',
      pluralName: 'training-runs',
      displayName: 'Training run',
    },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: false },
      'content-type-builder': { visible: false },
    },
    attributes: {
      model: { type: 'relation', relation: 'manyToOne', target: 'plugin::model-manager.model' },
      status: {
        type: 'enumeration',
        enum: [...TRAINING_RUN_STATUSES],
        default: 'queued',
        required: true,
      },
      progress: { type: 'decimal', default: 0, min: 0, max: 1 },
      phase: { type: 'string' },
      parameters: { type: 'json' },
      datasetSize: { type: 'integer' },
      datasetHash: { type: 'string' },
      /** A global model's rows and subjects per origin, and how readers' votes were counted (TrainingSources). */
      sources: { type: 'json' },
      resultVersion: { type: 'integer' },
      error: { type: 'text' },
      logs: { type: 'json' },
      /** [iteration, loss] of the optimiser's final fit, thinned to at most 240 points */
      lossCurve: { type: 'json' },
      requestedByActor: { type: 'json' },
      /** The instance holding the run, and until when its lease holds without a heartbeat. */
      claimedBy: { type: 'string' },
      leaseExpiresAt: { type: 'datetime' },
      startedAt: { type: 'datetime' },
      finishedAt: { type: 'datetime' },
    },
  },
};
