/**
 * The permission matrix's vocabulary: callers, outcomes, base targets and
 * the `only()` helper. Each module adds its operations in a file
 * `test/api/permissions/<module>.ops.ts` exporting `matrix: OperationSet`;
 * permissions.test.ts finds them all.
 */
import type { GraphQLResponse, TestServer } from '../../support/harness.js';

export type Outcome = 'ok' | 'null' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';

export type CallerName =
  | 'anonymous' | 'admin' | 'lead' | 'lead.gy' | 'rep' | 'collector' | 'viewer'
  | 'key:read@gy' | 'key:write@gy' | 'key:pii@company' | 'key:org@company';

export interface Caller {
  name: CallerName;
  headers: Record<string, string>;
  connectionParams: Record<string, unknown> | null;
  /** Root of what it may see. */
  rootPath: string;
  /** For a REP: only customers it is responsible for. */
  repUserId: number | null;
}

export interface BaseTargets {
  /** A customer in 贵阳 whose responsible rep is the demo `rep`. */
  custOwn: string;
  /** A customer in 贵阳 of another rep. */
  custOther: string;
  /** A customer in another branch. */
  custB: string;
  stationA: string;
  stationB: string;
  leadGyId: string;
  /** A user in 贵阳 to disable and enable again. */
  victimId: string;
}

export interface Operation<T = unknown> {
  name: string;
  run(server: TestServer, caller: Caller, t: BaseTargets & T): Promise<GraphQLResponse>;
  expect: Partial<Record<CallerName, Outcome>> & { default: Outcome };
}

export const COMPANY_WIDE: CallerName[] = ['admin', 'lead', 'viewer', 'key:pii@company'];
export const WRITERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'key:write@gy'];
export const READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer', 'key:read@gy', 'key:write@gy', 'key:pii@company'];

/** outcome for the listed callers, `otherwise` for the rest (anonymous is always UNAUTHENTICATED). */
export function only(callers: CallerName[], outcome: Outcome, otherwise: Outcome, extra: Partial<Record<CallerName, Outcome>> = {}) {
  return { default: otherwise, anonymous: 'UNAUTHENTICATED' as Outcome, ...Object.fromEntries(callers.map((c) => [c, outcome])), ...extra };
}


/** A module's rows: operations, and an optional setup (run once as admin) creating the targets they need. */
export interface OperationSet<T = unknown> {
  setup?(server: TestServer, base: BaseTargets): Promise<T>;
  operations: Operation<T>[];
}

let counter = 0;
/** A number unique in this test file, for names, logins and USCCs. */
export function next(): number {
  return ++counter;
}
