import fs from 'fs';
import type { Page } from 'playwright-core';
import { ACTIONS } from '../../../src/plugins/model-manager/shared/constants';
import type { FeedbackEntry } from '../../../src/plugins/model-manager/shared/contracts/feedback';
import {
  adminToken,
  APP_URL,
  call,
  createRole,
  FIRST_ADMIN,
  FOREIGN_MODEL,
  inviteAdmin,
  unique,
} from './app';

/** The reader page's tests: a model of their own in production, articles, readers, through the real APIs. */
export async function ok(method: string, url: string, token: string | null, body?: unknown) {
  const res = await call(method, url, token, body);
  if (res.status >= 300)
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A fresh blue/red model with the scikit-learn export in production (four eyes: Ada uploads, a reviewer approves). */
export async function modelInProduction(prefix: string): Promise<{ slug: string; ada: string }> {
  const ada = await adminToken(FIRST_ADMIN);
  const reviewerRole = await createRole(ada, unique('Reader reviewer'), [
    ACTIONS.read,
    ACTIONS.review,
    ACTIONS.deploy,
  ]);
  const reviewer = await adminToken(await inviteAdmin(ada, 'Rita', [reviewerRole]));
  const slug = unique(prefix);
  await ok('POST', '/model-manager/models', ada, {
    data: { name: slug, slug, labels: ['blue', 'red'] },
  });
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(FOREIGN_MODEL)]), 'sklearn_tfidf_lr.onnx');
  const res = await fetch(`${APP_URL}/model-manager/models/${slug}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ada}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const version = `/model-manager/models/${slug}/versions/${((await res.json()) as { data: { number: number } }).data.number}`;
  await ok('POST', `${version}/submit`, ada, { data: {} });
  await ok('POST', `${version}/approve`, reviewer, { data: { comment: 'reader page test' } });
  await ok('POST', `${version}/promote`, reviewer, { data: {} });
  return { slug, ada };
}

export async function createArticle(ada: string, title: string, body: string): Promise<string> {
  const article = await ok('POST', '/content-manager/collection-types/api::article.article', ada, {
    title,
    body,
    authorName: 'Browser desk',
  });
  return article.data.documentId;
}

/** A reader registered through Strapi's own /api/auth/local/register, as the page does. */
export async function registerReader(
  prefix: string
): Promise<{ id: number; email: string; password: string; jwt: string }> {
  const username = unique(prefix);
  const email = `${username}@reader.test`;
  const password = 'Reader-pass-1';
  const body = await ok('POST', '/api/auth/local/register', null, { username, email, password });
  return { id: body.user.id, email, password, jwt: body.jwt };
}

/** The readers' labels on a model, as an editor sees them in the admin. */
export async function readerFeedback(ada: string, slug: string): Promise<FeedbackEntry[]> {
  return (await ok('GET', `/model-manager/models/${slug}/feedback?source=reader&pageSize=100`, ada))
    .data;
}

export const readerUrl = (slug: string, hash = '') => `${APP_URL}/partisan/?model=${slug}${hash}`;

/** Signs in through the page's own form. */
export async function signInOnPage(
  page: Page,
  slug: string,
  who: { email: string; password: string }
) {
  await page.goto(readerUrl(slug, '#/signin'));
  await page.getByLabel('E-mail or username').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Short political texts written for these tests, distinct enough not to be near-duplicates. */
export const TEXTS = [
  'We will cut taxes for small businesses, secure the border and bring back manufacturing jobs.',
  'Health care is a right, and we will raise the minimum wage for every working family.',
  'Our military must be rebuilt and our police supported, so that law and order return to our cities.',
  'Climate change is real: we will invest in clean energy and protect the air our children breathe.',
  'Washington spends too much; a balanced budget and fewer regulations will free the economy.',
  'Affordable child care, paid family leave and equal pay for women are long overdue.',
  'The farm economy needs fair trade, and the county fair opens on Saturday with a parade.',
];
