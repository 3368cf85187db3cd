import type { Me } from './api';

/**
 * The reader's session in this browser: their JWT (from Strapi's /api/auth/local), who they are, and
 * what they marked "not political" (the models know only red and blue, so that answer stays here).
 */
const KEY = 'partisan.session';

export interface Session {
  jwt: string;
  me: Me | null;
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed && typeof parsed.jwt === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null) {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

const setKey = (kind: string, userId: number | undefined, model: string) =>
  `partisan.${kind}.${userId ?? 'anonymous'}.${model}`;

function readSet(key: string): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(key) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** Subjects this reader answered in this browser (labelled or marked not political), per model. */
export function answered(userId: number | undefined, model: string): Set<string> {
  return readSet(setKey('answered', userId, model));
}

/** How an answered subject is remembered: an article by its documentId, a pasted text by its start. */
export const subjectKey = (subject: { article: string } | { text: string }) =>
  'article' in subject ? `article:${subject.article}` : `text:${subject.text.slice(0, 200)}`;

/** The documentIds of the articles this reader answered here (the queue never offers them again). */
export function answeredArticles(userId: number | undefined, model: string): Set<string> {
  return new Set(
    [...answered(userId, model)]
      .filter((k) => k.startsWith('article:'))
      .map((k) => k.slice('article:'.length))
  );
}

/** Subjects this reader labelled red or blue (what counts toward a personal model). */
export function labelled(userId: number | undefined, model: string): Set<string> {
  return readSet(setKey('labelled', userId, model));
}

export type Given = 'red' | 'blue' | 'none';

/** What this reader answered on each subject in this browser, so a list can mark what they labelled. */
export function choices(userId: number | undefined, model: string): Record<string, Given> {
  try {
    const raw = JSON.parse(localStorage.getItem(setKey('choices', userId, model)) ?? '{}');
    return raw && typeof raw === 'object' ? (raw as Record<string, Given>) : {};
  } catch {
    return {};
  }
}

export function remember(userId: number | undefined, model: string, subject: string, given: Given) {
  for (const kind of given !== 'none' ? ['answered', 'labelled'] : ['answered']) {
    const key = setKey(kind, userId, model);
    const set = readSet(key);
    set.add(subject);
    localStorage.setItem(key, JSON.stringify([...set].slice(-2000)));
  }
  const all = choices(userId, model);
  delete all[subject]; // re-inserted last, so the newest survive the cap
  all[subject] = given;
  const kept = Object.entries(all).slice(-2000);
  localStorage.setItem(setKey('choices', userId, model), JSON.stringify(Object.fromEntries(kept)));
}

export function forget(userId: number | undefined, model: string) {
  for (const kind of ['answered', 'labelled', 'choices'])
    localStorage.removeItem(setKey(kind, userId, model));
}

/** Takes an answer back (the queue's Undo): the subject is offered again. */
export function unremember(userId: number | undefined, model: string, subject: string) {
  for (const kind of ['answered', 'labelled']) {
    const key = setKey(kind, userId, model);
    const set = readSet(key);
    set.delete(subject);
    localStorage.setItem(key, JSON.stringify([...set]));
  }
  const all = choices(userId, model);
  delete all[subject];
  localStorage.setItem(setKey('choices', userId, model), JSON.stringify(all));
}
