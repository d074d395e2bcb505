/**
 * Subscription fan-out: one execution per event, shared by every subscriber
 * that would get the same answer.
 *
 * graphql-js resolves a subscription's selection once per subscriber and
 * event: with 1,000 leads watching the board, one alert ran the payload's
 * resolvers (and their SQL) 1,000 times (bench W4: 1.5 ms server CPU per
 * delivery). Here each event is executed once per *share key*: the operation
 * text, its variables, and what the payload's field resolvers may depend on —
 * the viewer's visible subtree, rep restriction and permission set (DESIGN.md
 * "Security": rows come from the scope, fields from the permissions). The
 * same rule binds every field reachable from a subscription payload: it may
 * depend on the viewer only through `dataScope(viewer)` and its permissions.
 *
 * Which subscribers receive an event stays per subscriber (each stream
 * filters on its own scope before anything is executed). A result is shared
 * only while the event is being fanned out (SHARE_WINDOW_MS after it settled);
 * a later delivery of the same event object executes afresh.
 */
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { map, pipe } from '@graphql-yoga/subscription';
import type { Context } from './context.js';
import { withRedactions } from './personal-data.js';
import { dataScope } from '../modules/auth/viewer.js';

/** How long a settled result stays shared (ms): the fan-out of one event takes far less. */
export const SHARE_WINDOW_MS = 2_000;

/** Executions actually run for subscription events since start (tests compare it with deliveries). */
export const fanOutStats = { executions: 0, deliveries: 0 };

/** The part of a viewer that subscription payloads may depend on. */
export function shareKeyOf(ctx: Context): string {
  const viewer = ctx.auth.viewer;
  if (viewer.kind === 'anonymous') return 'anonymous';
  const scope = dataScope(viewer);
  return [viewer.kind, scope.orgPath, scope.repId ?? '', [...viewer.permissions].sort().join(',')].join('|');
}

type Results = Map<string, Promise<ExecutionResult>>;

/**
 * graphql-ws's `subscribe`: the source stream as graphql-js makes it, each
 * event mapped through an execution shared by equal share keys. `freshContext`
 * gives the shared execution its own context (own unit of work, loaders and
 * redaction list) for the same viewer, so no subscriber's state leaks into it.
 */
export function sharedSubscribe(freshContext: (ctx: Context) => Context) {
  const shared = new WeakMap<object, Results>();
  const documentKeys = new WeakMap<DocumentNode, string>();

  return async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const ctx = args.contextValue as Context;
    let documentKey = documentKeys.get(args.document);
    if (documentKey === undefined) documentKeys.set(args.document, (documentKey = print(args.document)));
    const key = [documentKey, args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), shareKeyOf(ctx)].join('\u0000');

    const run = async (event: unknown): Promise<ExecutionResult> => {
      fanOutStats.executions += 1;
      const context = freshContext(ctx);
      const result = await execute({ ...args, rootValue: event, contextValue: context });
      return withRedactions(result as ExecutionResult & { extensions?: Record<string, unknown> }, context);
    };

    return pipe(
      source as AsyncIterable<unknown>,
      map((event: unknown) => {
        fanOutStats.deliveries += 1;
        if (typeof event !== 'object' || event === null) return run(event);
        let results = shared.get(event);
        if (!results) shared.set(event, (results = new Map()));
        let result = results.get(key);
        if (!result) {
          result = run(event);
          results.set(key, result);
          const forget = () => setTimeout(() => results.delete(key), SHARE_WINDOW_MS).unref();
          result.then(forget, forget);
        }
        return result;
      }),
    );
  };
}
