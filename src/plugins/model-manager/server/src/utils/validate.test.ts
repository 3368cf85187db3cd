import { z } from '@strapi/utils';
import { validate } from './validate';

describe('validate', () => {
  const schema = z
    .object({
      label: z.string().optional(),
      data: z.object({ texts: z.array(z.string()) }).optional(),
    })
    .strict();

  it('returns the parsed input', () => {
    expect(validate(schema, { label: 'red' })).toEqual({ label: 'red' });
  });

  it('refuses a NUL character anywhere, naming where (PostgreSQL cannot hold one)', () => {
    expect(() => validate(schema, { label: 'a\u0000b' })).toThrow(
      'label: must not contain the NUL character'
    );
    expect(() => validate(schema, { data: { texts: ['ok', '\u0000'] } })).toThrow(
      'data.texts.1: must not contain the NUL character'
    );
  });

  it('turns a schema failure into a ValidationError naming the field', () => {
    expect(() => validate(schema, { label: 3 })).toThrow(/^label: /);
  });
});
