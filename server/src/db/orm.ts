/** MikroORM configuration: explicit entities and committed migrations, no schema sync. */
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrgUnit } from '../modules/org/org-unit.entity.js';
import { User } from '../modules/org/user.entity.js';
import { Customer } from '../modules/customers/customer.entity.js';
import { Contact } from '../modules/contacts/contact.entity.js';
import { DomainEventRow } from '../events/domain-event.entity.js';
import { ApiKey } from '../modules/auth/api-key.entity.js';
import { RefreshToken } from '../modules/auth/refresh-token.entity.js';
import { ServerSetting } from '../modules/auth/server-setting.entity.js';
import { AuditEntry } from '../modules/audit/audit-entry.entity.js';
import { CustomerStatusChange } from '../modules/customers/status-change.entity.js';
import { ServiceAccount } from '../modules/service-accounts/service-account.entity.js';
import { ContactRevision } from '../modules/contacts/contact-revision.entity.js';
import { Visit } from '../modules/visits/visit.entity.js';
import { Contract, ContractAttachment, ContractEvent } from '../modules/contracts/contract.entity.js';
import { RiskEntry } from '../modules/risk/risk-entry.entity.js';
import { Alert } from '../modules/alerts/alert.entity.js';
import { Adjustment, Allocation, Bill, IdempotencyRecord, Payment, Refund } from '../modules/receivables/receivables.entity.js';
import { InstallmentPlan, Instalment } from '../modules/installments/installment.entity.js';
import { ConsumptionMonth, ConsumptionSwingThreshold, Meter, MeterCalibration, MeterReading } from '../modules/meters/meter.entity.js';
import { ResponsibilityPeriod } from '../modules/rotation/responsibility-period.entity.js';
import { MetricDaily, MetricKeyVisit } from '../modules/metrics/metric-counter.entity.js';
import { LeaderboardSnapshotRow } from '../modules/leaderboards/leaderboard-snapshot.entity.js';
import { Inspection, InspectionFinding, InspectionPolicy, RectificationNotice } from '../modules/inspections/inspection.entity.js';
import { ReturnVisit } from '../modules/return-visits/return-visit.entity.js';
import { Target } from '../modules/targets/target.entity.js';
import { Reward, RewardScheme, RewardTier } from '../modules/rewards/reward.entity.js';
import { onQuery } from './statement-counter.js';
import { Migration20261125000000_init } from './migrations/Migration20261125000000_init.js';
import { Migration20261126000244_auth } from './migrations/Migration20261126000244_auth.js';
import { Migration20261126010000_rate_limit } from './migrations/Migration20261126010000_rate_limit.js';
import { Migration20261126020000_crm } from './migrations/Migration20261126020000_crm.js';
import { Migration20261126030500_service_accounts } from './migrations/Migration20261126030500_service_accounts.js';
import { Migration20261126031000_customers } from './migrations/Migration20261126031000_customers.js';
import { Migration20261126040000_receivables } from './migrations/Migration20261126040000_receivables.js';
import { Migration20261126041000_alerts } from './migrations/Migration20261126041000_alerts.js';
import { Migration20261126050000_installments } from './migrations/Migration20261126050000_installments.js';
import { Migration20261126051000_daily_scan } from './migrations/Migration20261126051000_daily_scan.js';
import { Migration20261126055000_collector } from './migrations/Migration20261126055000_collector.js';
import { Migration20261126060000_collection_policies } from './migrations/Migration20261126060000_collection_policies.js';
import { Migration20261126062000_leaderboards } from './migrations/Migration20261126062000_leaderboards.js';
import { Migration20261126063000_targets_rewards } from './migrations/Migration20261126063000_targets_rewards.js';
import { Migration20261126064000_meters } from './migrations/Migration20261126064000_meters.js';
import { Migration20261126065000_inspections } from './migrations/Migration20261126065000_inspections.js';
import { Migration20261126066000_rotation } from './migrations/Migration20261126066000_rotation.js';
import { Migration20261126061000_campaigns } from './migrations/Migration20261126061000_campaigns.js';
import { Migration20261126067000_ledger_timeline } from './migrations/Migration20261126067000_ledger_timeline.js';
import { Migration20261126070000_one_notify } from './migrations/Migration20261126070000_one_notify.js';
import { Migration20261126080000_saved_views } from './migrations/Migration20261126080000_saved_views.js';
import { Migration20261126090000_bill_open_amount } from './migrations/Migration20261126090000_bill_open_amount.js';
import { Migration20261126091000_visit_promise_index } from './migrations/Migration20261126091000_visit_promise_index.js';
// new migrations: import here
import { SavedView } from '../modules/saved-views/saved-view.entity.js';
import { Campaign, CampaignAccount, CampaignBill } from '../modules/campaigns/campaign.entity.js';
import { DailyArrearsSnapshot, DailyReportRow, DailyScanRun } from '../jobs/daily-scan.entity.js';
import { CollectionPolicy } from '../modules/collection-policies/collection-policy.entity.js';
import { WorklistItem } from '../modules/worklists/worklist-item.entity.js';

