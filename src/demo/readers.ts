import type { Core } from '@strapi/strapi';

/**
 * `npm run demo`: a few readers and an expert group, so the reader's page (/partisan/) shows all of
 * it on first start (README, "The reader's page", lists the logins). Experts are the members of the
 * collective model "partisan-experts" over "partisan". Demo passwords, printed in the README: never
 * run the demo seed on a public instance.
 */
export const DEMO_PASSWORD = 'Partisan-demo-1';
export const DEMO_READERS = [
  { username: 'ann', email: 'ann@partisan.demo', expert: false },
  { username: 'ben', email: 'ben@partisan.demo', expert: false },
  { username: 'eve', email: 'eve@partisan.demo', expert: true },
  { username: 'max', email: 'max@partisan.demo', expert: true },
];
export const EXPERT_MODEL = { slug: 'partisan-experts', name: 'Partisan experts' };

async function ensureUser(
  strapi: Core.Strapi,
  reader: (typeof DEMO_READERS)[number]
): Promise<number> {
  const users = strapi.db.query('plugin::users-permissions.user');
  const existing = await users.findOne({ where: { email: reader.email } });
  if (existing) return existing.id;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const created = await strapi.plugin('users-permissions').service('user').add({
    username: reader.username,
    email: reader.email,
    password: DEMO_PASSWORD,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: role?.id,
  });
  return created.id;
}

export async function ensureReaders(
  strapi: Core.Strapi,
  baseSlug: string,
  say: (message: string) => void
) {
  const ids = new Map<string, number>();
  for (const reader of DEMO_READERS) ids.set(reader.username, await ensureUser(strapi, reader));
  const experts = DEMO_READERS.filter((r) => r.expert).map((r) => ids.get(r.username)!);

  const plugin = strapi.plugin('model-manager');
  if (
    !(await plugin
      .service('models')
      .requireModel(EXPERT_MODEL.slug)
      .catch(() => null))
  ) {
    await plugin
      .service('collective-models')
      .create(
        { ...EXPERT_MODEL, baseModel: baseSlug, members: experts },
        { kind: 'system', id: 'demo', name: 'npm run demo' }
      );
  }
  say(
    `readers: ${DEMO_READERS.map((r) => `${r.email}${r.expert ? ' (expert)' : ''}`).join(', ')}; password ${DEMO_PASSWORD}`
  );
}
