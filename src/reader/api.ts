import { HTTPError, strapi, type StrapiClient } from '@strapi/client';
import type { PersonalState } from '../plugins/model-manager/shared/contracts/personal';
import type { Prediction, PredictionMeta } from '../plugins/model-manager/shared/contracts/predict';

// The plugin's contracts (its shared/contracts), as the admin imports them: one shape, written once.
export type { Prediction, PredictionMeta, PersonalState };

/**
 * The page's only door to the app: Strapi's official client against the content API of the same
 * origin. Anonymous visitors call it bare (the Public role decides); a signed-in reader passes
 * their users-permissions JWT. No token is baked into the page.
 */

export interface Article {
  documentId: string;
  title: string;
  body: string;
  authorName?: string | null;
  sourceUrl?: string | null;
}

export interface Me {
  id: number;
  username: string;
  email: string;
  collectives: Array<{ slug: string; name: string; base: string | null }>;
}

/** What the server said, for the page to show: its own message when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

/** Strapi's client throws an HTTPError for any non-2xx answer: keep its status and Strapi's message. */
async function guarded<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof HTTPError) {
      const body = await error.response.json().catch(() => null);
      throw new ApiError(error.response.status, body?.error?.message ?? error.response.statusText);
    }
    throw error;
  }
}

async function unwrap<T>(call: Promise<Response>): Promise<T> {
  const res = await guarded(call);
  return (res.status === 204 ? null : await res.json()) as T;
}

/**
 * The content type is set here, not left to the client: a Request built with a string body already
 * carries "text/plain", so @strapi/client's JSON default never applies and Strapi would read a string.
 */
const json = (method: string, body?: unknown): RequestInit =>
  body === undefined
    ? { method }
    : { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };

/** The demo's Article, as registered with the model-manager plugin (src/demo/article-subject.ts). */
const ARTICLE_UID = 'api::article.article';

export function createApi(origin: string, model: string, jwt: string | null) {
  const client: StrapiClient = strapi({ baseURL: `${origin}/api`, ...(jwt ? { auth: jwt } : {}) });
  const mm = `/model-manager/models/${encodeURIComponent(model)}`;
  const articles = client.collection('articles');
  const ARTICLE_FIELDS = ['title', 'body', 'authorName', 'sourceUrl'];

  return {
    model,
    signedIn: jwt !== null,

    async listArticles(pageSize = 25): Promise<Article[]> {
      const res = await guarded(
        articles.find({ sort: 'createdAt:desc', fields: ARTICLE_FIELDS, pagination: { pageSize } })
      );
      return res.data as unknown as Article[];
    },

    async article(documentId: string): Promise<Article> {
      const res = await guarded(articles.findOne(documentId, { fields: ARTICLE_FIELDS }));
      return res.data as unknown as Article;
    },

    /**
     * One text, or an article by its entry (the server reads its text, and remembers the answer under
     * the article's key, where the reader's label on it lands too); `scope: 'global'` asks the global
     * chain when the reader has a personal model.
     */
    predict(
      input: { text: string } | { article: string },
      options: { explain?: boolean; scope?: 'global' } = {}
    ) {
      const body =
        'article' in input ? { subject: { type: ARTICLE_UID, documentId: input.article } } : input;
      return unwrap<{ data: Prediction; meta: PredictionMeta }>(
        client.fetch(`${mm}/predict`, json('POST', { ...body, ...options }))
      );
    },

    predictMany(texts: string[], options: { scope?: 'global' } = {}) {
      return unwrap<{ data: Prediction[]; meta: PredictionMeta }>(
        client.fetch(`${mm}/predict`, json('POST', { texts, ...options }))
      );
    },

    label(
      subject: { article: string } | { text: string },
      label: string,
      predicted?: { label: string; version: number }
    ) {
      const data = {
        ...subject,
        label,
        ...(predicted ? { predictedLabel: predicted.label, version: predicted.version } : {}),
      };
      return unwrap<{ data: { documentId: string }; meta: { updated: boolean } }>(
        client.fetch(`${mm}/feedback`, json('POST', { data }))
      );
    },

    /** null when the server has no personal models (yet): the page then counts labels itself. */
    async personal(): Promise<PersonalState | null> {
      try {
        return (await unwrap<{ data: PersonalState }>(client.fetch(`${mm}/personal`, json('GET'))))
          .data;
      } catch (error) {
        if (error instanceof ApiError && [404, 405, 501].includes(error.status)) return null;
        throw error;
      }
    },

    resetPersonal() {
      return unwrap<unknown>(client.fetch(`${mm}/personal`, json('DELETE')));
    },

    me() {
      return unwrap<{ data: Me }>(client.fetch('/partisan/me', json('GET'))).then((r) => r.data);
    },

    signIn(identifier: string, password: string) {
      return unwrap<{ jwt: string }>(
        client.fetch('/auth/local', json('POST', { identifier, password }))
      );
    },

    signUp(username: string, email: string, password: string) {
      return unwrap<{ jwt?: string }>(
        client.fetch('/auth/local/register', json('POST', { username, email, password }))
      );
    },
  };
}

export type Api = ReturnType<typeof createApi>;
