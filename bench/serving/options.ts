/** Serving bench constants shared by the matrix and its alternating windows. */
import { progressFor } from '../lib/bench';

export const SERVER_CPU = 0;
export const SLUG = 'bench-sklearn';

export const progress = progressFor('serving');
