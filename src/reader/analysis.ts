import type { Api, Prediction, PredictionMeta } from './api';
import { h } from './dom';
import { describe, differingWords, segments, towardRed } from './highlight';

export interface Answer {
  prediction: Prediction;
  meta: PredictionMeta;
}

/** The model's answer for a text, and the global one beside it when a personal model answered. */
export interface Analysis {
  answer: Answer;
  global: Answer | null;
}

/** `subject` is the text itself, or the article it is the text of. */
export async function analyse(
  api: Api,
  subject: { text: string } | { article: string }
): Promise<Analysis> {
  const first = await api.predict(subject, { explain: true });
  const answer = { prediction: first.data, meta: first.meta };
  if (first.meta.scope !== 'personal') return { answer, global: null };
  const global = await api.predict(subject, { explain: true, scope: 'global' });
  return { answer, global: { prediction: global.data, meta: global.meta } };
}

const who = (meta: PredictionMeta) =>
  `${meta.model} v${meta.version} (${meta.scope}, ${meta.variant})`;

/** The text with every weighted word shaded red or blue, as strong as its weight. */
export function shadedText(text: string, prediction: Prediction, testId: string): HTMLElement {
  const out = h('p', { class: 'shaded', 'data-testid': testId });
  for (const part of segments(text, prediction.explanation?.tokens ?? [], prediction.label)) {
    if (!part.lean) {
      out.append(part.text);
      continue;
    }
    const mark = h(
      'mark',
      {
        class: `lean-${part.lean}`,
        'data-testid': 'highlighted-word',
        'data-lean': part.lean,
        title: `leans ${part.lean} (${part.weight!.toFixed(3)})`,
      },
      part.text
    );
    mark.style.setProperty('--s', part.strength!.toFixed(3));
    out.append(mark);
  }
  return out;
}

/** The strongest words each way, as text: the shading's meaning without relying on colour. */
function strongest(prediction: Prediction): HTMLElement {
  const tokens = (prediction.explanation?.tokens ?? []).map((t) => ({
    word: t.text,
    red: towardRed(t.weight, prediction.label),
  }));
  const top = (lean: 'red' | 'blue') =>
    [
      ...new Set(
        tokens
          .filter((t) => (lean === 'red' ? t.red > 0 : t.red < 0))
          .sort((a, b) => Math.abs(b.red) - Math.abs(a.red))
          .map((t) => t.word)
      ),
    ].slice(0, 6);
  const line = (lean: 'red' | 'blue') =>
    h(
      'li',
      {},
      h('span', { class: `chip chip-${lean}` }, lean === 'red' ? 'Red words' : 'Blue words'),
      ' ',
      top(lean).join(', ') || 'none'
    );
  return h(
    'ul',
    { class: 'strongest', 'aria-label': 'Strongest words' },
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
    h('h3', {}, heading),
    h(
      'p',
      { class: `big lean-text-${prediction.label}`, 'data-testid': `${testId}-label` },
      describe(prediction.probabilities, prediction.label)
    ),
    h('p', { class: 'muted', 'data-testid': `${testId}-model` }, `answered by ${who(meta)}`),
    undecided
  );
}

/** One answer, or the personal and the global answers side by side with the words where they differ. */
export function renderAnalysis(text: string, analysis: Analysis): HTMLElement {
  const { answer, global } = analysis;
  if (!global) {
    return h(
      'section',
      { class: 'analysis', 'aria-label': 'Prediction' },
      verdict(
        answer,
        answer.meta.scope === 'collective' ? 'Your experts’ model' : 'The model says',
        'answer'
      ),
      strongest(answer.prediction),
      shadedText(text, answer.prediction, 'shaded-text')
    );
  }
  const diffs = differingWords(
    { tokens: answer.prediction.explanation?.tokens ?? [], label: answer.prediction.label },
    { tokens: global.prediction.explanation?.tokens ?? [], label: global.prediction.label }
  );
  const fmt = (x: number) =>
    x === 0 ? '—' : `${x > 0 ? 'red' : 'blue'} ${Math.abs(x).toFixed(2)}`;
  const table = diffs.length
    ? h(
        'table',
        { class: 'diffs', 'data-testid': 'differing-words' },
        h(
          'caption',
          {},
          'Words where your model and the global one differ (weight toward red or blue)'
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Word'),
            h('th', { scope: 'col' }, 'Yours'),
            h('th', { scope: 'col' }, 'Global')
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
              h('td', {}, fmt(d.personal)),
              h('td', {}, fmt(d.global))
            )
          )
        )
      )
    : h(
        'p',
        { class: 'muted', 'data-testid': 'differing-words' },
        'Your model weighs these words like the global one.'
      );
  return h(
    'section',
    {
      class: 'analysis compare',
      'aria-label': 'Your model beside the global model',
      'data-testid': 'personal-comparison',
    },
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        {},
        verdict(answer, 'Your model', 'answer'),
        shadedText(text, answer.prediction, 'shaded-text')
      ),
      h(
        'div',
        {},
        verdict(global, 'Global model', 'global-answer'),
        shadedText(text, global.prediction, 'global-shaded-text')
      )
    ),
    table
  );
}
