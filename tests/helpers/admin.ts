import type { Core } from '@strapi/strapi';
import type { TestApp } from './strapi';
import { unique } from './strapi';

export interface AdminSession {
  id: number;
  email: string;
  headers: { Authorization: string };
}

/**
 * A real admin user logged in through /admin/login. Without `actions` it is a Super Admin;
 * with them it gets a fresh role holding exactly those (plugin) actions.
 */
export async function createAdmin(app: TestApp, actions?: string[]): Promise<AdminSession> {
  const strapi: Core.Strapi = app.strapi;
  const roleService = strapi.service('admin::role');
  let roleId: number;
  if (!actions) {
    roleId = (await roleService.getSuperAdmin()).id;
  } else {
    const role = await roleService.create({ name: unique('role'), description: 'test role' });
    await roleService.assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, conditions: [], properties: {} }))
    );
    roleId = role.id;
  }
  const email = `${unique('admin')}@example.test`;
  const password = 'Test-password-1';
  const user = await strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: email.split('@')[0],
    password,
    isActive: true,
    roles: [roleId],
    registrationToken: null,
  });
  const res = await app.http().post('/admin/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: user.id,
    email,
    headers: { Authorization: `Bearer ${res.body.data.accessToken ?? res.body.data.token}` },
  };
}
