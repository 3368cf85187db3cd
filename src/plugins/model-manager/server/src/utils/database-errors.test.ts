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
        Object.assign(
          new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
          {
            name: 'KnexTimeoutError',
          }
        )
      )
    ).toBe(true);
    expect(
      isDatabaseUnreachable(new Error('Connection terminated due to connection timeout'))
    ).toBe(true);
  });

  it("recognises a lost connection in a failed query's error, which knex prefixes with the query (a 500 on PostgreSQL restarts)", () => {
    expect(
      isDatabaseUnreachable(
        new Error(
          'select "t0".* from "mm_models" as "t0" limit $1 - Connection terminated unexpectedly'
        )
      )
    ).toBe(true);
    expect(
      isDatabaseUnreachable(new Error('select 1 - Client was closed and is not queryable'))
    ).toBe(true);
    expect(isDatabaseUnreachable(new Error('select 1 - syntax error at end of input'))).toBe(false);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly - select 1'))).toBe(
      false
    );
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

  it('never counts an error a client caused, whatever words it carries (they used to switch the instance to 503)', () => {
    const validation = Object.assign(new Error('Invalid key Connection terminated unexpectedly'), {
      name: 'ValidationError',
      status: 400,
    });
    expect(isDatabaseUnreachable(validation)).toBe(false);
    // the same words as the whole message, but on an application error
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('Connection terminated unexpectedly'), { status: 400 })
      )
    ).toBe(false);
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('Connection terminated'), { name: 'ValidationError' })
      )
    ).toBe(false);
    // a message that merely contains pg's words is not pg's error
    expect(
      isDatabaseUnreachable(new Error('key "Connection terminated unexpectedly" is not allowed'))
    ).toBe(false);
    expect(isDatabaseUnreachable(new Error('Timeout acquiring a connection'))).toBe(false);
    // nor is a subclass (e.g. Strapi's errors) carrying the exact text
    class SomeError extends Error {}
    expect(isDatabaseUnreachable(new SomeError('Connection terminated unexpectedly'))).toBe(false);
  });
});
