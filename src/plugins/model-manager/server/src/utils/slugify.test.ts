import { slugify } from './slugify';
import { SLUG_PATTERN } from '../../../shared/contracts/models';

describe('slugify', () => {
  it.each([
    ['Spam Filter (global)', 'spam-filter-global'],
    ['  Ça   va, Señor! ', 'ca-va-senor'],
    ['Spam -- filter 2', 'spam-filter-2'],
    ['***', 'model'],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(SLUG_PATTERN.test(slugify(name))).toBe(true);
  });

  it('keeps slugs within 80 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(79)} b`);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
  });
});
