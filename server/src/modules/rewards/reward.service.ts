/**
 * Development rewards 开发专项奖励 (DOMAIN.md "Targets, leaderboards and
 * rewards": "A rep's reward for a newly opened account, by its average
 * monthly spend over its first 3 (or 6) months … Configurable per company";
 * issue 7 item 5; seed 001's 阶梯式的激励体系).
 *
 * Rules:
 * - Scheme: per company (the root org unit), a window of 3 or 6 months and
 *   tiers [lowerBound, upperBound) → amount: the first starts at 0.00, each
 *   starts where the previous ends (contiguous, ascending, no overlap), the
 *   top one has no upper bound. A company without its own scheme uses the
 *   default the migration seeds from seed 001 (3 months; <5,000 → 50;
 *   5,000–10,000 → 100; 10,000–100,000 → 150; 100,000–500,000 → 300;
 *   ≥500,000 → 500). Boundaries are half-open like every other tier: the
 *   article's "5千到1万" puts 5,000.00 in the 100 tier, so 500,000.00 exactly
 *   earns 500 (the 300 tier ends below it), 499,999.99 earns 300.
 * - Window: from the day the customer was developed (`developedAt`, the
 *   first time it became ACTIVE, company time zone) for `windowMonths`
 *   calendar months (Jan 31 + 1 month = Feb 28). It closes on its end day +
 *   1; only then is the reward computed.
 * - Spend: every bill of the customer whose billing period ENDS within the
 *   window (so a monthly customer developed on the 15th counts its first 3
 *   monthly bills, not a stub and not a 4th). Average monthly spend = total
 *   ÷ windowMonths, rounded half up to the fen; it picks the tier.
 * - Developer: the REP who first moved the customer to ACTIVE
 *   (customer_status_change.changed_by); when a lead, an admin, an import
 *   or a partner tool did that, the customer's responsible rep (developing
 *   is the rep's job; leads converting on a rep's behalf credit the rep).
 *   Without either, no reward is proposed (counted as skipped).
 * - One reward per customer, ever: computing again (daily scan, or
 *   computeRewards by hand) proposes nothing twice, under an advisory lock.
 *   A window that closed more than GRIDLINE_REWARD_LOOKBACK_DAYS (default
 *   92) before the date computed is left alone, so installing Gridline over
 *   years of history does not propose rewards for long-past accounts; run
 *   computeRewards with an earlier asOf to catch up on purpose.
 * - A reward is PROPOSED with its explanation (the bills and amounts, the
 *   total, the average, the tier and the whole scheme), then APPROVED or
 *   REJECTED (with a note) by a lead of its subtree (rewards:approve) —
 *   never by the person it rewards. Each step is a customer change: audit
 *   entry and domain event in the same transaction.
 */
import { Decimal } from 'decimal.js';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE, addDays, todayIn } from '../../calendar.js';
import { recordCustomerChange } from '../../events/customer-change.js';
import { normaliseDecimal } from '../../graphql/scalars.js';
import { SYSTEM_ACTOR, recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import type { Counts, ScanStep } from '../../jobs/daily-scan.js';
import { Reward, RewardScheme, RewardStatus, RewardTier, type RewardExplanationData } from './reward.entity.js';
import { RewardErrors as E } from './reward.errors.js';
import { intFromEnv } from '../../config.js';

export const REWARD_WINDOW_MONTHS = [3, 6] as const;
export const MAX_REWARD_TIERS = 20;
/** Windows that closed longer ago than this are not computed (see the module comment). */
export const REWARD_LOOKBACK_DAYS = intFromEnv('GRIDLINE_REWARD_LOOKBACK_DAYS', 92);
/** Advisory lock key of the computation: one at a time, so a customer is never rewarded twice. */
export const REWARD_COMPUTE_LOCK = 7_241_700_100_001;

export interface TierData {
  lowerBound: string;
  upperBound: string | null;
  amount: string;
}

export interface SchemeView {
  /** The company whose scheme it is; null when the company uses the default. */
  companyId: number | null;
  windowMonths: number;
  tiers: RewardTier[];
}

export interface RewardQuery {
  first: number;
  after?: unknown[] | null;
  statuses?: RewardStatus[] | null;
  userId?: number | null;
  orgUnitId?: number | null;
}

export interface ComputeReport {
  proposed: Reward[];
  /** Customers whose window closed but who have no developer to reward. */
  skipped: number;
}

/** The company (root unit) id of a path '/1/4/9/'. */
export function companyOf(path: string): number {
  return Number(path.split('/')[1]);
}

/** The tier containing `average`: lowerBound ≤ average < upperBound. */
export function tierFor<T extends TierData>(tiers: readonly T[], average: string): T {
  const value = new Decimal(average);
  const tier = tiers.find((t) => value.greaterThanOrEqualTo(t.lowerBound) && (t.upperBound === null || t.upperBound === undefined || value.lessThan(t.upperBound)));
  if (!tier) throw new Error(`no reward tier contains ${average}`);
  return tier;
}

/** The rewards a scope may see: of customers in its subtree; a rep only its own rewards. */
export function rewardScopeFilter(scope: DataScope): FilterQuery<Reward> {
  const inSubtree = { orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } } as FilterQuery<Reward>;
  return scope.repId ? { $and: [inSubtree, { developer: scope.repId }] } : inSubtree;
}