export const ENTITIES = [
  OrgUnit,
  User,
  Customer,
  CustomerStatusChange,
  ServiceAccount,
  Contact,
  ContactRevision,
  Visit,
  Contract,
  ContractAttachment,
  ContractEvent,
  RiskEntry,
  Alert,
  DomainEventRow,
  ApiKey,
  RefreshToken,
  ServerSetting,
  AuditEntry,
  Bill,
  Payment,
  Allocation,
  Adjustment,
  Refund,
  IdempotencyRecord,
  InstallmentPlan,
  Instalment,
  Meter,
  MeterCalibration,
  MeterReading,
  ConsumptionMonth,
  ConsumptionSwingThreshold,
  ResponsibilityPeriod,
  DailyScanRun,
  DailyArrearsSnapshot,
  DailyReportRow,
  Campaign,
  CampaignAccount,
  CampaignBill,
  CollectionPolicy,
  WorklistItem,
  InspectionPolicy,
  Inspection,
  InspectionFinding,
  RectificationNotice,
  ReturnVisit,
  MetricDaily,
  MetricKeyVisit,
  LeaderboardSnapshotRow,
  Target,
  RewardScheme,
  RewardTier,
  Reward,
  SavedView,
];

/** Every migration, in order. A new one is appended here by `pnpm migration:create`. */
export const MIGRATIONS = [
  { name: 'Migration20261125000000_init', class: Migration20261125000000_init },
  { name: 'Migration20261126000244_auth', class: Migration20261126000244_auth },
  { name: 'Migration20261126010000_rate_limit', class: Migration20261126010000_rate_limit },
  { name: 'Migration20261126020000_crm', class: Migration20261126020000_crm },
  { name: 'Migration20261126030500_service_accounts', class: Migration20261126030500_service_accounts },
  { name: 'Migration20261126031000_customers', class: Migration20261126031000_customers },
  { name: 'Migration20261126040000_receivables', class: Migration20261126040000_receivables },
  { name: 'Migration20261126041000_alerts', class: Migration20261126041000_alerts },
  { name: 'Migration20261126050000_installments', class: Migration20261126050000_installments },
  { name: 'Migration20261126051000_daily_scan', class: Migration20261126051000_daily_scan },
  { name: 'Migration20261126055000_collector', class: Migration20261126055000_collector },
  { name: 'Migration20261126060000_collection_policies', class: Migration20261126060000_collection_policies },
  { name: 'Migration20261126061000_campaigns', class: Migration20261126061000_campaigns },
  { name: 'Migration20261126062000_leaderboards', class: Migration20261126062000_leaderboards },
  { name: 'Migration20261126063000_targets_rewards', class: Migration20261126063000_targets_rewards },
  { name: 'Migration20261126064000_meters', class: Migration20261126064000_meters },
  { name: 'Migration20261126065000_inspections', class: Migration20261126065000_inspections },
  { name: 'Migration20261126066000_rotation', class: Migration20261126066000_rotation },
  { name: 'Migration20261126067000_ledger_timeline', class: Migration20261126067000_ledger_timeline },
  { name: 'Migration20261126070000_one_notify', class: Migration20261126070000_one_notify },
  { name: 'Migration20261126080000_saved_views', class: Migration20261126080000_saved_views },
  { name: 'Migration20261126090000_bill_open_amount', class: Migration20261126090000_bill_open_amount },
  { name: 'Migration20261126091000_visit_promise_index', class: Migration20261126091000_visit_promise_index },
  // new migrations: list here, in timestamp order
];

export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
      // Diffs compare the entities with the live database, not a snapshot file.
      snapshot: false,
    },
    // Tables no entity maps (rate-limiter-flexible's counts): `migration:create` must not drop them.
    schemaGenerator: { skipTables: ['rate_limit'] },
    pool: { min: 0, max: 20 },
    forceUtcTimezone: true,
    debug: false,
    onQuery,
    allowGlobalContext: false,
    ...extra,
  };
}

export function initOrm(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, extra));
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
