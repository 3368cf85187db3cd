/** Many-models bench settings shared by its steps. */
import type { Admins } from '../../tests/helpers/http-admin';
import { opt, progressFor } from '../lib/bench';

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
