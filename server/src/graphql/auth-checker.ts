/**
 * The one auth checker: `@Authorized()` asks for any signed-in viewer,
 * `@Authorized('customers:write')` for a permission. Row scoping is not done
 * here but in the services' SQL (DataScope).
 */
import type { AuthChecker } from 'type-graphql';
import { AppError, ErrorCode } from './errors.js';
import type { Context } from './context.js';
import type { Permission } from '../modules/auth/permissions.js';

export const authChecker: AuthChecker<Context, Permission> = ({ context }, permissions) => {
  const { viewer } = context.auth;
  if (viewer.kind === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in or send an API key');
  const missing = permissions.filter((p) => !viewer.permissions.has(p));
  if (missing.length) throw new AppError(ErrorCode.FORBIDDEN, `Requires the permission ${missing.join(', ')}`, [], { requires: missing });
  return true;
};
