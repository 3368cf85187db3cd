import type { Core, UID } from '@strapi/strapi';
import { namingFieldsOf } from '../../database/repositories/accounts';

/** What a giver key says by itself, when nobody behind it can be looked up. */
export function fallbackGiverName(key: string): string {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'import') return `import (${id})`;
  if (kind === 'admin') return `admin #${id}`;
  if (kind === 'user') return id === 'anonymous' ? 'anonymous reader' : `reader #${id}`;
  if (kind === 'api-token') return `API token #${id}`;
  return key;
}

const idsOf = (keys: string[], kind: string) =>
  [
    ...new Set(
      keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.slice(kind.length + 1)))
    ),
  ].filter(Number.isInteger);

/**
 * Readable names of giver keys ("admin:2" → "Ada Lovelace", "api-token:4" → "Newsroom bot"), in
 * three queries at most; never an e-mail address, so the names can be shown to any editor.
 */
export async function giverNames(
  strapi: Core.Strapi,
  keys: string[],
  /** false: readers stay "reader #7" (their usernames need readers.read-texts) */
  readerNames = true
): Promise<Map<string, string>> {
  const names = new Map(keys.map((k) => [k, fallbackGiverName(k)] as const));
  const lookup = async (
    kind: string,
    uid: UID.Schema,
    fields: string[],
    name: (row: Record<string, unknown>) => string
  ) => {
    const ids = idsOf(keys, kind);
    if (!ids.length || !strapi.db.metadata.has(uid)) return;
    for (const row of await namingFieldsOf(strapi, uid, ids, fields)) {
      const readable = name(row).trim();
      if (readable) names.set(`${kind}:${row.id}`, readable);
    }
  };
  await lookup(
    'admin',
    'admin::user',
    ['firstname', 'lastname', 'username'],
    (r) => [r.firstname, r.lastname].filter(Boolean).join(' ') || String(r.username ?? '')
  );
  if (readerNames)
    await lookup('user', 'plugin::users-permissions.user', ['username'], (r) =>
      String(r.username ?? '')
    );
  await lookup(
    'api-token',
    'admin::api-token',
    ['name'],
    (r) => `${String(r.name ?? '')} (API token)`
  );
  return names;
}
