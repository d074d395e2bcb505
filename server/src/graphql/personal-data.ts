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

export const PersonalData: MiddlewareFn<Context> = async ({ context, info }, next) => {
  const value: unknown = await next();
  if (value === null || value === undefined || can(context.auth.viewer, ApiKeyScope.PII_READ)) return value;
  context.redactions.push({
    path: responsePathAsArray(info.path),
    reason: 'Personal data: requires the pii:read scope',
    requiredScope: ApiKeyScope.PII_READ,
  });
  return null;
};

/** Moves the collected redactions into a result's extensions (and clears them). */
export function withRedactions<T extends { extensions?: Record<string, unknown> }>(result: T, context: Context): T {
  if (context.redactions.length === 0) return result;
  const redactions = context.redactions.splice(0);
  return { ...result, extensions: { ...result.extensions, redactions } };
}
