import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  artifactChunk,
  artifactExists,
  artifactHead,
  insertArtifact,
  insertChunk,
} from '../../database/repositories/artifacts';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Content-addressed ONNX store in the database (mm_artifacts + mm_artifact_chunks, see
 * database/migrations): every instance sees the same bytes, on SQLite and PostgreSQL alike.
 * Bytes are written and read in 1 MiB chunks, so no single row or intermediate copy is huge.
 */
const createArtifactsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  return {
    hashOf(bytes: Uint8Array): string {
      return createHash('sha256').update(bytes).digest('hex');
    },

    /**
     * Stores the bytes under their hash unless already there; call inside the version's
     * transaction. Insert-or-ignore, so the same bytes stored by a concurrent transaction (which
     * the existence check cannot see yet) are not a unique violation.
     */
    async store(
      trx: Knex.Transaction,
      hash: string,
      bytes: Uint8Array
    ): Promise<{ stored: boolean }> {
      if (await artifactExists(trx, hash)) return { stored: false };
      const chunkCount = Math.max(1, Math.ceil(bytes.byteLength / CHUNK_BYTES));
      await insertArtifact(trx, hash, bytes.byteLength, chunkCount);
      for (let seq = 0; seq < chunkCount; seq += 1) {
        const view = bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
        await insertChunk(
          trx,
          hash,
          seq,
          Buffer.from(view.buffer, view.byteOffset, view.byteLength)
        );
      }
      return { stored: true };
    },

    async exists(hash: string): Promise<boolean> {
      return artifactExists(knex(), hash);
    },

    /** The artifact's bytes, assembled chunk by chunk into one buffer, checked against the hash. */
    async fetch(hash: string): Promise<Buffer> {
      const head = await artifactHead(knex(), hash);
      if (!head) throw new Error(`Artifact ${hash} is not in the store`);
      const bytes = Buffer.allocUnsafe(head.size);
      let offset = 0;
      for (let seq = 0; seq < head.chunk_count; seq += 1) {
        const data = await artifactChunk(knex(), hash, seq);
        if (!data) break; // a missing chunk leaves the bytes short: corrupt, below
        offset += data.copy(bytes, offset);
      }
      if (offset !== bytes.byteLength || this.hashOf(bytes) !== hash) {
        throw new Error(`Artifact ${hash} is corrupt in the store`);
      }
      return bytes;
    },
  };
};

export type ArtifactsService = ReturnType<typeof createArtifactsService>;
export default createArtifactsService;
