import type { Api, Prediction, PredictionMeta } from './api';
import { h } from './dom';
import { describe, differingWords, segments } from './highlight';
import { phrases, strongestPhrases } from './phrases';

export interface Answer {
  prediction: Prediction;
  meta: PredictionMeta;
}

/** The model's answer for a text, and the global one beside it when a personal model answered. */
export interface Analysis {
  answer: Answer;
  global: Answer | null;
  /** How many labels the reader's personal model learnt from (when it answered). */
  labels?: number;
}

/** `subject` is the text itself, or the article it is the text of. */
export async function analyse(
  api: Api,
  subject: { text: string } | { article: string }
): Promise<Analysis> {
  const first = await api.predict(subject, { explain: true });
  const answer = { prediction: first.data, meta: first.meta };
  if (first.meta.scope !== 'personal') return { answer, global: null };
  const [global, state] = await Promise.all([
    api.predict(subject, { explain: true, scope: 'global' }),
    api.personal().catch(() => null),
  ]);
  return {
    answer,
    global: { prediction: global.data, meta: global.meta },
    ...(state ? { labels: state.labels } : {}),
  };
}

/** Who answered, in the reader's words: whose model, not our scopes and variants. */
export function whose(meta: PredictionMeta, labels?: number): string {
  if (meta.scope === 'personal')
    return labels === undefined
      ? 'Your model'
      : `Your model (from your ${labels} label${labels === 1 ? '' : 's'})`;
  if (meta.scope === 'collective') return 'Your experts’ model';
  return 'Everyone’s model';
}

/** What red and blue mean, said once where the colours first appear. */
export function meaning(): HTMLElement {
  return h(
    'p',
    { class: 'meaning', 'data-testid': 'lean-meaning' },
    h('span', { class: 'chip chip-red' }, 'red'),
    ' reads like Republicans speak, ',
    h('span', { class: 'chip chip-blue' }, 'blue'),
    ' like Democrats. Shaded words pushed the answer their way.'
  );
}

/** The text with every weighted word shaded red or blue, as strong as its weight. */
export function shadedText(
  text: string,
  prediction: Prediction,
  testId: string,
  changed: ReadonlySet<string> = new Set()
): HTMLElement {
  const out = h('p', { class: 'shaded', 'data-testid': testId });
  for (const part of segments(text, prediction.explanation?.tokens ?? [], prediction.label)) {
    if (!part.lean) {
      out.append(part.text);
      continue;
    }
    const moved = changed.has(part.text.toLowerCase());
    const mark = h(
      'mark',
      {
        class: `lean-${part.lean}${moved ? ' changed' : ''}`,
        'data-testid': 'highlighted-word',
        'data-lean': part.lean,
        title: `leans ${part.lean} (${part.weight!.toFixed(3)})${moved ? ', moved by your labels' : ''}`,
      },
      part.text
    );
    mark.style.setProperty('--s', part.strength!.toFixed(3));
    out.append(mark);
  }
  return out;
}

/** The strongest phrases each way, as text: the shading's meaning without relying on colour. */
function strongest(text: string, prediction: Prediction): HTMLElement {
  const all = phrases(text, prediction.explanation?.tokens ?? [], prediction.label);
  const line = (lean: 'red' | 'blue') => {
    const top = strongestPhrases(all, lean);
    return h(
      'li',
      { 'data-testid': `strongest-${lean}` },
      h('span', { class: `chip chip-${lean}` }, lean === 'red' ? 'Red phrases' : 'Blue phrases'),
      ' ',
      ...(top.length
        ? top.flatMap((p, i) => [
            i ? ', ' : '',
            h('q', { class: 'phrase' }, p.text),
            p.count > 1 ? h('span', { class: 'muted' }, ` ×${p.count}`) : '',
          ])
        : ['none'])
    );
  };
  return h(
    'ul',
    { class: 'strongest', 'aria-label': 'Strongest phrases' },
    line('red'),
    line('blue')
  );
}

function verdict(answer: Answer, heading: string, testId: string): HTMLElement {
  const { prediction, meta } = answer;
  const undecided = prediction.undecided
    ? h(
        'p',
        { class: 'muted' },
        'The model found no clear evidence in this text; the label is a guess.'
      )
    : null;
  return h(
    'div',
    { class: 'verdict', 'data-testid': testId },
    h('h3', { 'data-testid': `${testId}-model` }, heading),
    h(
      'p',
      { class: `big lean-text-${prediction.label}`, 'data-testid': `${testId}-label` },
      describe(prediction.probabilities, prediction.label)
    ),
    h(
      'p',
      { class: 'muted small', 'data-testid': `${testId}-version` },
      `${meta.model} v${meta.version}`
    ),
    undecided
  );
}

/**
 * One answer, or (when the reader's own model answered) the two verdicts side by side over one
 * shaded text, with what the reader's labels changed. `actions` (the label bar) come right after
 * the verdict, before the text, so a reader can answer without scrolling past the article.
 */
export function renderAnalysis(
  text: string,
  analysis: Analysis,
  actions: Array<HTMLElement | null> = []
): HTMLElement {
  const { answer, global } = analysis;
  if (!global) {
    return h(
      'section',
      { class: 'analysis', 'aria-label': 'Prediction' },
      verdict(answer, whose(answer.meta), 'answer'),
      meaning(),
      ...actions,
      strongest(text, answer.prediction),
      shadedText(text, answer.prediction, 'shaded-text')
    );
  }
  const diffs = differingWords(
    { tokens: answer.prediction.explanation?.tokens ?? [], label: answer.prediction.label },
    { tokens: global.prediction.explanation?.tokens ?? [], label: global.prediction.label }
  );
  const fmt = (x: number) =>
    x === 0 ? '—' : `${x > 0 ? 'red' : 'blue'} ${Math.abs(x).toFixed(2)}`;
  const before = describe(global.prediction.probabilities, global.prediction.label);
  const after = describe(answer.prediction.probabilities, answer.prediction.label);
  const summary = h(
    'p',
    { 'data-testid': 'what-changed' },
    before === after
      ? `Your labels left the answer at ${after}.`
      : `Your labels moved the answer from ${before} to ${after}.`,
    diffs.length ? ' Outlined words are the ones they moved most:' : ''
  );
  const table = diffs.length
    ? h(
        'table',
        { class: 'diffs', 'data-testid': 'differing-words' },
        h('caption', { class: 'visually-hidden' }, 'Words your labels moved (lean and weight)'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Word'),
            h('th', { scope: 'col' }, 'Everyone’s'),
            h('th', { scope: 'col' }, 'Yours')
          )
        ),
        h(
          'tbody',
          {},
          ...diffs.map((d) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, d.word),
              h('td', {}, fmt(d.global)),
              h('td', {}, fmt(d.personal))
            )
          )
        )
      )
    : h(
        'p',
        { class: 'muted', 'data-testid': 'differing-words' },
        'Your model weighs these words like everyone’s.'
      );
  return h(
    'section',
    {
      class: 'analysis compare',
      'aria-label': 'Your model beside everyone’s',
      'data-testid': 'personal-comparison',
    },
    h(
      'div',
      { class: 'verdicts' },
      verdict(answer, whose(answer.meta, analysis.labels), 'answer'),
      verdict(global, whose(global.meta), 'global-answer')
    ),
    meaning(),
    ...actions,
    h('h3', {}, 'What changed'),
    summary,
    table,
    strongest(text, answer.prediction),
    shadedText(text, answer.prediction, 'shaded-text', new Set(diffs.map((d) => d.word)))
  );
}
