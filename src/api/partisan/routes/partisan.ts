/**
 * The reader page's one route of its own (the rest is the content API): who the signed-in reader
 * is and which collective models count them as an expert. Authenticated role only
 * (`api::partisan.partisan.me`, granted by src/demo/reader-access.ts).
 */
export default {
  routes: [{ method: 'GET', path: '/partisan/me', handler: 'partisan.me', config: {} }],
};
