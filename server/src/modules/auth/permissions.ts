/**
 * Who may do what (DOMAIN.md "Who uses it"). One vocabulary of permissions:
 * staff get them from their role, partner API keys from their scopes. The
 * auth checker and the services only ever ask for a permission, never a role.
 */
import { registerEnumType } from 'type-graphql';
import { Role } from '../org/user.entity.js';

/** Permissions a partner API key can be given. */
export enum ApiKeyScope {
  ORG_READ = 'org:read',
  CUSTOMERS_READ = 'customers:read',
  CUSTOMERS_WRITE = 'customers:write',
  VISITS_WRITE = 'visits:write',
  PII_READ = 'pii:read',
  RECEIVABLES_READ = 'receivables:read',
  BILLS_WRITE = 'bills:write',
  PAYMENTS_WRITE = 'payments:write',
  ALERTS_SUBSCRIBE = 'alerts:subscribe',
}
registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'What a partner API key may do. Values are sent as their names (CUSTOMERS_READ); the permission strings are customers:read etc.',
  valuesConfig: {
    ORG_READ: { description: 'Read the org tree (org:read).' },
    CUSTOMERS_READ: { description: 'Read customers, service accounts and contacts without personal data (customers:read).' },
    CUSTOMERS_WRITE: { description: 'Create and change customers and contacts (customers:write).' },
    VISITS_WRITE: { description: 'Log visits and calls, including collection visits with promises to pay (visits:write).' },
    PII_READ: { description: 'Read personal data: contact phone numbers, e-mail, WeChat, ID numbers (pii:read).' },
    RECEIVABLES_READ: { description: 'Read bills, payments, balances and arrears (receivables:read).' },
    BILLS_WRITE: { description: 'Push bills, as a billing system does (bills:write).' },
    PAYMENTS_WRITE: { description: 'Push payments, as a payment channel does (payments:write).' },
    ALERTS_SUBSCRIBE: { description: 'Subscribe to arrears alerts and live changes (alerts:subscribe).' },
  },
});

/** Permissions only staff can hold. */
export enum StaffPermission {
  CUSTOMERS_ASSIGN = 'customers:assign',
  USERS_READ = 'users:read',
  USERS_MANAGE = 'users:manage',
  APIKEYS_MANAGE = 'apikeys:manage',
  AUDIT_READ = 'audit:read',
  /** Run background jobs by hand, e.g. the daily scan (admins). */
  JOBS_RUN = 'jobs:run',
}

export type Permission = ApiKeyScope | StaffPermission;

const S = ApiKeyScope;
const P = StaffPermission;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.ADMIN]: [...Object.values(S), ...Object.values(P)],
  [Role.LEAD]: [S.ORG_READ, S.CUSTOMERS_READ, S.CUSTOMERS_WRITE, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE, P.CUSTOMERS_ASSIGN, P.USERS_READ],
  [Role.REP]: [S.ORG_READ, S.CUSTOMERS_READ, S.CUSTOMERS_WRITE, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE],
  // Collectors chase arrears in person: collection visits are theirs to log (DOMAIN.md "Who uses it").
  [Role.COLLECTOR]: [S.ORG_READ, S.CUSTOMERS_READ, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.PAYMENTS_WRITE, S.ALERTS_SUBSCRIBE],
  [Role.VIEWER]: [S.ORG_READ, S.CUSTOMERS_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE],
};
