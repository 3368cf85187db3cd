import { ACTIONS } from '../../src/plugins/model-manager/shared/constants';
import { createAdmin } from './admin';
import { registerReader } from './readers';
import { createApiToken, unique, type TestApp } from './strapi';

/** Every kind of caller Strapi knows, as the permission matrix names them. */
export const PRINCIPALS = [
  'public',
  'reader',
  'editor',
  'reviewer',
  'superAdmin',
  'fullAccess',
  'readOnly',
  'custom',
  'adminToken',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** What each one holds (the matrix's column headers). */
export const PRINCIPAL_NOTES: Record<Principal, string> = {
  public: 'no credentials',
  reader: 'users-permissions JWT, Authenticated role',
  editor: 'admin session, read + upload',
  reviewer: 'admin session, read + review',
  superAdmin: 'admin session, Super Admin',
  fullAccess: 'full-access API token',
  readOnly: 'read-only API token',
  custom: 'custom API token: predictions.create + feedback.create',
  adminToken: 'admin token holding every plugin action',
};

export const CUSTOM_TOKEN_ACTIONS = [
  'plugin::model-manager.predictions.create',
  'plugin::model-manager.feedback.create',
];

/** Logs each principal in through the routes a real caller uses; `public` sends no header. */
export async function loginEveryPrincipal(
  app: TestApp
): Promise<Record<Principal, Record<string, string>>> {
  const superAdmin = await createAdmin(app);
  const reader = (await registerReader(app)).headers; // signed up on their own: the Authenticated role, as granted
  const adminToken = await app
    .http()
    .post('/admin/admin-tokens')
    .set(superAdmin.headers)
    .send({
      name: unique('admin-token'),
      lifespan: null,
      adminPermissions: Object.values(ACTIONS).map((action) => ({
        action,
        subject: null,
        conditions: [],
        properties: {},
      })),
    });
  if (adminToken.status !== 201)
    throw new Error(`admin token: ${adminToken.status} ${JSON.stringify(adminToken.body)}`);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    public: {},
    reader,
    editor: (await createAdmin(app, [ACTIONS.read, ACTIONS.upload])).headers,
    reviewer: (await createAdmin(app, [ACTIONS.read, ACTIONS.review])).headers,
    superAdmin: superAdmin.headers,
    fullAccess: app.fullAccess,
    readOnly: bearer(await createApiToken(app.strapi, { type: 'read-only' })),
    custom: bearer(
      await createApiToken(app.strapi, { type: 'custom', permissions: CUSTOM_TOKEN_ACTIONS })
    ),
    adminToken: bearer(adminToken.body.data.accessKey),
  };
}
