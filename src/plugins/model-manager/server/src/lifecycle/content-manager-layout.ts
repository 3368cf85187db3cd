import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';
import type { SubjectType } from '../subjects/subject-types';
import { getService } from '../utils/get-service';

/**
 * How the Content Manager shows the plugin's types. Fields only the lifecycle (registry), the
 * training queue or feedback capture may write are read-only (the registry guard refuses such
 * edits anyway; this spares editors a form they cannot save); JSON the plugin's own pages present
 * (metrics, lineage, signature, actors) stays out of the edit form instead of showing as raw JSON;
 * entries are titled readably ("spam v3", a model's name). Training runs, feedback and the
 * audit are hidden from the Content Manager altogether (content-type pluginOptions); which entries
 * it may create or delete is content-manager-actions.ts.
 */
interface Layout {
  readOnly: string[];
  hidden?: string[];
  /** hints shown under a field in the edit form */
  hints?: Record<string, string>;
  mainField?: string;
  list?: string[];
  /** columns added to the list view when missing (the app's own columns stay) */
  listAlso?: string[];
  /** labels where the field's name, humanized, would not say it (the rest: "evaluationDataset" → "Evaluation dataset") */
  labels?: Record<string, string>;
}

const LAYOUTS: Record<string, Layout> = {
  [UIDS.version]: {
    readOnly: [
      'title',
      'model',
      'number',
      'stage',
      'source',
      'artifactHash',
      'artifactSize',
      'reviewedAt',
      'reviewComment',
      'trafficShare',
      'promotedAt',
    ],
    hidden: [
      'signature',
      'metrics',
      'lineage',
      'createdByActor',
      'reviewedByActor',
      'reviewedGate',
    ],
    mainField: 'title',
    list: ['title', 'stage', 'source', 'createdAt'],
    labels: {
      stage: 'Lifecycle stage',
      artifactHash: 'Artifact (sha256)',
      artifactSize: 'Artifact size (bytes)',
      trafficShare: 'Traffic share (0–1)',
    },
  },
  // Labels and tags are JSON arrays the Models page and the API set at creation (the registry guard
  // refuses relabelling a model that served): out of the form, with a hint saying where they live.
  [UIDS.model]: {
    // set at creation: the registry guard refuses a change (lifecycle/registry-guard.ts)
    readOnly: ['slug', 'scope', 'evaluationDataset'],
    // relations the collective-model service and the registry own (the guard refuses a change):
    // out of the form instead of offered and refused at Save
    hidden: ['labels', 'tags', 'owner', 'members', 'baseModel', 'versions', 'versionCounter'],
    labels: {
      slug: 'Slug (its address in the API)',
      evaluationDataset: 'Evaluation set',
      trainOnReaders: 'Train on readers’ labels',
    },
    hints: {
      description:
        'Labels and tags are set when the model is created (Model Manager → Models) and shown on its page there.',
    },
    mainField: 'name',
    list: ['name', 'slug', 'scope', 'createdAt'],
  },
  [UIDS.trainingRun]: {
    readOnly: [
      'model',
      'status',
      'progress',
      'phase',
      'datasetSize',
      'datasetHash',
      'resultVersion',
      'error',
      'claimedBy',
      'leaseExpiresAt',
      'startedAt',
      'finishedAt',
    ],
    hidden: ['parameters', 'logs', 'requestedByActor'],
  },
  [UIDS.feedback]: { readOnly: ['giverKey', 'subjectKey', 'subjectType', 'subjectId', 'source'] },
};

/** A subject type's prediction fields: written by its save hook, presented by the side panel (edits would be thrown away). */
function subjectLayouts(types: SubjectType[]): Record<string, Layout> {
  const layouts: Record<string, Layout> = {};
  for (const { uid, prediction } of types) {
    if (!prediction) continue;
    const readOnly = [prediction.label, prediction.by].filter((f): f is string => !!f);
    layouts[uid] = {
      readOnly,
      hidden: prediction.probabilities ? [prediction.probabilities] : [],
      // the list shows each entry's answer beside the app's own columns
      listAlso: prediction.label ? [prediction.label] : [],
      labels: Object.fromEntries(
        [
          [prediction.label, "Model's answer"],
          [prediction.by, 'Answered by'],
        ].filter(([field]) => !!field)
      ),
    };
  }
  return layouts;
}

type Metadata = {
  edit?: { editable?: boolean; visible?: boolean; description?: string; label?: string };
  list?: { label?: string };
};
type Configuration = {
  settings: { mainField?: string } & Record<string, unknown>;
  layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> } & Record<
    string,
    unknown
  >;
  metadatas: Record<string, Metadata>;
};

/** "evaluationDataset" → "Evaluation dataset": what the Content Manager shows instead of the attribute's name. */
export const humanize = (field: string) =>
  field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

function apply(configuration: Configuration, layout: Layout): Configuration {
  const next = JSON.parse(JSON.stringify(configuration)) as Configuration;
  // Only labels still equal to the attribute's name (Strapi's default): an editor's own label stays.
  for (const [field, metadata] of Object.entries(next.metadatas ?? {})) {
    const label = layout.labels?.[field] ?? humanize(field);
    for (const view of ['edit', 'list'] as const)
      if (metadata[view] && metadata[view]!.label === field) metadata[view]!.label = label;
  }
  for (const field of layout.readOnly)
    if (next.metadatas?.[field]?.edit) next.metadatas[field].edit!.editable = false;
  for (const field of layout.hidden ?? [])
    if (next.metadatas?.[field]?.edit) next.metadatas[field].edit!.visible = false;
  for (const [field, hint] of Object.entries(layout.hints ?? {}))
    if (next.metadatas?.[field]?.edit) next.metadatas[field].edit!.description = hint;
  const hidden = new Set(layout.hidden ?? []);
  next.layouts.edit = next.layouts.edit
    .map((row) => row.filter((cell) => !hidden.has(cell.name)))
    .filter((row) => row.length > 0);
  if (layout.mainField) next.settings.mainField = layout.mainField;
  if (layout.list) next.layouts.list = layout.list;
  for (const field of layout.listAlso ?? [])
    if (next.metadatas?.[field] && !next.layouts.list.includes(field))
      next.layouts.list.push(field);
  return next;
}

export async function lockLifecycleFields(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager')?.service('content-types') as
    | {
        findContentType(uid: string): unknown;
        findConfiguration(ct: unknown): Promise<Configuration>;
        updateConfiguration(ct: unknown, c: object): Promise<unknown>;
      }
    | undefined;
  if (!contentTypes) return;
  for (const [uid, layout] of Object.entries({
    ...LAYOUTS,
    ...subjectLayouts(getService(strapi, 'subjects').types()),
  })) {
    const contentType = contentTypes.findContentType(uid);
    if (!contentType) continue;
    const configuration = await contentTypes.findConfiguration(contentType);
    const next = apply(configuration, layout);
    if (JSON.stringify(next) === JSON.stringify(configuration)) continue;
    await contentTypes.updateConfiguration(contentType, {
      settings: next.settings,
      layouts: next.layouts,
      metadatas: next.metadatas,
    });
  }
}
