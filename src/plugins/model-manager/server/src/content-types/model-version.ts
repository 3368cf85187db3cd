import { VERSION_SOURCES, VERSION_STATUSES } from '../../../shared/constants';

/**
 * One ONNX artifact (by sha256, bytes in mm_artifacts) plus what is known about it.
 * `stage` (its lifecycle status; the REST field is `status`) changes only through the registry service;
 * a document middleware refuses any other edit. Not `status`: Strapi 5 reserves that name for a
 * document's draft/published state, and the Content Manager shows it as such.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'mm_model_versions',
    info: {
      singularName: 'model-version',
      pluralName: 'model-versions',
      displayName: 'Model version',
    },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: true },
      'content-type-builder': { visible: false },
    },
    attributes: {
      model: {
        type: 'relation',
        relation: 'manyToOne',
        target: 'plugin::model-manager.model',
        inversedBy: 'versions',
      },
      /** "<model slug> v<number>": the entry's title in the Content Manager. */
      title: { type: 'string' },
      number: { type: 'integer', required: true, min: 1 },
      stage: {
        type: 'enumeration',
        enum: [...VERSION_STATUSES],
        default: 'candidate',
        required: true,
      },
      source: { type: 'enumeration', enum: [...VERSION_SOURCES], required: true },
      artifactHash: { type: 'string', required: true, minLength: 64, maxLength: 64 },
      artifactSize: { type: 'integer', required: true },
      /** { inputs: [{ name, type, shape }], outputs: [...], classLabels: [...] } as read from the artifact. */
      signature: { type: 'json' },
      /** Evaluation on the model's evaluation set: accuracy, macroF1, auc, confusion, perClass. */
      metrics: { type: 'json' },
      /** Where it came from: { trainingRun?, datasetSize?, datasetHash?, parameters?, durationMs?, fileName? }. */
      lineage: { type: 'json' },
      notes: { type: 'text' },
      /** The parts of its model card only people know (intended use, caveats...), audited on edit. */
      card: { type: 'json' },
      /** Actors are { kind: 'admin' | 'api-token' | 'user' | 'system', id, name }. */
      createdByActor: { type: 'json' },
      reviewedByActor: { type: 'json' },
      reviewedAt: { type: 'datetime' },
      reviewComment: { type: 'text' },
      /** The promotion gate as the approving reviewer saw it (contracts/promotion.ts `reviewedGate`). */
      reviewedGate: { type: 'json' },
      /** Share of traffic (0..1) a challenger answers. */
      trafficShare: { type: 'decimal', min: 0, max: 1 },
      promotedAt: { type: 'datetime' },
    },
  },
};