function tierJson(t: { lowerBound: string; upperBound?: string | null; amount: string }): TierData {
  return { lowerBound: normaliseDecimal(t.lowerBound), upperBound: t.upperBound === null || t.upperBound === undefined ? null : normaliseDecimal(t.upperBound), amount: normaliseDecimal(t.amount) };
}

/** The scheme in force for a company: its own, else the default. */
export async function schemeFor(em: EntityManager, companyId: number): Promise<{ scheme: RewardScheme; tiers: RewardTier[] }> {
  const schemes = await em.find(RewardScheme, { $or: [{ companyId }, { companyId: null }] });
  const scheme = schemes.find((s) => s.companyId === companyId) ?? schemes.find((s) => s.companyId === null || s.companyId === undefined);
  if (!scheme) throw new Error('no default reward scheme: the migration seeds one');
  const tiers = await em.find(RewardTier, { scheme: scheme.id }, { orderBy: { lowerBound: 'asc' } });
  return { scheme, tiers };
}

function checkTiers(windowMonths: number, tiers: TierData[]): void {
  if (!(REWARD_WINDOW_MONTHS as readonly number[]).includes(windowMonths)) throw E.bad('windowMonths', 'must be 3 or 6');
  if (tiers.length < 1 || tiers.length > MAX_REWARD_TIERS) throw E.bad('tiers', `must list 1 to ${MAX_REWARD_TIERS} tiers`);
  for (const [i, tier] of tiers.entries()) {
    const last = i === tiers.length - 1;
    if (i === 0 && !new Decimal(tier.lowerBound).isZero()) throw E.bad('tiers.0.lowerBound', 'must be 0.00, so every spend falls in a tier');
    if (i > 0) {
      const previous = tiers[i - 1]!;
      if (previous.upperBound !== null && !new Decimal(tier.lowerBound).equals(previous.upperBound)) {
        throw E.bad(`tiers.${i}.lowerBound`, `must equal the previous tier's upperBound ${normaliseDecimal(previous.upperBound)} (tiers are contiguous, in ascending order)`);
      }
    }
    if (last && tier.upperBound !== null) throw E.bad(`tiers.${i}.upperBound`, 'must be empty on the top tier (it has no upper limit)');
    if (!last && tier.upperBound === null) throw E.bad(`tiers.${i}.upperBound`, 'must be given on every tier but the top one');
    if (tier.upperBound !== null && !new Decimal(tier.upperBound).greaterThan(tier.lowerBound)) {
      throw E.bad(`tiers.${i}.upperBound`, 'must be more than lowerBound');
    }
    if (new Decimal(tier.lowerBound).isNegative()) throw E.bad(`tiers.${i}.lowerBound`, 'must not be negative');
    if (new Decimal(tier.amount).isNegative()) throw E.bad(`tiers.${i}.amount`, 'must not be negative');
  }
}

interface Candidate {
  customerId: number;
  orgUnitId: number;
  schemeId: number;
  months: number;
  windowStart: string;
  windowEnd: string;
  developerId: number | null;
  activatedBy: number | null;
  bills: Array<{ billId: number; periodStart: string; periodEnd: string; amount: string }>;
}

/**
 * Proposes the reward of every developed customer whose window closed on or
 * before `asOf` (and not more than the lookback before it) and who has none
 * yet. Runs in the caller's transaction when there is one (the daily scan).
 */
