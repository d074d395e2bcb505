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
  METERS_WRITE = 'meters:write',
  INSPECTIONS_WRITE = 'inspections:write',
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
    METERS_WRITE: { description: 'Record meter readings 抄表读数, as an automatic meter reading (AMR 远传) or billing system does (meters:write).' },
    INSPECTIONS_WRITE: { description: 'Record safety inspections 安全检查, close or extend rectification notices 整改通知书 and schedule return visits 回访, as a field-inspection or service system does (inspections:write).' },
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
  /** Change the consumption swing thresholds 用量波动阈值 per tier (admins; modules/meters). */
  CONSUMPTION_CONFIGURE = 'consumption:configure',
  /** Change the company's collection policy 催收策略 (admins). */
  POLICIES_MANAGE = 'policies:manage',
  /** Change the inspection frequencies 巡检频次 per utility and tier (admins; modules/inspections). */
  INSPECTIONS_CONFIGURE = 'inspections:configure',
  /** Set, split and delete targets in the own subtree (modules/targets). */
  TARGETS_MANAGE = 'targets:manage',
  /** Approve or reject proposed rewards in the own subtree (modules/rewards). */
  REWARDS_APPROVE = 'rewards:approve',
  /** Change the company's reward tiers (admins; modules/rewards). */
  REWARD_TIERS_MANAGE = 'rewards:configure',
  /** Create and run collection campaigns 清欠专项行动 in the own subtree: accounts, leaders, close (modules/campaigns). */
  CAMPAIGNS_MANAGE = 'campaigns:manage',
  /** Share a saved view 常用筛选 with the own org subtree (leads, admins; modules/saved-views). */
  VIEWS_SHARE = 'views:share',
}

export type Permission = ApiKeyScope | StaffPermission;

const S = ApiKeyScope;
const P = StaffPermission;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.ADMIN]: [...Object.values(S), ...Object.values(P)],
  [Role.LEAD]: [S.ORG_READ, S.CUSTOMERS_READ, S.CUSTOMERS_WRITE, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE, S.INSPECTIONS_WRITE, P.CUSTOMERS_ASSIGN, P.USERS_READ, P.TARGETS_MANAGE, P.REWARDS_APPROVE, P.CAMPAIGNS_MANAGE, P.VIEWS_SHARE],
  [Role.REP]: [S.ORG_READ, S.CUSTOMERS_READ, S.CUSTOMERS_WRITE, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE, S.INSPECTIONS_WRITE, S.METERS_WRITE],
  // Collectors chase arrears in person: collection visits are theirs to log (DOMAIN.md "Who uses it").
  [Role.COLLECTOR]: [S.ORG_READ, S.CUSTOMERS_READ, S.VISITS_WRITE, S.PII_READ, S.RECEIVABLES_READ, S.PAYMENTS_WRITE, S.ALERTS_SUBSCRIBE, S.METERS_WRITE],
  [Role.VIEWER]: [S.ORG_READ, S.CUSTOMERS_READ, S.RECEIVABLES_READ, S.ALERTS_SUBSCRIBE],
};
