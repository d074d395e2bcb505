/**
 * Collection policies 催收策略 (issue 6 item 3; DOMAIN.md "Receivables and
 * collection"; seed 002): per company (root org unit), configurable by an
 * admin, audited. Rules and their defaults:
 * - monitoring threshold 日监测阈值: accounts whose arrears EXCEED it (500.01
 *   does, 500.00 does not) are warned (alerts/arrears-alerts.ts, the daily
 *   scan) and get a follow-up item due that day (worklists). Default:
 *   GRIDLINE_ARREARS_THRESHOLD, else 500.00 — the env var is only the initial
 *   default; once a company saved its policy, the row wins.
 * - big users 大客户: a customer whose estimatedMonthlyConsumption exceeds its
 *   utility's threshold (POWER 100,000 kWh as in the article). The estimate is
 *   what the customer record holds today; measured consumption from meters
 *   can replace it here later without changing the rule's callers.
 *   They are collected at least bigUserCollectionsPerMonth times a month (3).
 * - risk-ledger customers (an open RiskEntry) are checked every
 *   riskCheckIntervalDays days (5) since their last collection visit.
 *
 * Reads are cheap: the ledger hook reads the threshold once per transaction
 * and customer (`monitoringThresholdFor`, cached on the transaction's
 * EntityManager); the daily scan joins the policy table in SQL. Nothing is
 * cached across transactions, so a change is seen by every instance at once.
 */
import { Decimal } from 'decimal.js';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldError } from '../../graphql/errors.js';
import { normaliseDecimal } from '../../graphql/scalars.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Utility } from '../customers/customer.enums.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { CollectionPolicy } from './collection-policy.entity.js';
import { CollectionPolicyErrors as E } from './collection-policy.errors.js';

/** Units of each utility's consumption (and so of its big-user threshold). */
export const UTILITY_UNITS: Record<Utility, string> = {
  [Utility.POWER]: 'kWh',
  [Utility.GAS]: 'm³',
  [Utility.HEAT]: 'GJ',
  [Utility.FUEL]: 't',
  [Utility.ENERGY_SERVICES]: 'kWh',
};

/**
 * The defaults. POWER is the article's 100,000 kWh a month; the others are
 * comparable key-account sizes: ~1,000 m³ of gas a day, 3,000 GJ of heat,
 * 100 t of oil products, and energy services counted in kWh like power.
 */
export const DEFAULT_POLICY = {
  monitoringThreshold: normaliseDecimal(process.env.GRIDLINE_ARREARS_THRESHOLD ?? '500.00'),
  bigUserThresholds: {
    [Utility.POWER]: '100000.00',
    [Utility.GAS]: '30000.00',
    [Utility.HEAT]: '3000.00',
    [Utility.FUEL]: '100.00',
    [Utility.ENERGY_SERVICES]: '100000.00',
  } as Record<Utility, string>,
  bigUserCollectionsPerMonth: 3,
  riskCheckIntervalDays: 5,
};

/** Sane ranges of the settings (also checked by the table). */
export const POLICY_LIMITS = {
  maxMonitoringThreshold: new Decimal('10000000.00'),
  collectionsPerMonth: [1, 10] as const,
  riskCheckIntervalDays: [1, 30] as const,
};

/** The company (root org unit) id of an org path '/1/4/9/'; null for '/'. */
export function companyIdOf(path: string): number | null {
  const first = path.split('/')[1];
  return first ? Number(first) : null;
}

/** SQL: the company id of org unit alias `o`. */
export const COMPANY_OF = (o: string) => `split_part(${o}.path, '/', 2)::int`;

export interface PolicyChange {
  monitoringThreshold?: string | null;
  bigUserThresholds?: Array<{ utility: Utility; threshold: string }> | null;
  bigUserCollectionsPerMonth?: number | null;
  riskCheckIntervalDays?: number | null;
}

/** A policy row, or an unsaved one holding the defaults when the company has none. */
export async function policyOf(em: EntityManager, companyId: number): Promise<CollectionPolicy> {
  const row = await em.findOne(CollectionPolicy, { company: companyId });
  if (row) return row;
  const policy = new CollectionPolicy();
  policy.company = em.getReference(OrgUnit, companyId);
  policy.monitoringThreshold = DEFAULT_POLICY.monitoringThreshold;
  policy.bigUserThresholds = { ...DEFAULT_POLICY.bigUserThresholds };
  policy.bigUserCollectionsPerMonth = DEFAULT_POLICY.bigUserCollectionsPerMonth;
  policy.riskCheckIntervalDays = DEFAULT_POLICY.riskCheckIntervalDays;
  policy.updatedAt = null;
  policy.updatedBy = null;
  return policy;
}

/** A policy's big-user thresholds for every utility, defaults filled in. */
export function bigUserThresholdsOf(policy: CollectionPolicy): Record<Utility, string> {
  return { ...DEFAULT_POLICY.bigUserThresholds, ...(policy.bigUserThresholds as Partial<Record<Utility, string>>) };
}

const thresholdCache = new WeakMap<EntityManager, Map<number, Decimal>>();

/**
 * The monitoring threshold that applies to a customer (its company's policy,
 * else the default), read once per transaction: the cache lives on the
 * transaction's EntityManager and dies with it.
 */
