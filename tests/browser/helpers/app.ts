import fs from 'fs';
import path from 'path';
import { readJsonl } from '../../helpers/data';

/** Where the global setup started the app, and the first admin it registered. */
export const APP_URL = required('MM_BROWSER_URL');
export const FIRST_ADMIN: Credentials = JSON.parse(required('MM_BROWSER_ADMIN'));

export interface Credentials {
  email: string;
  password: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the browser tests through jest (the "browser" project's global setup).`
    );
  return value;
}

let counter = 0;
/** A unique, slug-safe name per call, so tests never depend on each other's records. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}`;
}

/** A JSON call to the app, answering the status and the parsed body. */
export async function call(method: string, url: string, token: string | null, body?: unknown) {
  const res = await fetch(`${APP_URL}${url}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function ok(
  method: string,
  url: string,
  token: string | null,
  body: unknown,
  expected = [200, 201]
) {
  const res = await call(method, url, token, body);
  if (!expected.includes(res.status))
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An admin JWT, as the login page gets it. */
export async function adminToken({ email, password }: Credentials): Promise<string> {
  const body = await ok('POST', '/admin/login', null, { email, password });
  return body.data.token ?? body.data.accessToken;
}

/** A role holding exactly these plugin actions, created through the admin API like Settings → Roles does. */
export async function createRole(
  superToken: string,
  name: string,
  actions: string[]
): Promise<number> {
  const role = await ok('POST', '/admin/roles', superToken, {
    name,
    description: `browser test: ${actions.join(', ')}`,
  });
  const permissions = actions.map((action) => ({
    action,
    subject: null,
    conditions: [],
    properties: {},
  }));
  await ok('PUT', `/admin/roles/${role.data.id}/permissions`, superToken, { permissions });
  return role.data.id;
}

export async function superAdminRoleId(superToken: string): Promise<number> {
  const roles = await ok('GET', '/admin/roles', superToken, undefined);
  return roles.data.find((role: { code: string }) => role.code === 'strapi-super-admin').id;
}

/**
 * A second admin, the way Strapi onboards one: a Super Admin invites the user (POST /admin/users answers a
 * registration token, the invitation link), then the user registers with it and chooses a password.
 */
export async function inviteAdmin(
  superToken: string,
  firstname: string,
  roleIds: number[]
): Promise<Credentials> {
  const email = `${unique(firstname.toLowerCase())}@browser.test`;
  const password = 'Browser-pass-2';
  const user = await ok('POST', '/admin/users', superToken, {
    firstname,
    lastname: 'Tester',
    email,
    roles: roleIds,
  });
  await ok('POST', '/admin/register', null, {
    registrationToken: user.data.registrationToken,
    userInfo: { firstname, lastname: 'Tester', password },
  });
  return { email, password };
}

/** The shared data folder: MODEL_MANAGER_DATA_DIR or ../shared/data (never inside the repository). */
export const DATA_DIR = path.resolve(
  process.env.MODEL_MANAGER_DATA_DIR ??
    path.join(__dirname, '..', '..', '..', '..', 'shared', 'data')
);
export const FOREIGN_MODEL = path.join(DATA_DIR, 'models', 'sklearn_tfidf_lr.onnx');

/** Labelled utterances of the partisan training split (or another), balanced between the two classes. */
export function trainingExamples(
  perClass: number,
  file = 'partisan/train.jsonl'
): Array<{ text: string; label: string }> {
  const rows = readJsonl<{ text: string; label: string }>(file);
  return ['blue', 'red'].flatMap((label) =>
    rows
      .filter((row) => row.label === label)
      .slice(0, perClass)
      .map((row) => ({ text: row.text, label: row.label }))
  );
}

/** Feedback given by an editor over the admin API, the raw material of a training run. */
export async function giveFeedback(
  token: string,
  slug: string,
  rows: Array<{ text: string; label: string }>
) {
  for (const row of rows)
    await ok('POST', `/model-manager/models/${slug}/feedback`, token, { data: row });
}

/** Model, upload and submit over the admin API, for tests whose subject is elsewhere. */
export async function modelInReview(token: string): Promise<string> {
  const slug = unique('review');
  await ok('POST', '/model-manager/models', token, {
    data: { name: slug, slug, labels: ['blue', 'red'] },
  });
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(FOREIGN_MODEL)]), 'sklearn_tfidf_lr.onnx');
  const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  await ok('POST', `/model-manager/models/${slug}/versions/1/submit`, token, {
    data: { comment: 'ready' },
  });
  return slug;
}

/** Uploads an ONNX file as a new version over the admin API; answers its number. */
export async function uploadAs(token: string, slug: string, bytes: Buffer): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'fixture.onnx');
  const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { number: number } }).data.number;
}

/** One lifecycle step (submit, approve, promote, ...) over the admin API, failing loudly. */
export async function stepAs(
  token: string,
  slug: string,
  number: number,
  action: string,
  data: Record<string, unknown> = {}
) {
  const res = await call(
    'POST',
    `/model-manager/models/${slug}/versions/${number}/${action}`,
    token,
    {
      data,
    }
  );
  if (res.status !== 200)
    throw new Error(`${action} v${number}: ${res.status} ${JSON.stringify(res.body)}`);
}
