export const PLUGIN_ID = 'model-manager';

export const UIDS = {
  model: 'plugin::model-manager.model',
  version: 'plugin::model-manager.model-version',
  feedback: 'plugin::model-manager.feedback',
  trainingRun: 'plugin::model-manager.training-run',
  auditEvent: 'plugin::model-manager.audit-event',
} as const;

/** Admin RBAC actions; the Super Admin grants them to roles in Settings → Roles. */
export const ACTIONS = {
  read: 'plugin::model-manager.read',
  upload: 'plugin::model-manager.upload',
  train: 'plugin::model-manager.train',
  review: 'plugin::model-manager.review',
  deploy: 'plugin::model-manager.deploy',
  curate: 'plugin::model-manager.curate',
  /** readers' labelled texts: an editor sees counts without it (issue 11) */
  readTexts: 'plugin::model-manager.readers.read-texts',
} as const;

export type ActionKey = keyof typeof ACTIONS;

export const ACTION_LABELS: Record<ActionKey, string> = {
  read: 'Read models, versions and metrics',
  upload: 'Upload model versions',
  train: 'Start training runs',
  review: 'Submit, approve and reject versions',
  deploy: 'Promote, set challengers and roll back',
  curate: 'Relabel, delete and import feedback',
  readTexts: "Read readers' labelled texts",
};

export const MODEL_SCOPES = ['global', 'personal', 'collective'] as const;
export type ModelScope = (typeof MODEL_SCOPES)[number];

export const MODEL_TASKS = ['text-classification'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const VERSION_STATUSES = [
  'candidate',
  'in_review',
  'approved',
  'rejected',
  'production',
  'challenger',
  'archived',
] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const VERSION_SOURCES = ['upload', 'training'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export const FEEDBACK_SOURCES = ['import', 'author', 'reader', 'editor'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

export const TRAINING_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type TrainingRunStatus = (typeof TRAINING_RUN_STATUSES)[number];

/**
 * Model events, sent through Strapi's own webhook system (Settings → Webhooks; the admin API
 * `POST /admin/webhooks` accepts them) and its event hub.
 */
export const MODEL_EVENTS = {
  versionCreated: 'model-manager.version.created',
  versionApproved: 'model-manager.version.approved',
  versionRejected: 'model-manager.version.rejected',
  versionPromoted: 'model-manager.version.promoted',
  modelRolledBack: 'model-manager.model.rolled-back',
  trainingSucceeded: 'model-manager.training.succeeded',
  trainingFailed: 'model-manager.training.failed',
  modelDrifted: 'model-manager.model.drifted',
} as const;
export type ModelEvent = (typeof MODEL_EVENTS)[keyof typeof MODEL_EVENTS];

/** The parts of a model card people write (the rest is evidence); plain data, so the admin may import it. */
export const PEOPLE_FIELDS = ['intendedUse', 'outOfScope', 'caveats', 'dataLicence'] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];
