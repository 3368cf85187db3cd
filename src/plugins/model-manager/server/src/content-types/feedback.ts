import { FEEDBACK_SOURCES } from '../../../shared/constants';

/** A label somebody gave a text or an entry of a registered content type; the raw material of training. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'mm_feedbacks',
    info: { singularName: 'feedback', pluralName: 'feedbacks', displayName: 'Feedback' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: false },
      'content-type-builder': { visible: false },
    },
    attributes: {
      model: { type: 'relation', relation: 'manyToOne', target: 'plugin::model-manager.model' },
      /** What was labelled, as it read then (an entry's text fields joined, for a subject). */
      text: { type: 'text' },
      /** The entry it is about (content-type UID and document id), or none for a free text. */
      subjectType: { type: 'string' },
      subjectId: { type: 'string' },
      label: { type: 'string', required: true },
      predictedLabel: { type: 'string' },
      predictedVersion: { type: 'integer' },
      user: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      /** Who gave it, as a stable key ("user:7", "admin:2", "import:debates"): one entry per giver and subject. */
      giverKey: { type: 'string', required: true },
      /** What it is about, the key outcomes and evaluation share: "<uid>:<documentId>" or "text:<sha256>". */
      subjectKey: { type: 'string', required: true },
      source: { type: 'enumeration', enum: [...FEEDBACK_SOURCES], required: true },
      dataset: { type: 'string', required: true, default: 'feedback' },
      /** "<field>:<value>" of an imported row's group field (e.g. "debate:d07"): rows that are not independent. */
      groupKey: { type: 'string' },
      /** model|dataset|giver|subject: unique (index in bootstrap), so a repeat updates instead of piling up. */
      dedupeKey: { type: 'string', required: true, private: true, configurable: false },
    },
  },
};
