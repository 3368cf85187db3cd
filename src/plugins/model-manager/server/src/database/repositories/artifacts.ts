import { z } from '@strapi/utils';
import type { Knex } from 'knex';
import { int, num, parseRow } from './rows';

/**
 * mm_artifacts and mm_artifact_chunks (database/migrations/artifacts.ts), read and written here
 * only, every row parsed. Writers pass the version's transaction.
 */
const ARTIFACTS = 'mm_artifacts';
const CHUNKS = 'mm_artifact_chunks';

const head = z.object({ size: num, chunk_count: int });
const chunk = z.object({ data: z.instanceof(Buffer) });

export async function artifactExists(db: Knex, hash: string): Promise<boolean> {
  return (
    parseRow(z.object({ hash: z.string() }), await db(ARTIFACTS).where({ hash }).first('hash')) !==
    null
  );
}

/** An artifact's size and chunk count, or null when it is not stored. */
export async function artifactHead(db: Knex, hash: string) {
  return parseRow(head, await db(ARTIFACTS).where({ hash }).first('size', 'chunk_count'));
}

/** One chunk's bytes, or null when it is missing. */
export async function artifactChunk(db: Knex, hash: string, seq: number): Promise<Buffer | null> {
  return parseRow(chunk, await db(CHUNKS).where({ hash, seq }).first('data'))?.data ?? null;
}

/**
 * Insert-or-ignore, so the same bytes stored by a concurrent transaction (which an existence
 * check cannot see yet) are not a unique violation.
 */
export async function insertArtifact(db: Knex, hash: string, size: number, chunkCount: number) {
  await db(ARTIFACTS)
    .insert({ hash, size, chunk_count: chunkCount, created_at: new Date() })
    .onConflict('hash')
    .ignore();
}

export async function insertChunk(db: Knex, hash: string, seq: number, data: Buffer) {
  await db(CHUNKS).insert({ hash, seq, data }).onConflict(['hash', 'seq']).ignore();
}
