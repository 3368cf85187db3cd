import type { Core } from '@strapi/strapi';
import { UIDS } from '../../../shared/constants';
import type { Actor } from '../../../shared/contracts/models';
import { asJson } from '../utils/document-input';

export interface AuditEntry {
  model: { documentId: string };
  versionNumber: number | null | undefined;
  action: string;
  from: string | null;
  to: string | null;
  actor: Actor;
  comment?: string | null;
}

/** Appends one audit record; call inside the transaction of the change it records (and `asRegistry`). */
export async function writeAudit(strapi: Core.Strapi, entry: AuditEntry) {
  await strapi.documents(UIDS.auditEvent).create({
    data: {
      model: entry.model.documentId,
      versionNumber: entry.versionNumber ?? undefined,
      action: entry.action,
      fromStatus: entry.from ?? undefined,
      toStatus: entry.to ?? undefined,
      actor: asJson(entry.actor),
      comment: entry.comment ?? undefined,
      at: new Date().toISOString(),
    },
  });
}
