import type { Core } from '@strapi/strapi';
import type { Decision } from '../serving-engine/decision-cache';
import { accessKeyHash, touchLastUsed } from './token-decision';

const HOUR = 60 * 60 * 1000;

/** A Strapi whose only part used here, the api-token query's update, is recorded. */
function recordingStrapi() {
  const updates: Array<{ where: object; data: { lastUsedAt: Date } }> = [];
  const strapi = {
    db: { query: () => ({ update: async (args: (typeof updates)[0]) => updates.push(args) }) },
  } as unknown as Core.Strapi;
  return { strapi, updates };
}

const decision = (lastUsedAt: number | null): Decision => ({
  allowed: true,
  mayReadAll: false,
  expiresAt: null,
  tokenId: 7,
  lastUsedAt,
});

describe('lastUsedAt on the fast path, as Strapi keeps it', () => {
  it('is written when the token was never used, and the decision remembers it', async () => {
    const { strapi, updates } = recordingStrapi();
    const d = decision(null);

    await touchLastUsed(strapi, d, 5 * HOUR);
    await touchLastUsed(strapi, d, 5 * HOUR + 10);

    expect(updates).toEqual([{ where: { id: 7 }, data: { lastUsedAt: new Date(5 * HOUR) } }]);
    expect(d.lastUsedAt).toBe(5 * HOUR);
  });

  it('is written again only once an hour has passed', async () => {
    const { strapi, updates } = recordingStrapi();
    const d = decision(HOUR);

    await touchLastUsed(strapi, d, 2 * HOUR - 1);
    await touchLastUsed(strapi, d, 2 * HOUR);

    expect(updates.map((u) => u.data.lastUsedAt.getTime())).toEqual([2 * HOUR]);
  });
});

describe('the stored hash of a token', () => {
  /** A Strapi whose api-token service hashes with its own salt, counting the calls. */
  function hashingStrapi(salt: string) {
    const calls: string[] = [];
    const strapi = {
      service: () => ({
        hash: (key: string) => {
          calls.push(key);
          return `${salt}:${key}`;
        },
      }),
    } as unknown as Core.Strapi;
    return { strapi, calls };
  }

  it("is Strapi's own, computed once per token and app", () => {
    const one = hashingStrapi('one');
    const two = hashingStrapi('two');

    expect(accessKeyHash(one.strapi, 'token-a')).toBe('one:token-a');
    expect(accessKeyHash(one.strapi, 'token-a')).toBe('one:token-a');
    expect(accessKeyHash(one.strapi, 'token-b')).toBe('one:token-b');
    expect(accessKeyHash(two.strapi, 'token-a')).toBe('two:token-a'); // another salt, not the first app's

    expect(one.calls).toEqual(['token-a', 'token-b']);
    expect(two.calls).toEqual(['token-a']);
  });

  it('keeps a bounded number: past it, hashes are computed afresh', () => {
    const { strapi, calls } = hashingStrapi('s');
    for (let i = 0; i <= 1024; i += 1) accessKeyHash(strapi, `token-${i}`);
    accessKeyHash(strapi, 'token-0');
    expect(calls.filter((c) => c === 'token-0')).toHaveLength(2);
  });
});
