/**
 * Arrange steps against a Strapi reached only over HTTP (a cluster, a separate process): admins
 * registered and logged in through the admin API, API tokens created there, models taken to
 * production through the plugin's admin routes. Nothing here touches a Strapi object in-process.
 */
export interface HttpAdmin {
  email: string;
  headers: { Authorization: string };
}

const PASSWORD = 'Cluster-test-1';
let counter = 0;
const uniqueName = (prefix: string) =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter += 1)}`;

async function call(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; form?: FormData } = {}
) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(options.headers ?? {}),
    },
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers };
}

async function expectOk(
  url: string,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {}
) {
  const res = await call(url, method, path, options);
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(url: string, email: string): Promise<HttpAdmin> {
  const body = await expectOk(url, 'POST', '/admin/login', { body: { email, password: PASSWORD } });
  return {
    email,
    headers: { Authorization: `Bearer ${body.data.accessToken ?? body.data.token}` },
  };
}

/** The first admin of a fresh database (what the admin's welcome page does). */
export async function registerFirstAdmin(url: string): Promise<HttpAdmin> {
  const email = `${uniqueName('owner')}@example.test`;
  await expectOk(url, 'POST', '/admin/register-admin', {
    body: { email, firstname: 'Owner', lastname: 'Cluster', password: PASSWORD },
  });
  return login(url, email);
}

/** Another Super Admin, invited by `by` and registered with the invitation's token. */
export async function inviteSuperAdmin(url: string, by: HttpAdmin): Promise<HttpAdmin> {
  const roles = await expectOk(url, 'GET', '/admin/roles', { headers: by.headers });
  const superAdmin = roles.data.find(
    (role: { code: string }) => role.code === 'strapi-super-admin'
  );
  const email = `${uniqueName('reviewer')}@example.test`;
  const invited = await expectOk(url, 'POST', '/admin/users', {
    headers: by.headers,
    body: { email, firstname: 'Reviewer', lastname: 'Cluster', roles: [superAdmin.id] },
  });
  await expectOk(url, 'POST', '/admin/register', {
    body: {
      registrationToken: invited.data.registrationToken,
      userInfo: { firstname: 'Reviewer', lastname: 'Cluster', password: PASSWORD },
    },
  });
  return login(url, email);
}

export async function createFullAccessToken(
  url: string,
  by: HttpAdmin
): Promise<{ Authorization: string }> {
  const created = await expectOk(url, 'POST', '/admin/api-tokens', {
    headers: by.headers,
    body: { name: uniqueName('token'), type: 'full-access', lifespan: null, description: '' },
  });
  return { Authorization: `Bearer ${created.data.accessKey}` };
}

export interface Admins {
  owner: HttpAdmin;
  reviewer: HttpAdmin;
  /** the owner's full-access API token */
  token: { Authorization: string };
}

/** On a fresh database: the first admin (who makes a full-access API token) and a second one who reviews. */
export async function firstAdmins(url: string): Promise<Admins> {
  const owner = await registerFirstAdmin(url);
  const reviewer = await inviteSuperAdmin(url, owner);
  return { owner, reviewer, token: await createFullAccessToken(url, owner) };
}

export const adminApi = {
  call,
  expectOk,

  async createModel(url: string, by: HttpAdmin, slug = uniqueName('model')): Promise<string> {
    await expectOk(url, 'POST', '/model-manager/models', {
      headers: by.headers,
      body: { data: { name: slug, slug, labels: ['blue', 'red'] } },
    });
    return slug;
  },

  async upload(url: string, by: HttpAdmin, slug: string, bytes: Buffer): Promise<number> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'model.onnx');
    const body = await expectOk(url, 'POST', `/model-manager/models/${slug}/versions`, {
      headers: by.headers,
      form,
    });
    return body.data.number;
  },

  async review(url: string, reviewer: HttpAdmin, slug: string, number: number) {
    for (const step of ['submit', 'approve']) {
      await expectOk(url, 'POST', `/model-manager/models/${slug}/versions/${number}/${step}`, {
        headers: reviewer.headers,
        body: { data: { comment: step } },
      });
    }
  },

  async promote(url: string, by: HttpAdmin, slug: string, number: number) {
    await expectOk(url, 'POST', `/model-manager/models/${slug}/versions/${number}/promote`, {
      headers: by.headers,
      body: { data: { comment: 'go' } },
    });
  },
};
