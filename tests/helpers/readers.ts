import { unique, type TestApp } from './strapi';

export interface ReaderSession {
  id: number;
  email: string;
  headers: { Authorization: string };
}

/**
 * A users-permissions user ("reader") logged in through Strapi's own /api/auth/local, in a fresh
 * role granted exactly the listed content-API actions (e.g. 'plugin::model-manager.versions.create').
 */
export async function createReader(app: TestApp, actions: string[]): Promise<ReaderSession> {
  const { strapi } = app;
  const name = unique('readers');
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .create({ data: { name, description: 'test role', type: name } });
  for (const action of actions)
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
  const username = unique('reader');
  const email = `${username}@example.test`;
  const password = 'Reader-password-1';
  const user = await strapi.plugin('users-permissions').service('user').add({
    username,
    email,
    password,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: role.id,
  });
  const res = await app.http().post('/api/auth/local').send({ identifier: email, password });
  if (res.status !== 200)
    throw new Error(`reader login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: user.id, email, headers: { Authorization: `Bearer ${res.body.jwt}` } };
}

/**
 * A reader who signs up through Strapi's own /api/auth/local/register: they land in the
 * Authenticated role, with whatever that role was granted (the plugin's bootstrap grants readers' actions).
 */
export async function registerReader(app: TestApp): Promise<ReaderSession> {
  const username = unique('signup');
  const email = `${username}@example.test`;
  const res = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username, email, password: 'Reader-password-1' });
  if (res.status !== 200)
    throw new Error(`reader sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, headers: { Authorization: `Bearer ${res.body.jwt}` } };
}