export async function monitoringThresholdFor(em: EntityManager, customerId: number): Promise<Decimal> {
  let cache = thresholdCache.get(em);
  if (!cache) thresholdCache.set(em, (cache = new Map()));
  const cached = cache.get(customerId);
  if (cached) return cached;
  const [row] = await em.execute<Array<{ threshold: string | null }>>(
    `select cp.monitoring_threshold::text as threshold
     from customer c join org_unit o on o.id = c.org_unit_id
     left join collection_policy cp on cp.company_id = ${COMPANY_OF('o')}
     where c.id = ?`,
    [customerId],
  );
  const threshold = new Decimal(row?.threshold ?? DEFAULT_POLICY.monitoringThreshold);
  cache.set(customerId, threshold);
  return threshold;
}

/** Monitoring thresholds of every company that saved a policy; others use DEFAULT_POLICY. */
export async function loadMonitoringThresholds(em: EntityManager): Promise<(companyId: number) => Decimal> {
  const rows = await em.execute<Array<{ companyId: number; threshold: string }>>(
    `select company_id as "companyId", monitoring_threshold::text as threshold from collection_policy`,
  );
  const byCompany = new Map(rows.map((r) => [r.companyId, new Decimal(r.threshold)]));
  const fallback = new Decimal(DEFAULT_POLICY.monitoringThreshold);
  return (companyId) => byCompany.get(companyId) ?? fallback;
}

function snapshot(policy: CollectionPolicy): Record<string, unknown> {
  return {
    monitoringThreshold: normaliseDecimal(policy.monitoringThreshold),
    bigUserThresholds: bigUserThresholdsOf(policy),
    bigUserCollectionsPerMonth: policy.bigUserCollectionsPerMonth,
    riskCheckIntervalDays: policy.riskCheckIntervalDays,
  };
}

/** Everything wrong with a change, by input field. */
export function policyProblems(change: PolicyChange): FieldError[] {
  const problems: FieldError[] = [];
  if (change.monitoringThreshold != null) {
    const value = new Decimal(change.monitoringThreshold);
    if (value.lte(0)) problems.push({ field: 'monitoringThreshold', message: 'must be more than 0' });
    else if (value.gt(POLICY_LIMITS.maxMonitoringThreshold)) problems.push({ field: 'monitoringThreshold', message: `must be at most ${POLICY_LIMITS.maxMonitoringThreshold.toFixed(2)}` });
  }
  const seen = new Set<Utility>();
  for (const [i, item] of (change.bigUserThresholds ?? []).entries()) {
    if (seen.has(item.utility)) problems.push({ field: `bigUserThresholds.${i}.utility`, message: 'is listed twice' });
    seen.add(item.utility);
    if (new Decimal(item.threshold).lte(0)) problems.push({ field: `bigUserThresholds.${i}.threshold`, message: 'must be more than 0' });
  }
  const [minN, maxN] = POLICY_LIMITS.collectionsPerMonth;
  const n = change.bigUserCollectionsPerMonth;
  if (n != null && (!Number.isInteger(n) || n < minN || n > maxN)) problems.push({ field: 'bigUserCollectionsPerMonth', message: `must be ${minN} to ${maxN}` });
  const [minD, maxD] = POLICY_LIMITS.riskCheckIntervalDays;
  const d = change.riskCheckIntervalDays;
  if (d != null && (!Number.isInteger(d) || d < minD || d > maxD)) problems.push({ field: 'riskCheckIntervalDays', message: `must be ${minD} to ${maxD} days` });
  return problems;
}

export class CollectionPolicyService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  private companyId(): number {
    const id = companyIdOf(this.scope.orgPath);
    if (id === null) throw E.noCompany();
    return id;
  }

  /** The policy of the viewer's company (the defaults while none was saved). */
  get(): Promise<CollectionPolicy> {
    return policyOf(this.em, this.companyId());
  }

  /** Changes the given settings of the viewer's company's policy; audited; invalid input writes nothing. */
  async update(change: PolicyChange): Promise<CollectionPolicy> {
    const problems = policyProblems(change);
    if (problems.length) throw E.badInput(problems);
    const companyId = this.companyId();
    return this.em.transactional(async (em) => {
      await em.execute(
        `insert into collection_policy (company_id, monitoring_threshold, big_user_thresholds, big_user_collections_per_month, risk_check_interval_days)
         values (?, ?, ?::jsonb, ?, ?) on conflict (company_id) do nothing`,
        [companyId, DEFAULT_POLICY.monitoringThreshold, JSON.stringify(DEFAULT_POLICY.bigUserThresholds), DEFAULT_POLICY.bigUserCollectionsPerMonth, DEFAULT_POLICY.riskCheckIntervalDays],
      );
      const policy = await em.findOneOrFail(CollectionPolicy, { company: companyId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const before = snapshot(policy);
      if (change.monitoringThreshold != null) policy.monitoringThreshold = new Decimal(change.monitoringThreshold).toFixed(2);
      if (change.bigUserThresholds?.length) {
        const next = bigUserThresholdsOf(policy);
        for (const item of change.bigUserThresholds) next[item.utility] = new Decimal(item.threshold).toFixed(2);
        policy.bigUserThresholds = next;
      }
      if (change.bigUserCollectionsPerMonth != null) policy.bigUserCollectionsPerMonth = change.bigUserCollectionsPerMonth;
      if (change.riskCheckIntervalDays != null) policy.riskCheckIntervalDays = change.riskCheckIntervalDays;
      policy.updatedAt = new Date();
      policy.updatedBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      await em.flush();
      await recordAudit(em, this.actor, { action: 'collection_policy.update', entityType: 'CollectionPolicy', entityId: policy.id, before, after: snapshot(policy) });
      return policy;
    });
  }
}
