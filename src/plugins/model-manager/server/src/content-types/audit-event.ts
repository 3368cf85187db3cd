/** Append-only record of every lifecycle transition: who, when, from, to, why. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'mm_audit_events',
    info: { singularName: 'audit-event', pluralName: 'audit-events', displayName: 'Audit event' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: false },
      'content-type-builder': { visible: false },
    },
    attributes: {
      model: { type: 'relation', relation: 'manyToOne', target: 'plugin::model-manager.model' },
      versionNumber: { type: 'integer' },
      action: { type: 'string', required: true },
      fromStatus: { type: 'string' },
      toStatus: { type: 'string' },
      actor: { type: 'json' },
      comment: { type: 'text' },
      at: { type: 'datetime', required: true },
    },
  },
};
