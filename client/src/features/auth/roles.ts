// Staff roles and the demo accounts, checked against the generated types:
// a role added to the schema without a label here fails typecheck (and its
// label must then be added to both locale files under enums.role).
import type { Role } from '../../gql/graphql';

const ROLE_SET: Record<Role, true> = {
  ADMIN: true,
  LEAD: true,
  REP: true,
  COLLECTOR: true,
  VIEWER: true,
};

export const ROLES = Object.keys(ROLE_SET) as Role[];

/** The demo data's logins (server seed); all share DEMO_PASSWORD. `key` names the description in login.demo.accounts. */
export const DEMO_ACCOUNTS = [
  { login: 'admin', key: 'admin' },
  { login: 'lead', key: 'lead' },
  { login: 'lead.gy', key: 'leadBranch' },
  { login: 'rep', key: 'rep' },
  { login: 'collector', key: 'collector' },
  { login: 'viewer', key: 'viewer' },
] as const;

export const DEMO_PASSWORD = 'gridline-demo';
