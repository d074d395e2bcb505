/**
 * Personal data (contact phone numbers, e-mail, WeChat, ID numbers) needs the
 * pii:read permission. Without it the field is null and the response's
 * `extensions.redactions` says which fields and why; the query still works.
 */
import { responsePathAsArray } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Context } from './context.js';
import { ApiKeyScope } from '../modules/auth/permissions.js';
import { can } from '../modules/auth/viewer.js';

const REASON = 'Personal data: requires the pii:read scope';

export const PersonalData: MiddlewareFn<Context> = async ({ context, info }, next) => {
  const value: unknown = await next();
  if (value === null || value === undefined || can(context.auth.viewer, ApiKeyScope.PII_READ)) return value;
  context.redactions.push({ path: responsePathAsArray(info.path), reason: REASON, requiredScope: ApiKeyScope.PII_READ });
  return null;
};

/**
 * The same rule inside a JSON object field (a contact revision's before and
 * after): the listed keys that hold a value become null, each reported with
 * its path (`…before.phone`). The stored object is never changed.
 */
export function personalDataKeys(keys: readonly string[]): MiddlewareFn<Context> {
  return async ({ context, info }, next) => {
    const value: unknown = await next();
    if (value === null || typeof value !== 'object' || can(context.auth.viewer, ApiKeyScope.PII_READ)) return value;
    const record = value as Record<string, unknown>;
    const present = keys.filter((key) => record[key] !== null && record[key] !== undefined);
    if (present.length === 0) return value;
    const path = responsePathAsArray(info.path);
    for (const key of present) context.redactions.push({ path: [...path, key], reason: REASON, requiredScope: ApiKeyScope.PII_READ });
    return { ...record, ...Object.fromEntries(present.map((key) => [key, null])) };
  };
}

/** Moves the collected redactions into a result's extensions (and clears them). */
export function withRedactions<T extends { extensions?: Record<string, unknown> }>(result: T, context: Context): T {
  if (context.redactions.length === 0) return result;
  const redactions = context.redactions.splice(0);
  return { ...result, extensions: { ...result.extensions, redactions } };
}
