import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

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
      const existing = await trx('mm_artifacts').where({ hash }).first('hash');
      if (existing) return { stored: false };
      const chunkCount = Math.max(1, Math.ceil(bytes.byteLength / CHUNK_BYTES));
      await trx('mm_artifacts')
        .insert({ hash, size: bytes.byteLength, chunk_count: chunkCount, created_at: new Date() })
        .onConflict('hash')
        .ignore();
      for (let seq = 0; seq < chunkCount; seq += 1) {
        const view = bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
        const data = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
        await trx('mm_artifact_chunks')
          .insert({ hash, seq, data })
          .onConflict(['hash', 'seq'])
          .ignore();
      }
      return { stored: true };
    },

    async exists(hash: string): Promise<boolean> {
      return !!(await knex()('mm_artifacts').where({ hash }).first('hash'));
    },

    /** The artifact's bytes, assembled chunk by chunk into one buffer, checked against the hash. */
    async fetch(hash: string): Promise<Buffer> {
      const head = await knex()('mm_artifacts').where({ hash }).first('size', 'chunk_count');
      if (!head) throw new Error(`Artifact ${hash} is not in the store`);
      const bytes = Buffer.allocUnsafe(Number(head.size));
      let offset = 0;
      for (let seq = 0; seq < Number(head.chunk_count); seq += 1) {
        const row = await knex()('mm_artifact_chunks').where({ hash, seq }).first('data');
        offset += (row.data as Buffer).copy(bytes, offset);
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
