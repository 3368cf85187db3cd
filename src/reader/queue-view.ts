import type { Article } from './api';
import { analyse, renderAnalysis } from './analysis';
import { announce, errorBox, errorText, h, show } from './dom';
import { CHOICES, give, type Choice } from './labels';
import { rankQueue, type Candidate, type Ranked } from './queue';
import { answeredArticles } from './session';
import { articleText, type App } from './views';

const REASONS: Record<Ranked['reason'], string> = {
  uncertain: 'the model is unsure',
  disagreement: 'your model and the global one disagree',
  explore: 'picked at random, so the queue does not only feed the models’ blind spots',
};

/** Every article, scored by the reader's own chain and, when that is not the global one, by the global chain too. */
async function candidates(app: App, articles: Article[]): Promise<Candidate[]> {
  if (!articles.length) return [];
  const texts = articles.map(articleText);
  const own = await app.api.predictMany(texts);
  const global =
    own.meta.scope === 'global' ? null : await app.api.predictMany(texts, { scope: 'global' });
  return articles.map((a, i) => ({
    id: a.documentId,
    text: texts[i],
    global: (global ?? own).data[i].probabilities,
    ...(global ? { personal: own.data[i].probabilities } : {}),
  }));
}

/**
 * For experts (members of a collective model): one item at a time, the best next one, answered by
 * keyboard (r, b, n) or the buttons; after each answer the predictions are asked again and re-ranked.
 */
export async function queueView(app: App) {
  if (!app.me) {
    show(
      app.main,
      h('h1', {}, 'Expert queue'),
      h('p', {}, h('a', { href: '#/signin' }, 'Sign in'), ' as an expert to see your queue.')
    );
    return;
  }
  if (!app.me.collectives.length) {
    show(
      app.main,
      h('h1', {}, 'Expert queue'),
      h(
        'p',
        {},
        'The queue is for experts: members of a collective model. An editor adds you to one in the admin.'
      )
    );
    return;
  }
  const groups = app.me.collectives.map((c) => c.name).join(', ');
  const card = h('div', { class: 'queue-item', 'data-testid': 'queue-item' });
  const progress = h('p', { class: 'muted', 'data-testid': 'queue-progress' });
  show(
    app.main,
    h('h1', {}, 'Expert queue'),
    h(
      'p',
      { class: 'muted' },
      `You label for: ${groups}. Keys: `,
      h('kbd', {}, 'R'),
      ' red, ',
      h('kbd', {}, 'B'),
      ' blue, ',
      h('kbd', {}, 'N'),
      ' not political.'
    ),
    progress,
    card
  );
  const articles = await app.api.listArticles(100);
  const ctx = { api: app.api, userId: app.me.id };
  let done = 0;
  let current: {
    ranked: Ranked;
    article: Article;
    answer: Awaited<ReturnType<typeof analyse>>['answer'];
  } | null = null;
  let busy = false;

  const next = async () => {
    const pool = await candidates(app, articles);
    const [top] = rankQueue(pool, {
      limit: 10,
      answered: answeredArticles(ctx.userId, app.api.model),
    });
    progress.textContent = `${done} answered in this session.`;
    if (!top) {
      current = null;
      show(card, h('p', { 'data-testid': 'queue-empty' }, 'Nothing left to label. Thank you!'));
      return;
    }
    const article = articles.find((a) => a.documentId === top.id)!;
    const analysis = await analyse(app.api, { article: article.documentId });
    current = { ranked: top, article, answer: analysis.answer };
    const buttons = h('div', { class: 'label-bar', role: 'group', 'aria-label': 'Your label' });
    for (const { choice, text, key } of CHOICES) {
      buttons.append(
        h(
          'button',
          {
            type: 'button',
            class: `btn btn-${choice}`,
            'aria-keyshortcuts': key,
            onclick: () => void answer(choice),
          },
          text,
          ' ',
          h('kbd', {}, key.toUpperCase())
        )
      );
    }
    show(
      card,
      h(
        'h2',
        { 'data-testid': 'queue-title', 'data-document-id': article.documentId },
        article.title
      ),
      h(
        'p',
        { class: 'reason', 'data-testid': 'queue-reason' },
        `Why this one: ${REASONS[top.reason]} (uncertainty ${top.uncertainty.toFixed(2)}, disagreement ${top.disagreement.toFixed(2)}).`
      ),
      renderAnalysis(articleText(article), analysis),
      buttons
    );
    announce(`Next: ${article.title}`);
  };

  const answer = async (choice: Choice) => {
    if (!current || busy) return;
    busy = true;
    try {
      await give(ctx, { article: current.article.documentId }, choice, current.answer);
      done += 1;
      await next();
    } catch (error) {
      card.append(h('p', { class: 'error', role: 'alert' }, `Not saved: ${errorText(error)}`));
    } finally {
      busy = false;
    }
  };

  const onKey = (event: KeyboardEvent) => {
    if (!document.body.contains(card)) return document.removeEventListener('keydown', onKey);
    const target = event.target as HTMLElement;
    if (
      event.ctrlKey ||
      event.metaKey ||
      event.altKey ||
      ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
    )
      return;
    const hit = CHOICES.find((c) => c.key === event.key.toLowerCase());
    if (!hit) return;
    event.preventDefault();
    void answer(hit.choice);
  };
  document.addEventListener('keydown', onKey);
  await next().catch((error) => show(card, errorBox(error)));
}
