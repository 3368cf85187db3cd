import { MODEL_SCOPES, MODEL_TASKS } from '../../../shared/constants';

/** A model: a named, addressable prediction task whose answers come from one of its versions. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'mm_models',
    info: { singularName: 'model', pluralName: 'models', displayName: 'Model' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: true },
      'content-type-builder': { visible: false },
    },
    attributes: {
      name: { type: 'string', required: true, maxLength: 120 },
      // Uniqueness is also a database index (see bootstrap), so concurrent creates cannot both win.
      slug: { type: 'uid', targetField: 'name', required: true },
      description: { type: 'text' },
      task: {
        type: 'enumeration',
        enum: [...MODEL_TASKS],
        default: 'text-classification',
        required: true,
      },
      labels: { type: 'json', required: true },
      scope: { type: 'enumeration', enum: [...MODEL_SCOPES], default: 'global', required: true },
      // A personal model belongs to one front-end user; a collective one to a group of experts.
      owner: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      members: {
        type: 'relation',
        relation: 'manyToMany',
        target: 'plugin::users-permissions.user',
      },
      // For personal/collective models: the model whose production version they specialise.
      baseModel: { type: 'relation', relation: 'manyToOne', target: 'plugin::model-manager.model' },
      tags: { type: 'json' },
      // Name of the feedback dataset held out for evaluation; training refuses to use it.
      evaluationDataset: { type: 'string' },
      // A global model trains on trusted sources only, unless it opts in to readers' capped, aggregated votes.
      trainOnReaders: { type: 'boolean', default: false },
      versions: {
        type: 'relation',
        relation: 'oneToMany',
        target: 'plugin::model-manager.model-version',
        mappedBy: 'model',
      },
      // Last version number handed out; incremented atomically so numbers never collide.
      versionCounter: { type: 'integer', default: 0, private: true, configurable: false },
    },
  },
};
