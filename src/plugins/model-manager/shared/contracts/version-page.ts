import { z } from '@strapi/utils';
import { emptyMeta, envelope } from './envelope';
import { versionSummary } from './models';
import { auditEvent } from './versions';

/** `GET /model-manager/models/:slug/versions/:number/details`: everything the version page shows. */
export const versionDetail = versionSummary.extend({
  /** { inputs, outputs, classLabels, ... } as read from the artifact */
  signature: z.record(z.string(), z.unknown()).nullable(),
  /** { trainingRun?, datasetSize?, datasetHash?, parameters?, fileName?, ... } */
  lineage: z.record(z.string(), z.unknown()).nullable(),
  reviewComment: z.string().nullable(),
  /** this version's audit entries, newest first: its status history */
  audit: z.array(auditEvent),
});
export type VersionDetail = z.infer<typeof versionDetail>;
export const versionDetailResponse = envelope(versionDetail, emptyMeta);

export const notesBody = z
  .object({ data: z.object({ notes: z.string().max(5000) }).strict() })
  .strict();

/** The artifact download: the .onnx bytes themselves. */
export const artifactResponse = z
  .unknown()
  .describe('The ONNX file (application/octet-stream), as an attachment.');
