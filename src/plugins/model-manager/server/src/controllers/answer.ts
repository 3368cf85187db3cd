import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/** What a controller action does: validate, call one service, return `{ data, meta }` (or a file). */
export type Action<B = unknown> = (ctx: Context) => Promise<B>;
export type Controller = (deps: {
  strapi: Core.Strapi;
}) => Record<string, (ctx: Context) => Promise<void>>;

/**
 * An action answering its audience: `shape` is the audience's serializer (serializers/), applied
 * to every answer of the action; `refusal` does the same for an error it throws.
 */
export const answer =
  <B>(
    action: Action<B>,
    shape: (body: B) => unknown = (body) => body,
    refusal?: (error: unknown) => unknown
  ) =>
  async (ctx: Context) => {
    try {
      ctx.body = shape(await action(ctx));
    } catch (error) {
      throw refusal ? refusal(error) : error;
    }
  };

/** The named actions, answered as they are: the admin API shows the detail. */
export const answerAsIs = <A extends Record<string, Action>, K extends keyof A & string>(
  actions: A,
  names: K[]
) =>
  Object.fromEntries(names.map((name) => [name, answer(actions[name])])) as Record<
    K,
    (ctx: Context) => Promise<void>
  >;