export async function computeRewards(em: EntityManager, asOf: string, actor: Actor = SYSTEM_ACTOR): Promise<ComputeReport> {
  return em.transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(?::bigint)`, [REWARD_COMPUTE_LOCK]);
    const rows = await tx.execute<Candidate[]>(
      `with company_scheme as (
         select o.id as company_id, coalesce(s.id, d.id) as scheme_id, coalesce(s.window_months, d.window_months) as months
         from org_unit o
         left join reward_scheme s on s.company_id = o.id
         cross join (select id, window_months from reward_scheme where company_id is null) d
         where o.parent_id is null),
       developed as (
         select c.id, c.org_unit_id, c.responsible_rep_id, cs.scheme_id, cs.months,
                (c.developed_at at time zone ?)::date as window_start,
                ((c.developed_at at time zone ?)::date + make_interval(months => cs.months))::date as closes_on
         from customer c
         join org_unit o on o.id = c.org_unit_id
         join company_scheme cs on cs.company_id = split_part(o.path, '/', 2)::int
         where c.developed_at is not null
           and not exists (select 1 from reward r where r.customer_id = c.id))
       select k.id as "customerId", k.org_unit_id as "orgUnitId", k.scheme_id as "schemeId", k.months,
              to_char(k.window_start, 'YYYY-MM-DD') as "windowStart", to_char(k.closes_on - 1, 'YYYY-MM-DD') as "windowEnd",
              coalesce(a.rep_id, k.responsible_rep_id) as "developerId", a.rep_id as "activatedBy",
              coalesce((select json_agg(json_build_object('billId', b.id, 'periodStart', to_char(b.period_start, 'YYYY-MM-DD'),
                                                          'periodEnd', to_char(b.period_end, 'YYYY-MM-DD'), 'amount', b.amount::text)
                                        order by b.period_start, b.id)
                        from bill b
                        where b.customer_id = k.id and b.period_end >= k.window_start and b.period_end < k.closes_on), '[]'::json) as bills
       from developed k
       left join lateral (
         select case when u.role = 'REP' then u.id end as rep_id
         from customer_status_change sc left join app_user u on u.id = sc.changed_by_id
         where sc.customer_id = k.id and sc.to_status = 'ACTIVE'
         order by sc.changed_at, sc.id limit 1) a on true
       where k.closes_on <= ?::date and k.closes_on > ?::date
       order by k.id`,
      [COMPANY_TIME_ZONE, COMPANY_TIME_ZONE, asOf, addDays(asOf, -REWARD_LOOKBACK_DAYS)],
    );
    const withDeveloper = rows.filter((row) => row.developerId !== null);
    if (!withDeveloper.length) return { proposed: [], skipped: rows.length };
    const schemeIds = [...new Set(withDeveloper.map((row) => row.schemeId))];
    const tiers = await tx.find(RewardTier, { scheme: { $in: schemeIds } }, { orderBy: { lowerBound: 'asc' } });
    const customers = new Map((await tx.find(Customer, { id: { $in: withDeveloper.map((row) => row.customerId) } })).map((c) => [c.id, c]));
    const proposed: Reward[] = [];
    for (const row of withDeveloper) {
      const scheme = tiers.filter((t) => t.scheme.id === row.schemeId).map(tierJson);
      const total = row.bills.reduce((sum, bill) => sum.plus(bill.amount), new Decimal(0));
      const average = total.dividedBy(row.months).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const tier = tierFor(scheme, average.toFixed(2));
      const explanation: RewardExplanationData = {
        developerSource: row.activatedBy !== null ? 'ACTIVATED_BY' : 'RESPONSIBLE_REP',
        bills: row.bills.map((bill) => ({ ...bill, amount: normaliseDecimal(bill.amount) })),
        total: total.toFixed(2),
        windowMonths: row.months,
        average: average.toFixed(2),
        tier,
        tiers: scheme,
      };
      proposed.push(
        tx.create(Reward, {
          customer: tx.getReference(Customer, row.customerId),
          developer: tx.getReference(User, row.developerId!),
          orgUnit: tx.getReference(OrgUnit, row.orgUnitId),
          windowMonths: row.months,
          windowStart: row.windowStart,
          windowEnd: row.windowEnd,
          totalSpend: total.toFixed(2),
          averageMonthlySpend: average.toFixed(2),
          amount: tier.amount,
          explanation,
        }),
      );
    }
    await tx.flush();
    for (const reward of proposed) {
      await recordRewardChange(tx, actor, customers.get(reward.customer.id)!, reward, 'reward.propose', 'reward.proposed', null, {
        developerId: reward.developer.id,
        windowStart: reward.windowStart,
        windowEnd: reward.windowEnd,
        total: reward.totalSpend,
        average: reward.averageMonthlySpend,
        amount: reward.amount,
        tier: reward.explanation.tier,
        billIds: reward.explanation.bills.map((b) => b.billId),
      });
    }
    return { proposed, skipped: rows.length - withDeveloper.length };
  });
}

/** The daily scan's step: propose the rewards whose window closed by the business date. */
export const scanRewards: ScanStep = async (em: EntityManager, businessDate: string, _counts: Counts) => {
  await computeRewards(em, businessDate, SYSTEM_ACTOR);
};

async function recordRewardChange(
  em: EntityManager,
  actor: Actor,
  customer: Customer,
  reward: Reward,
  action: string,
  kind: 'reward.proposed' | 'reward.approved' | 'reward.rejected',
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Promise<void> {
  await recordCustomerChange(em, actor, customer, {
    action,
    entityType: 'Reward',
    entityId: reward.id,
    before,
    after: { status: reward.status, ...after },
    kind,
    changedFields: ['rewards'],
    payload: { rewardId: reward.id, developerId: reward.developer.id, amount: normaliseDecimal(reward.amount), rewardStatus: reward.status },
  });
}

export class RewardService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** The scheme in force for the viewer's company. */
  async scheme(): Promise<SchemeView> {
    const { scheme, tiers } = await schemeFor(this.em, companyOf(this.scope.orgPath));
    return { companyId: scheme.companyId ?? null, windowMonths: scheme.windowMonths, tiers };
  }

  /** Replaces the viewer's company scheme (its own row, created on first change). */
  async updateScheme(windowMonths: number, tiers: TierData[]): Promise<SchemeView> {
    checkTiers(windowMonths, tiers);
    const companyId = companyOf(this.scope.orgPath);
    return this.em.transactional(async (em) => {
      const company = await em.findOne(OrgUnit, { id: companyId, parent: null });
      if (!company || company.path !== this.scope.orgPath) throw E.notCompanyWide();
      const before = await schemeFor(em, companyId);
      let scheme = await em.findOne(RewardScheme, { companyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!scheme) scheme = em.create(RewardScheme, { companyId: company.id, windowMonths });
      scheme.windowMonths = windowMonths;
      scheme.updatedById = this.actor.userId;
      scheme.updatedAt = new Date();
      await em.flush();
      await em.nativeDelete(RewardTier, { scheme: scheme.id });
      const created = tiers.map((t) =>
        em.create(RewardTier, {
          scheme,
          lowerBound: new Decimal(t.lowerBound).toFixed(2),
          upperBound: t.upperBound === null ? null : new Decimal(t.upperBound).toFixed(2),
          amount: new Decimal(t.amount).toFixed(2),
        }),
      );
      await em.flush();
      await recordAudit(em, this.actor, {
        action: 'reward_scheme.update',
        entityType: 'RewardScheme',
        entityId: scheme.id,
        before: { windowMonths: before.scheme.windowMonths, tiers: before.tiers.map(tierJson), default: before.scheme.companyId === null || before.scheme.companyId === undefined },
        after: { windowMonths, tiers: created.map(tierJson) },
      });
      return { companyId, windowMonths, tiers: created };
    });
  }

  get(id: number): Promise<Reward | null> {
    return this.em.findOne(Reward, { $and: [{ id }, rewardScopeFilter(this.scope)] });
  }

  /** Rewards the viewer may see, newest first; `first + 1` rows and the total. */
  async list(query: RewardQuery): Promise<{ rows: Reward[]; totalCount: number }> {
    const conditions: FilterQuery<Reward>[] = [rewardScopeFilter(this.scope)];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw E.bad('filter.orgUnitId', 'is not an org unit you may see');
      conditions.push({ orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } as FilterQuery<Reward>);
    }
    if (query.userId) conditions.push({ developer: query.userId });
    if (query.statuses?.length) conditions.push({ status: { $in: query.statuses } });
    const where: FilterQuery<Reward> = { $and: conditions };
    const page: FilterQuery<Reward> = query.after ? { $and: [...conditions, { id: { $lt: query.after[0] as number } }] } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Reward, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(Reward, where),
    ]);
    return { rows, totalCount };
  }

  /** Proposes what is due as of `asOf` (not in the future). */
  compute(asOf: string): Promise<ComputeReport> {
    if (asOf > todayIn()) throw E.bad('asOf', `must not be after today (${todayIn()}): a window is computed once it has closed`);
    return computeRewards(this.em, asOf, this.actor);
  }

  /** A lead's decision on a PROPOSED reward. */
  decide(id: number, approve: boolean, note: string | null): Promise<Reward> {
    const why = note?.trim() || null;
    if (!approve && !why) throw E.bad('note', 'must say why the reward is rejected');
    return this.em.transactional(async (em) => {
      const reward = await em.findOne(Reward, { $and: [{ id }, rewardScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!reward) throw E.notFound();
      if (reward.status !== RewardStatus.PROPOSED) throw E.notProposed(reward.status);
      if (this.actor.userId !== null && reward.developer.id === this.actor.userId) throw E.ownReward();
      reward.status = approve ? RewardStatus.APPROVED : RewardStatus.REJECTED;
      reward.decidedBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      reward.decidedAt = new Date();
      reward.decisionNote = why;
      await em.flush();
      const customer = await em.findOneOrFail(Customer, { id: reward.customer.id });
      await recordRewardChange(
        em,
        this.actor,
        customer,
        reward,
        approve ? 'reward.approve' : 'reward.reject',
        approve ? 'reward.approved' : 'reward.rejected',
        { status: RewardStatus.PROPOSED },
        { note: why, amount: normaliseDecimal(reward.amount) },
      );
      return reward;
    });
  }
}
