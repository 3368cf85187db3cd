import { ApiError, createApi } from './api';
import { errorBox, h, show } from './dom';
import { queueView } from './queue-view';
import { loadSession, saveSession } from './session';
import { articleView, authView, listView, textView, type App } from './views';

/**
 * The reader's Partisan Discourse: a hash-routed page over the content API. `?model=<slug>` picks
 * another model than "partisan" (the browser tests use their own).
 */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const asked = new URLSearchParams(location.search).get('model') ?? '';
const model = SLUG.test(asked) ? asked : 'partisan';
const main = document.getElementById('main')!;
const account = document.getElementById('account')!;
const nav = document.getElementById('nav')!;

const app: App = {
  api: createApi(location.origin, model, null),
  me: null,
  main,
  async signIn(jwt: string) {
    const api = createApi(location.origin, model, jwt);
    const me = await api.me();
    Object.assign(app, { api, me });
    saveSession({ jwt, me });
    renderChrome();
  },
};

function signOut() {
  saveSession(null);
  Object.assign(app, { api: createApi(location.origin, model, null), me: null });
  renderChrome();
  void route();
}

function renderChrome() {
  nav.querySelector('[data-nav="queue"]')?.remove();
  if (app.me?.collectives.length)
    nav.append(h('li', { 'data-nav': 'queue' }, h('a', { href: '#/queue' }, 'Expert queue')));
  if (app.me) {
    const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
    out.addEventListener('click', signOut);
    show(
      account,
      h('span', { 'data-testid': 'signed-in-as' }, `Signed in as ${app.me.username}`),
      ' ',
      out
    );
  } else {
    show(account, h('a', { href: '#/signin' }, 'Sign in / sign up'));
  }
}

async function route() {
  const [, view, id] = location.hash.replace(/^#/, '').split('/');
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${view ?? ''}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Each route renders into a container of its own: a slow earlier view then writes into a detached one.
  const container = h('div');
  show(main, container);
  const scoped: App = { ...app, main: container };
  try {
    if (view === 'article' && id) await articleView(scoped, decodeURIComponent(id));
    else if (view === 'text') textView(scoped);
    else if (view === 'signin') authView(scoped);
    else if (view === 'queue') await queueView(scoped);
    else await listView(scoped);
  } catch (error) {
    show(container, errorBox(error));
  }
  // The new view's heading for keyboard and screen-reader users (not on first load).
  if (document.activeElement !== document.body || location.hash)
    (main.querySelector('h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
  if (location.hash) (main.querySelector('h1') as HTMLElement | null)?.focus();
}

async function start() {
  const session = loadSession();
  if (session) {
    // A stored JWT may have expired: then the visitor is simply anonymous again.
    await app.signIn(session.jwt).catch((error) => {
      if (!(error instanceof ApiError) || error.status === 401 || error.status === 403)
        saveSession(null);
    });
  }
  renderChrome();
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
