import { promises as fs } from 'fs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { MODEL_EVENTS, UIDS } from '../../../../shared/constants';
import type { Actor, VersionSummary } from '../../../../shared/contracts/models';
import { takeVersionNumber } from '../../database/repositories/models';
import { writeAudit } from '../../lifecycle/audit';
import { asRegistry } from '../../lifecycle/registry-guard';
import { ArtifactError } from '../../serving-engine/artifact-error';
import { SandboxBusyError } from '../../serving-engine/sandbox/sandbox-slots';
import type { ValidatedArtifact } from '../serving/runtime';
import { getService } from '../../utils/get-service';
import { pluginConfig } from '../../utils/plugin-config';
import { rowId, stored, type ModelDocument } from '../../types/documents';
import { toVersionSummary } from '../platform/serialize';
import { serviceBusy } from '../../utils/errors';
import { asJson } from '../../utils/document-input';
import { fieldError } from '../../utils/validate';

export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

/**
 * Model versions: reading them and creating them (upload or training). Status changes are the
 * lifecycle service's; the registry guard refuses both kinds of write from anyone else.
 */
const createRegistryService = ({ strapi }: { strapi: Core.Strapi }) => {
  const versions = () => strapi.documents(UIDS.version);

  const requireVersion = (slug: string, number: number) =>
    getService(strapi, 'models').requireVersion(slug, number);

  return {
    requireVersion,

    async list(slug: string): Promise<VersionSummary[]> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const docs = await versions().findMany({
        filters: { model: { documentId: model.documentId } },
        sort: 'number:desc',
      });
      return docs.map(toVersionSummary);
    },

    async get(slug: string, number: number): Promise<VersionSummary> {
      return toVersionSummary((await requireVersion(slug, number)).version);
    },

    /** Validates an uploaded ONNX file in onnxruntime and stores it as a new candidate; nothing is stored on refusal. */
    async createFromUpload(
      slug: string,
      file: UploadedFile,
      notes: string | undefined,
      actor: Actor
    ): Promise<VersionSummary> {
      const model = await getService(strapi, 'models').requireModel(slug);
      const { maxArtifactBytes } = pluginConfig(strapi);
      if (file.size > maxArtifactBytes) {
        throw new errors.PayloadTooLargeError(
          `The file is ${file.size} bytes; the limit is ${maxArtifactBytes} (maxArtifactBytes).`,
          {
            limit: maxArtifactBytes,
            field: 'file',
          }
        );
      }
      const bytes = await fs.readFile(file.filepath);
      const evaluation = getService(strapi, 'evaluation');
      // Scored on the model's evaluation set (if it has one) before it is stored, like a trained version.
      const set = await evaluation.evaluationSet(model);
      const { signature, rows } = await this.loadValidated(
        bytes,
        model.labels as string[],
        set ? set.rows.map((r) => r.text) : []
      );
      const metrics = set
        ? (evaluation.evaluateScored(set, rows, signature.classLabels) as unknown as Record<
            string,
            unknown
          >)
        : null;
      const hash = getService(strapi, 'artifacts').hashOf(bytes);
      return this.storeVersion(model, {
        bytes,
        hash,
        signature,
        source: 'upload',
        notes,
        actor,
        lineage: { fileName: file.originalFilename ?? null },
        metrics,
      });
    },

    /**
     * Checks the bytes in the validation sandbox (load, smoke input, the given texts scored) and the
     * class names against the model's labels. Every refusal is a 400 on `file` naming the problem.
     */
    async loadValidated(
      bytes: Uint8Array,
      modelLabels: string[],
      texts: string[] = []
    ): Promise<ValidatedArtifact> {
      let checked: ValidatedArtifact;
      try {
        checked = await getService(strapi, 'runtime').validate(bytes, texts);
      } catch (error) {
        if (error instanceof ArtifactError) {
          throw fieldError(['file'], error.message, { problem: error.problem }, error.message);
        }
        if (error instanceof SandboxBusyError)
          throw serviceBusy(error.message, { running: error.running, waiting: error.waiting });
        throw error;
      }
      const integers = checked.signature.classLabels.map((_, i) => String(i)).join(',');
      if (
        checked.signature.integerClasses &&
        checked.signature.classLabels.join(',') === integers &&
        checked.signature.classLabels.length === modelLabels.length
      ) {
        // scikit-learn classes 0..C-1 name the model's labels in order; the version says so
        const classesFrom = `${checked.signature.classesFrom}: classes ${checked.signature.classLabels.join(', ')} are this model's labels ${modelLabels.join(', ')}, in order`;
        return {
          ...checked,
          signature: { ...checked.signature, classLabels: [...modelLabels], classesFrom },
        };
      }
      const expected = [...modelLabels].sort().join(', ');
      const found = [...checked.signature.classLabels].sort().join(', ');
      if (expected !== found) {
        const message = `The model's classes (${found}) do not match this model's labels (${expected}).`;
        throw fieldError(['file'], message, { problem: 'class_names_mismatch' }, message);
      }
      return checked;
    },

    /** Writes artifact bytes, a fresh version number and the version document in one transaction. */
    async storeVersion(
      model: ModelDocument,
      input: {
        bytes: Uint8Array;
        hash: string;
        signature: object;
        source: 'upload' | 'training';
        notes?: string;
        actor: Actor;
        lineage: Record<string, unknown>;
        metrics?: Record<string, unknown> | null;
      }
    ): Promise<VersionSummary> {
      const doc = await asRegistry(() =>
        strapi.db.transaction(async ({ trx, onCommit }) => {
          // The model's row lock first (consecutive numbers); the artifact insert below tolerates
          // the same bytes stored from elsewhere.
          const number = await takeVersionNumber(trx, rowId(model));
          await getService(strapi, 'artifacts').store(trx, input.hash, input.bytes);
          const version = await versions().create({
            data: {
              model: model.documentId,
              number,
              title: `${model.slug} v${number}`,
              stage: 'candidate',
              source: input.source,
              artifactHash: input.hash,
              artifactSize: input.bytes.byteLength,
              signature: asJson(input.signature),
              metrics: asJson(input.metrics),
              lineage: asJson(input.lineage),
              notes: input.notes ?? undefined,
              createdByActor: asJson(input.actor),
            },
          });
          await writeAudit(strapi, {
            model,
            versionNumber: version.number,
            action: 'create',
            from: null,
            to: 'candidate',
            actor: input.actor,
            comment: input.notes,
          });
          onCommit(() =>
            getService(strapi, 'events').emit(MODEL_EVENTS.versionCreated, {
              model: stored(model.slug),
              version: version.number,
              status: 'candidate',
              source: input.source,
              actor: input.actor,
            })
          );
          return version;
        })
      );
      return toVersionSummary(doc);
    },
  };
};

export type RegistryService = ReturnType<typeof createRegistryService>;
export default createRegistryService;
