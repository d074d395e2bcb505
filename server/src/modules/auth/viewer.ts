/**
 * The viewer: who is asking, and the slice of data they may see. Every
 * service takes its scope from here; rows outside it do not exist for them.
 */
import type { Role } from '../org/user.entity.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { Permission } from './permissions.js';

export interface StaffViewer {
  kind: 'user';
  userId: number;
  name: string;
  role: Role;
  orgUnitId: number;
  /** Root of the visible subtree, '/1/4/'. */
  orgPath: string;
  permissions: ReadonlySet<Permission>;
  /** When the access token stops being valid. */
  expiresAt: Date;
}

export interface PartnerViewer {
  kind: 'apiKey';
  apiKeyId: number;
  name: string;
  orgUnitId: number;
  orgPath: string;
  permissions: ReadonlySet<Permission>;
  rateLimitPerMinute: number;
}

export type Viewer = StaffViewer | PartnerViewer | { kind: 'anonymous' };
export type AuthenticatedViewer = StaffViewer | PartnerViewer;

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export function can(viewer: Viewer, permission: Permission): boolean {
  return viewer.kind !== 'anonymous' && viewer.permissions.has(permission);
}

export function requireViewer(viewer: Viewer): AuthenticatedViewer {
  if (viewer.kind === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in or send an API key');
  return viewer;
}

export function requirePermission(viewer: Viewer, permission: Permission): AuthenticatedViewer {
  const known = requireViewer(viewer);
  if (!known.permissions.has(permission)) throw new AppError(ErrorCode.FORBIDDEN, `Requires the permission ${permission}`);
  return known;
}

/**
 * Which rows a viewer may see: everything under `orgPath`, and for a sales
 * rep only the customers it is responsible for.
 */
export interface DataScope {
  orgPath: string;
  /** Set for reps: only customers with this responsible rep. */
  repId: number | null;
}

/** The unrestricted scope, for jobs, the seed and tests of the services. */
export const ALL_DATA: DataScope = { orgPath: '/', repId: null };

export function dataScope(viewer: Viewer): DataScope {
  const known = requireViewer(viewer);
  if (known.kind === 'user' && known.role === 'REP') return { orgPath: known.orgPath, repId: known.userId };
  return { orgPath: known.orgPath, repId: null };
}

/** The id of the acting user or key, for audit entries. */
export function actorOf(viewer: Viewer): { userId: number | null; apiKeyId: number | null } {
  if (viewer.kind === 'user') return { userId: viewer.userId, apiKeyId: null };
  if (viewer.kind === 'apiKey') return { userId: null, apiKeyId: viewer.apiKeyId };
  return { userId: null, apiKeyId: null };
}
