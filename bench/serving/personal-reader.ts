/** A reader with a personal model on a bench server: signed up, then labels enough texts to activate it. */
import type { LabelledRow } from '../lib/data';
import { API, call } from '../lib/strapi';

export async function personalReader(
  base: string,
  slug: string,
  labelled: LabelledRow[]
): Promise<string> {
  const username = `bench-reader-${process.pid}-${Date.now()}`;
  const res = await call(base, 'POST', '/api/auth/local/register', {
    json: { username, email: `${username}@example.test`, password: 'Bench-reader-1' },
    expect: [200],
  });
  const jwt = res.body.jwt as string;
  let personal: { active?: boolean } | undefined;
  for (const { text, label } of labelled) {
    const fed = await call(base, 'POST', `${API}/models/${slug}/feedback`, {
      bearer: jwt,
      json: { data: { text, label } },
      expect: [201],
    });
    personal = fed.body.meta?.personal;
  }
  if (!personal?.active)
    throw new Error(`the bench reader's personal model is not active: ${JSON.stringify(personal)}`);
  return jwt;
}
