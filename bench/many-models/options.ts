/** Many-models bench settings shared by its steps, and the predict sequence they measure. */
import type { Admins } from '../../tests/helpers/http-admin';
import { opt, progressFor } from '../lib/bench';
import { closedLoop } from '../lib/load';
import { predictPath } from '../lib/strapi';

export const MODELS = opt.num('models', 200);
export const CONCURRENCY = opt.num('concurrency', 4);
export const CACHE = opt.num('cache', 50);
export const progress = progressFor('many-models');
export const slugOf = (i: number) => `mm-${String(i).padStart(3, '0')}`;

/** A server serving the bench's models, and who may call it. */
export interface Setup {
  url: string;
  pid: number;
  admins: Admins;
}

/** A predict to model `sequence[i]` for each i, CONCURRENCY at a time, each body a holdout text. */
export const predictSequence = (server: Setup, sequence: ArrayLike<number>, texts: string[]) =>
  closedLoop({
    base: server.url,
    n: sequence.length,
    concurrency: CONCURRENCY,
    request: (i) => ({
      path: predictPath(slugOf(sequence[i])),
      body: JSON.stringify({ text: texts[i % texts.length] }),
      headers: server.admins.token,
    }),
  });
