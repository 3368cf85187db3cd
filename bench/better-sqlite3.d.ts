// The few calls bench/personal/serving-memory.ts makes on better-sqlite3 (the package ships no types).
declare module 'better-sqlite3' {
  interface Statement {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  }
  class Database {
    constructor(file: string);
    prepare(sql: string): Statement;
    transaction<T extends (...args: never[]) => unknown>(fn: T): T;
    pragma(sql: string): unknown;
    close(): void;
  }
  export default Database;
}
