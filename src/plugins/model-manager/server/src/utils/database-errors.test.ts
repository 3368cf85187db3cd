import { isDatabaseUnreachable } from './database-errors';

describe('isDatabaseUnreachable', () => {
  it('recognises a refused connection, a server shutdown and a lost connection', () => {
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
      )
    ).toBe(true);
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        })
      )
    ).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnreachable(
        new Error('Knex: Timeout acquiring a connection. The pool is probably full.')
      )
    ).toBe(true);
  });

  it('looks through wrapped causes', () => {
    const wrapped = new Error('select failed', {
      cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    });
    expect(isDatabaseUnreachable(wrapped)).toBe(true);
  });

  it('does not mistake a failed query or a client error for an outage', () => {
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('duplicate key value violates unique constraint'), {
          code: '23505',
        })
      )
    ).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(
      false
    );
    expect(isDatabaseUnreachable(new Error('Model "x" has no version 3'))).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
  });
});
