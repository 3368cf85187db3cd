import type { Api } from './api';
import type { Answer } from './analysis';
import { announce, errorText, h } from './dom';
import { forget, labelled, remember, subjectKey } from './session';

/** Until the server tells its own threshold (GET .../personal), the page assumes this many labels. */
export const FALLBACK_MIN_LABELS = 3;

export type Choice = 'red' | 'blue' | 'none';
export const CHOICES: Array<{ choice: Choice; text: string; key: string }> = [
  { choice: 'red', text: 'Red', key: 'r' },
  { choice: 'blue', text: 'Blue', key: 'b' },
  { choice: 'none', text: 'Not political', key: 'n' },
];

export interface LabelContext {
  api: Api;
  userId: number | undefined;
}

/**
 * Records a reader's answer: red or blue is feedback to the model (theirs alone, the server
 * de-duplicates per reader and subject); "not political" is kept in this browser only.
 */
export async function give(
  ctx: LabelContext,
  subject: { article: string } | { text: string },
  choice: Choice,
  answer: Answer | null
) {
  if (choice !== 'none') {
    const predicted = answer
      ? { label: answer.prediction.label, version: answer.meta.version }
      : undefined;
    await ctx.api.label(subject, choice, predicted);
  }
  remember(ctx.userId, ctx.api.model, subjectKey(subject), choice);
}

/** "2 more labels until your personal model", or that it is active, from the server when it knows. */
export async function personalStatus(ctx: LabelContext): Promise<HTMLElement> {
  const box = h('div', { class: 'personal-status', 'data-testid': 'personal-status' });
  const state = await ctx.api.personal().catch(() => null);
  const count = state?.labels ?? labelled(ctx.userId, ctx.api.model).size;
  const min = state?.minLabels ?? FALLBACK_MIN_LABELS;
  if (state?.active) {
    box.append(`Your personal model answers from your ${count} label${count === 1 ? '' : 's'}.`);
    const reset = h('button', { type: 'button', class: 'link' }, 'Reset my model');
    reset.addEventListener('click', async () => {
      if (!confirm('Forget all your labels and your personal model?')) return;
      await ctx.api.resetPersonal();
      forget(ctx.userId, ctx.api.model);
      announce('Your personal model was reset.');
      box.replaceWith(await personalStatus(ctx));
    });
    box.append(' ', reset);
  } else if (count >= min) {
    box.append(
      `You gave ${count} labels: your personal model answers here as soon as the server has one for you.`
    );
  } else {
    const left = min - count;
    box.append(`${left} more label${left === 1 ? '' : 's'} until your personal model.`);
  }
  return box;
}

/** Red / Blue / Not political buttons for one subject; `done` runs after the server took the label. */
/** The thanks for a label, also shown by the bar that replaces this one once the answer is asked again. */
export const thanks = (choice: Choice) =>
  choice === 'none' ? 'Marked as not political.' : `Thank you: labelled ${choice}.`;

export function labelBar(
  ctx: LabelContext,
  subject: { article: string } | { text: string },
  answer: Answer | null,
  done: (choice: Choice) => void,
  given: Choice | null = null
): HTMLElement {
  const message = h(
    'p',
    { class: 'muted', 'aria-live': 'polite', 'data-testid': 'label-message' },
    given ? thanks(given) : ''
  );
  const bar = h('div', {
    class: 'label-bar',
    role: 'group',
    'aria-label': 'Your label for this text',
  });
  for (const { choice, text } of CHOICES) {
    const button = h(
      'button',
      {
        type: 'button',
        class: `btn btn-${choice}`,
        'data-choice': choice,
        'aria-pressed': given ? String(given === choice) : undefined,
      },
      text
    );
    button.addEventListener('click', async () => {
      bar.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = true));
      try {
        await give(ctx, subject, choice, answer);
        message.textContent = thanks(choice);
        bar
          .querySelectorAll('button')
          .forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        done(choice);
      } catch (error) {
        message.textContent = `Not saved: ${errorText(error)}`;
      } finally {
        bar.querySelectorAll('button').forEach((b) => ((b as HTMLButtonElement).disabled = false));
      }
    });
    bar.append(button);
  }
  return h(
    'div',
    { class: 'labelling' },
    h('h3', {}, 'Is it red, blue, or not political?'),
    bar,
    message
  );
}
