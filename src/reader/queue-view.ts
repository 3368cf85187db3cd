import type { Article } from './api';
import { analyse, renderAnalysis } from './analysis';
import { announce, errorBox, errorText, h, show } from './dom';
import { CHOICES, give, type Choice } from './labels';
import { rankQueue, whyPicked, type Candidate, type Ranked } from './queue';
import { describe } from './highlight';
import { answeredArticles, unremember } from './session';
import { articleText, type App } from './views';

const BLIND_KEY = 'partisan.queue.blind';

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
  const last = h('div', {
    class: 'queue-last',
    'aria-live': 'polite',
    'data-testid': 'queue-last',
  });
  // Hidden by default: an expert who sees the model's answer first tends to agree with it.
  const blind = h('input', { type: 'checkbox', id: 'queue-blind', 'data-testid': 'queue-blind' });
  blind.checked = localStorage.getItem(BLIND_KEY) !== 'no';
  blind.addEventListener('change', () => {
    localStorage.setItem(BLIND_KEY, blind.checked ? 'yes' : 'no');
    void next();
  });
  show(
    app.main,
    h('h1', {}, 'Expert queue'),
    h(
      'p',
      { class: 'muted' },
      `You label for: ${groups}. `,
      h(
        'span',
        { class: 'keys' },
        'Keys: ',
        h('kbd', {}, 'R'),
        ' red, ',
        h('kbd', {}, 'B'),
        ' blue, ',
        h('kbd', {}, 'N'),
        ' not political, ',
        h('kbd', {}, 'S'),
        ' skip, ',
        h('kbd', {}, 'U'),
        ' undo.'
      )
    ),
    h(
      'p',
      { class: 'field-inline' },
      blind,
      ' ',
      h('label', { for: 'queue-blind' }, 'Hide the model’s answer until I have answered')
    ),
    progress,
    last,
    card
  );
  const articles = await app.api.listArticles(100);
  const ctx = { api: app.api, userId: app.me.id };
  const model = app.api.model;
  let done = 0;
  const skipped = new Set<string>();
  let current: {
    ranked: Ranked;
    article: Article;
    answer: Awaited<ReturnType<typeof analyse>>['answer'];
  } | null = null;
  /** The last answer, for Undo: which article, and what the model had said. */
  let undoable: { article: Article; choice: Choice } | null = null;
  let busy = false;

  const button = (text: string, cls: string, key: string, run: () => void, testId?: string) =>
    h(
      'button',
      { type: 'button', class: cls, 'aria-keyshortcuts': key, onclick: run, 'data-testid': testId },
      text,
      ' ',
      h('kbd', {}, key.toUpperCase())
    );

  const showLast = () => {
    if (!undoable) return show(last);
    const { article, choice } = undoable;
    show(
      last,
      h(
        'p',
        {},
        choice === 'none'
          ? `“${article.title}”: you said not political.`
          : `“${article.title}”: you labelled it ${choice}.`,
        ' ',
        button('Undo', 'link', 'u', () => void undo(), 'queue-undo')
      )
    );
  };

  /** Shows the best next item, or `prefer` (the item an Undo brings back) when it is still open. */
  const next = async (prefer?: string) => {
    const pool = await candidates(app, articles);
    const answered = answeredArticles(ctx.userId, model);
    const open = new Set([...answered, ...skipped]);
    const ranked = rankQueue(pool, { limit: pool.length, answered: open });
    const top = ranked.find((r) => r.id === prefer) ?? ranked[0];
    const left = pool.filter((c) => !answered.has(c.id)).length;
    progress.textContent = `${left} left · ${done} answered in this session${skipped.size ? ` · ${skipped.size} skipped` : ''}.`;
    if (!top) {
      current = null;
      show(
        card,
        h(
          'p',
          { 'data-testid': 'queue-empty' },
          skipped.size
            ? 'Nothing left but what you skipped. Reload the page to see those again.'
            : 'Nothing left to label. Thank you!'
        )
      );
      return;
    }
    const article = articles.find((a) => a.documentId === top.id)!;
    const candidate = pool.find((c) => c.id === top.id)!;
    const analysis = await analyse(app.api, { article: article.documentId });
    current = { ranked: top, article, answer: analysis.answer };
    const buttons = h('div', { class: 'label-bar', role: 'group', 'aria-label': 'Your label' });
    for (const { choice, text, key } of CHOICES)
      buttons.append(button(text, `btn btn-${choice}`, key, () => void answer(choice)));
    buttons.append(button('Skip', 'btn', 's', () => void skip(), 'queue-skip'));
    const labelling = h('div', { class: 'labelling' }, buttons);
    const text = articleText(article);
    show(
      card,
      h(
        'h2',
        { 'data-testid': 'queue-title', 'data-document-id': article.documentId },
        article.title
      ),
      blind.checked
        ? h(
            'p',
            { class: 'reason', 'data-testid': 'queue-reason' },
            top.reason === 'explore'
              ? 'Why this one: picked at random, so the queue does not only follow the model’s doubts.'
              : 'Why this one: your answer here should teach the models most. Their answer shows after yours.'
          )
        : h(
            'p',
            { class: 'reason', 'data-testid': 'queue-reason' },
            `Why this one: ${whyPicked(top, candidate)}`
          ),
      blind.checked
        ? h('section', { class: 'analysis' }, labelling, h('p', { class: 'plain' }, text))
        : renderAnalysis(text, analysis, [labelling])
    );
    announce(`Next: ${article.title}`);
  };

  const answer = async (choice: Choice) => {
    if (!current || busy) return;
    busy = true;
    try {
      const { article, answer: said } = current;
      await give(ctx, { article: article.documentId }, choice, said);
      done += 1;
      undoable = { article, choice };
      showLast();
      // Now that the expert has answered, what the model said (hidden before, when blind).
      last.append(
        h(
          'p',
          { class: 'muted', 'data-testid': 'queue-model-said' },
          `The model said ${describe(said.prediction.probabilities, said.prediction.label)}.`
        )
      );
      await next();
    } catch (error) {
      card.append(h('p', { class: 'error', role: 'alert' }, `Not saved: ${errorText(error)}`));
    } finally {
      busy = false;
    }
  };

  const skip = async () => {
    if (!current || busy) return;
    busy = true;
    try {
      skipped.add(current.article.documentId);
      await next();
    } finally {
      busy = false;
    }
  };

  /**
   * Takes the last answer back and shows that item again. A new red or blue answer replaces the
   * label on the server (one label per reader and subject); the page keeps no other copy.
   */
  const undo = async () => {
    if (!undoable || busy) return;
    busy = true;
    try {
      unremember(ctx.userId, model, `article:${undoable.article.documentId}`);
      done = Math.max(0, done - 1);
      skipped.delete(undoable.article.documentId);
      const again = undoable.article.documentId;
      undoable = null;
      showLast();
      await next(again);
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
    const key = event.key.toLowerCase();
    const hit = CHOICES.find((c) => c.key === key);
    if (!hit && key !== 's' && key !== 'u') return;
    event.preventDefault();
    if (hit) void answer(hit.choice);
    else if (key === 's') void skip();
    else void undo();
  };
  document.addEventListener('keydown', onKey);
  await next().catch((error) => show(card, errorBox(error)));
}
