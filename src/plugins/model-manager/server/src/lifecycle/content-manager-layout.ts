import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';

/**
 * Fields the Content Manager shows but must not edit, because only the lifecycle (registry),
 * the training queue or feedback capture may write them. The registry guard refuses such edits
 * anyway; making them read-only spares editors a form they cannot save.
 */
const READ_ONLY: Record<string, string[]> = {
  [UIDS.version]: ['model', 'number', 'stage', 'source', 'artifactHash', 'artifactSize', 'signature', 'metrics', 'lineage', 'createdByActor', 'reviewedByActor', 'reviewedAt', 'reviewComment', 'trafficShare', 'promotedAt'],
  [UIDS.trainingRun]: ['model', 'status', 'progress', 'phase', 'parameters', 'datasetSize', 'datasetHash', 'resultVersion', 'error', 'logs', 'requestedByActor', 'claimedBy', 'leaseExpiresAt', 'startedAt', 'finishedAt'],
  [UIDS.feedback]: ['giverKey', 'subjectKey', 'source'],
};

type Configuration = { settings: object; layouts: object; metadatas: Record<string, { edit?: { editable?: boolean } }> };

export async function lockLifecycleFields(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager')?.service('content-types') as
    | { findContentType(uid: string): unknown; findConfiguration(ct: unknown): Promise<Configuration>; updateConfiguration(ct: unknown, c: object): Promise<unknown> }
    | undefined;
  if (!contentTypes) return;
  for (const [uid, fields] of Object.entries(READ_ONLY)) {
    const contentType = contentTypes.findContentType(uid);
    if (!contentType) continue;
    const configuration = await contentTypes.findConfiguration(contentType);
    const unlocked = fields.filter((field) => configuration.metadatas?.[field]?.edit && configuration.metadatas[field].edit!.editable !== false);
    if (!unlocked.length) continue;
    for (const field of unlocked) configuration.metadatas[field].edit!.editable = false;
    await contentTypes.updateConfiguration(contentType, { settings: configuration.settings, layouts: configuration.layouts, metadatas: configuration.metadatas });
  }
}
