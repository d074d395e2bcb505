// Which admin sections (#/admin/<section>) the viewer may open, and which of
// them it may change, from the permissions the server reported in `me`. An
// ADMIN holds them all; a LEAD sees users, the org tree, policies and reward
// tiers read-only. The server still checks every request.
import { useViewer } from '../auth/use-viewer';

export const ADMIN_SECTIONS = ['users', 'org', 'api-keys', 'policies', 'rewards', 'audit'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** The server's permission strings the admin screens ask about. */
type AdminPermission =
  | 'users:read'
  | 'users:manage'
  | 'org:read'
  | 'apikeys:manage'
  | 'audit:read'
  | 'customers:read'
  | 'receivables:read'
  | 'policies:manage'
  | 'consumption:configure'
  | 'inspections:configure'
  | 'rewards:configure';

/** What it takes to open a section. */
const OPENS: Record<AdminSection, readonly AdminPermission[]> = {
  users: ['users:read'],
  org: ['org:read'],
  'api-keys': ['apikeys:manage'],
  policies: ['customers:read'],
  rewards: ['org:read'],
  audit: ['audit:read'],
};

export function isAdminSection(value: string | null | undefined): value is AdminSection {
  return (ADMIN_SECTIONS as readonly string[]).includes(value ?? '');
}

export function useAdminAccess() {
  const { me, loading, error } = useViewer();
  const granted = new Set<string>(me?.permissions ?? []);
  const can = (permission: AdminPermission) => granted.has(permission);
  const sections = ADMIN_SECTIONS.filter((s) => OPENS[s].every(can));
  return { loaded: !!me, loading, error, can, sections, viewerId: me?.user?.id ?? null };
}
