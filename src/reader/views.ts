import { ApiError, type Api, type Me } from './api';
import { analyse, meaning, renderAnalysis, whose } from './analysis';
import { announce, errorBox, h, show } from './dom';
import { describe } from './highlight';
import { labelBar, personalStatus, type Choice, type LabelContext } from './labels';
import { choices, subjectKey } from './session';

/** What every view gets: the API as the visitor is signed in, who they are, and the way to sign in. */
export interface App {
  api: Api;
  me: Me | null;
  main: HTMLElement;
  signIn(jwt: string): Promise<void>;
}

export const articleText = (a: { title: string; body: string }) => `${a.title}\n\n${a.body}`;
const labelContext = (app: App): LabelContext => ({ api: app.api, userId: app.me?.id });

export async function listView(app: App) {
  show(app.main, h('h1', {}, 'Articles'), h('p', { class: 'muted' }, 'Loading articles…'));
  const articles = await app.api.listArticles();
  const list = h('ul', { class: 'articles', 'data-testid': 'article-list' });
  show(
    app.main,
    h('h1', {}, 'Articles'),
    articles.length ? meaning() : null,
    articles.length ? list : h('p', {}, 'No articles yet.')
  );
  if (!articles.length) return;
  const mine = app.me ? choices(app.me.id, app.api.model) : {};
  const items = articles.map((a) => {
    const lean = h(
      'span',
      { class: 'lean muted', 'data-testid': 'article-lean' },
      'asking the model…'
    );
    const given = mine[`article:${a.documentId}`];
    list.append(
      h(
        'li',
        { class: `card${given ? ' answered' : ''}` },
        h('h2', {}, h('a', { href: `#/article/${encodeURIComponent(a.documentId)}` }, a.title)),
        h('p', { class: 'excerpt' }, a.body.length > 180 ? `${a.body.slice(0, 180)}…` : a.body),
        lean,
        given
          ? h(
              'span',
              { class: 'yours', 'data-testid': 'article-yours' },
              given === 'none' ? '✓ you said: not political' : `✓ you labelled it ${given}`
            )
          : null
      )
    );
    return lean;
  });
  // One batch for the whole list: the same answer the reader would get article by article.
  try {
    const { data, meta } = await app.api.predictMany(articles.map(articleText));
    data.forEach((p, i) => {
      items[i].className = `lean chip chip-${p.label}`;
      items[i].textContent = `${describe(p.probabilities, p.label)} · ${whose(meta)}`;
    });
  } catch (error) {
    const reason =
      error instanceof ApiError && error.status === 403
        ? 'sign in to see predictions'
        : 'no prediction';
    items.forEach((el) => (el.textContent = reason));
  }
}

async function analysisBlock(
  app: App,
  text: string,
  subject: { article: string } | { text: string }
) {
  const holder = h(
    'div',
    { 'data-testid': 'analysis' },
    h('p', { class: 'muted' }, 'Asking the model…')
  );
  let given: Choice | null = app.me
    ? (choices(app.me.id, app.api.model)[subjectKey(subject)] ?? null)
    : null;
  const render = async () => {
    try {
      const analysis = await analyse(app.api, subject);
      const actions: HTMLElement[] = [];
      if (app.me) {
        const ctx = labelContext(app);
        actions.push(
          labelBar(ctx, subject, analysis.answer, (choice) => void refresh(choice), given),
          await personalStatus(ctx)
        );
      } else {
        actions.push(
          h(
            'p',
            { class: 'muted' },
            h('a', { href: '#/signin' }, 'Sign in or sign up'),
            ' to label it and grow your own model.'
          )
        );
      }
      const parts = [renderAnalysis(text, analysis, actions)];
      show(holder, ...parts);
      announce(`Prediction: ${analysis.answer.prediction.label}`);
    } catch (error) {
      show(
        holder,
        error instanceof ApiError && error.status === 403
          ? h('p', {}, 'Predictions need you to sign in here.')
          : errorBox(error)
      );
    }
  };
  // After a label the answer may change (a personal model learns): ask again, keeping the focus.
  const refresh = async (choice: Choice) => {
    given = choice;
    const focused = document.activeElement as HTMLElement | null;
    const hadFocus = focused?.getAttribute('data-choice');
    await render();
    if (hadFocus)
      (holder.querySelector(`[data-choice="${hadFocus}"]`) as HTMLElement | null)?.focus();
  };
  await render();
  return holder;
}

export async function articleView(app: App, documentId: string) {
  show(app.main, h('p', { class: 'muted' }, 'Loading the article…'));
  const article = await app.api.article(documentId);
  const byline = article.authorName ? h('p', { class: 'muted' }, `By ${article.authorName}`) : null;
  const heading = h('h1', {}, article.title);
  show(
    app.main,
    h('p', {}, h('a', { href: '#/' }, '← All articles')),
    heading,
    byline,
    await analysisBlock(app, articleText(article), { article: documentId })
  );
}

export function textView(app: App) {
  const area = h('textarea', { id: 'paste', rows: 8, maxlength: 20000, required: true });
  const out = h('div', {});
  const form = h(
    'form',
    { class: 'paste' },
    h('label', { for: 'paste' }, 'Paste a text (a speech, a post, an article)'),
    area,
    h('button', { type: 'submit', class: 'btn' }, 'Shade its words')
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = area.value.trim();
    if (!text) return;
    show(out, await analysisBlock(app, text, { text }));
  });
  show(app.main, h('h1', {}, 'Paste a text'), form, out);
}

function field(id: string, label: string, type: string, autocomplete: string) {
  return h(
    'p',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, type, autocomplete, required: true })
  );
}

export function authView(app: App) {
  const message = h('p', { role: 'alert', class: 'error', 'data-testid': 'auth-error' });
  const submit = (
    form: HTMLFormElement,
    run: (values: Record<string, string>) => Promise<{ jwt?: string }>
  ) =>
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      message.textContent = '';
      const values = Object.fromEntries(
        [...new FormData(form).entries()].map(([k, v]) => [k, String(v)])
      );
      try {
        const { jwt } = await run(values);
        if (!jwt) throw new Error('check your e-mail to confirm your account, then sign in');
        await app.signIn(jwt);
        location.hash = '#/';
      } catch (error) {
        message.textContent = error instanceof Error ? error.message : String(error);
      }
    });
  const signIn = h(
    'form',
    { 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Sign in'),
    field('identifier', 'E-mail or username', 'text', 'username'),
    field('password', 'Password', 'password', 'current-password'),
    h('button', { type: 'submit', class: 'btn' }, 'Sign in')
  );
  const signUp = h(
    'form',
    { 'aria-labelledby': 'signup-title' },
    h('h2', { id: 'signup-title' }, 'Sign up'),
    field('username', 'Username', 'text', 'username'),
    field('email', 'E-mail', 'email', 'email'),
    field('new-password', 'Password (6 characters or more)', 'password', 'new-password'),
    h('button', { type: 'submit', class: 'btn' }, 'Create my account')
  );
  submit(signIn, (v) => app.api.signIn(v.identifier, v.password));
  submit(signUp, (v) => app.api.signUp(v.username, v.email, v['new-password']));
  show(
    app.main,
    h('h1', {}, 'Your reader account'),
    message,
    h('div', { class: 'columns' }, signIn, signUp)
  );
}
