/**
 * Counts the SQL statements one HTTP request runs, so that N+1 queries show
 * up as a number (header `x-sql-statements`), not as a hunch. The count rides
 * on AsyncLocalStorage through DataLoader batches and MikroORM calls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ statements: number }>();

export const STATEMENTS_HEADER = 'x-sql-statements';

/** Runs `fn` with a fresh counter. */
export function countStatements<T>(fn: () => T): T {
  return storage.run({ statements: 0 }, fn);
}

/** Statements counted so far in the current request (0 outside one). */
export function statementsSoFar(): number {
  return storage.getStore()?.statements ?? 0;
}

/** MikroORM's `onQuery` hook: counts and leaves the SQL as it is. */
export function onQuery(sql: string): string {
  const store = storage.getStore();
  if (store) store.statements += 1;
  return sql;
}
