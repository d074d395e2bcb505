/**
 * Collection campaigns 清欠专项行动 (DOMAIN.md "Receivables and collection":
 * clean-up campaigns 清收 — a target, progress in percent "74.52% of the annual
 * task, 223% of plan", a leader per hard account, weekly notice 周通报; seed
 * 002: 目标到人、责任到人、奖惩到人).
 *
 * Rules:
 * - A campaign covers an org unit's subtree from `startsOn` to `endsOn`
 *   (company time zone, both days included). Its status is derived: PLANNED
 *   before the first day, ACTIVE until the last, CLOSED after it or once
 *   closed by hand (closing early also ends the counting window).
 * - Hard accounts 难点户 are service accounts served in the subtree, of
 *   customers the actor may see. When one is added, its bills due before
 *   `startsOn` (so overdue at the start) are snapshotted with what was open on
 *   each at the start: the amount, less allocations of payments paid before
 *   the start, less credit notes / write-offs on the bill. The sum is the
 *   account's base arrears 基数; accounts with none cannot be added. The start
 *   day is fixed once accounts exist, so the snapshot stays true.
 * - Collected 已清收 = money ALLOCATED TO THE SNAPSHOTTED BILLS from payments
 *   PAID WITHIN THE WINDOW [start of startsOn, end of endsOn or the close),
 *   capped per bill at its base open amount. So a payment outside the window,
 *   a payment on an account not in the campaign, or money applied to a newer
 *   bill does not count. Computed live from the ledger, never cached.
 * - Target: AMOUNT → that many CNY; PERCENT_OF_ARREARS → base arrears ×
 *   percent ÷ 100, to the fen (10,000.00 × 74.52 % = 7,452.00). A unit's,
 *   person's or account's share of the target is the target × its base ÷ the
 *   campaign's base ("targets to the person").
 * - Plan 计划: linear by default — on day d the plan expects
 *   (d − startsOn + 1) ÷ (endsOn − startsOn + 1) of the target; or a curve of
 *   (day, share %) points, a step function (the share of the last point on or
 *   before d), the last point at 100 %. Percent of plan = collected ÷
 *   plan-to-date ("223% of plan").
 * - Breakdowns: per child unit of the campaign's unit (accounts rolled up by
 *   the subtree of the unit serving them; accounts served by the campaign's
 *   unit itself form their own row), per owner (the account's collector, or
 *   else the customer's responsible rep) and per leader 包保领导.
 * - Scoping: a campaign is visible when its unit lies in the viewer's
 *   subtree; its accounts and every sum over them are limited IN SQL to the
 *   customers the viewer may see (a rep sees its own customers' part, with
 *   that part's share of the target).
 * - One progress read is a bounded number of statements whatever the number
 *   of campaigns or accounts: the tallies of all campaigns asked in a request
 *   come from one statement (plus one for the campaign-wide base).
 */
import { Decimal } from 'decimal.js';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, COMPANY_TIME_ZONE, isCalendarDate, todayIn } from '../../calendar.js';
import { recordCustomerChange } from '../../events/customer-change.js';
import { normaliseDecimal } from '../../graphql/scalars.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { Role, User } from '../org/user.entity.js';
import { pgArray, scopeCondition } from '../receivables/receivables.service.js';
import { Campaign, CampaignAccount, CampaignStatus, CampaignTargetKind, campaignStatus, type CampaignPlanPoint } from './campaign.entity.js';
import { CampaignErrors as E } from './campaign.errors.js';

/** Most accounts one addCampaignAccounts may add (each leaves an audit entry and an event per customer). */
export const MAX_ACCOUNTS_PER_ADD = 1000;
export const MAX_CUSTOMERS_PER_ADD = 100;
export const MAX_PLAN_POINTS = 60;

export interface CampaignTerms {
  name: string;
  startsOn: string;
  endsOn: string;
  targetKind: CampaignTargetKind;
  targetAmount: string | null;
  targetPercent: string | null;
  /** null: linear. */
  planCurve: CampaignPlanPoint[] | null;
}

export interface NewCampaign extends CampaignTerms {
  orgUnitId: number;
}

/** Fields to change; undefined keeps the value (planCurve null switches to linear). */
export type CampaignPatch = Partial<CampaignTerms>;

export interface CampaignQuery {
  first: number;
  after?: unknown[] | null;
  orgUnitId?: number | null;
  statuses?: CampaignStatus[] | null;
}

export interface AccountSelection {
  customerIds: number[] | null;
  /** Every account in the subtree whose base arrears exceed this. */
  minArrears: string | null;
  leaderId: number | null;
}

/** One hard account's numbers at one or two cut-offs. */
export interface AccountTally {
  accountId: number;
  campaignId: number;
  customerId: number;
  orgUnitId: number;
  orgPath: string;
  ownerId: number | null;
  leaderId: number | null;
  baseArrears: string;
  collected: string;
  /** Collected up to the earlier cut-off (the previous week in a report). */
  previous: string;
}

/** The numbers of a group of accounts (a unit, a person, the whole campaign). */
export interface Tally {
  accountCount: number;
  baseArrears: string;
  target: string;
  collected: string;
  remaining: string;
  percentOfTarget: string | null;
}

export interface Standing extends Tally {
  rank: number;
  /** Set in weekly reports only. */
  previousCollected: string | null;
  collectedInWeek: string | null;
  previousRank: number | null;
}

export interface UnitStanding extends Standing {
  orgUnitId: number;
  /** False for the row of accounts served by the campaign's own unit (not a child's subtree). */
  subtree: boolean;
}

export interface PersonStanding extends Standing {
  /** null: accounts nobody owns / leads yet. */
  userId: number | null;
}

export interface Progress extends Tally {
  asOf: Date;
  /** Day the plan is read on (YYYY-MM-DD). */
  onDay: string;
  campaignBaseArrears: string;
  campaignTarget: string;
  planShare: string;
  planToDate: string;
  percentOfPlan: string | null;
  units: UnitStanding[];
  owners: PersonStanding[];
  leaders: PersonStanding[];
}

export interface WeeklyReport {
  campaignId: number;
  weekStart: string;
  weekEnd: string;
  progress: Progress;
  previousCollected: string;
  previousPercentOfTarget: string | null;
  previousPercentOfPlan: string | null;
  collectedInWeek: string;
}

const HUNDRED = new Decimal(100);
const pct = (part: Decimal, whole: Decimal): string | null => (whole.greaterThan(0) ? part.div(whole).times(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : null);
const money = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

function decimal(value: string | null | undefined): Decimal | null {
  if (value === null || value === undefined) return null;
  try {
    return new Decimal(value);
  } catch {
    return null;
  }
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Monday of the ISO week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The campaign's target in CNY given its base arrears (PERCENT: base × percent ÷ 100, to the fen). */
export function targetOf(campaign: Pick<Campaign, 'targetKind' | 'targetAmount' | 'targetPercent'>, baseArrears: string): Decimal {
  if (campaign.targetKind === CampaignTargetKind.AMOUNT) return new Decimal(campaign.targetAmount!);
  return new Decimal(baseArrears).times(campaign.targetPercent!).div(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Share of the target the plan expects by the end of `day`, in percent (unrounded). */
export function planShareOn(campaign: Pick<Campaign, 'startsOn' | 'endsOn' | 'planCurve'>, day: string): Decimal {
  if (campaign.planCurve?.length) {
    let share = new Decimal(0);
    for (const point of campaign.planCurve) if (point.on <= day) share = new Decimal(point.share);
    return share;
  }
  if (day < campaign.startsOn) return new Decimal(0);
  if (day >= campaign.endsOn) return HUNDRED;
  return new Decimal(daysBetween(campaign.startsOn, day) + 1).div(daysBetween(campaign.startsOn, campaign.endsOn) + 1).times(HUNDRED);
}

/** Campaigns with status `status` on `today`; the filter twin of campaignStatus(). */
function statusFilter(status: CampaignStatus, today: string): FilterQuery<Campaign> {
  switch (status) {
    case CampaignStatus.CLOSED:
      return { $or: [{ closedAt: { $ne: null } }, { endsOn: { $lt: today } }] };
    case CampaignStatus.PLANNED:
      return { closedAt: null, startsOn: { $gt: today } };
    default:
      return { closedAt: null, startsOn: { $lte: today }, endsOn: { $gte: today } };
  }
}

/**
 * Per-account tallies of many campaigns in ONE statement, limited to the
 * customers `scope` may see: collected up to `cutoff` and up to `previousCutoff`.
 */
export async function loadAccountTallies(em: EntityManager, scope: DataScope, campaignIds: readonly number[], cutoff: Date, previousCutoff: Date = cutoff): Promise<AccountTally[]> {
  const visible = scopeCondition(scope);
  return em.execute<AccountTally[]>(
    `select ca.id as "accountId", ca.campaign_id as "campaignId", ca.customer_id as "customerId", sa.org_unit_id as "orgUnitId", o.path as "orgPath",
            coalesce(sa.collector_id, c.responsible_rep_id) as "ownerId", ca.leader_id as "leaderId", ca.base_arrears::text as "baseArrears",
            coalesce(x.collected, 0)::numeric(14,2)::text as collected, coalesce(x.previous, 0)::numeric(14,2)::text as previous
     from campaign_account ca
     join campaign cm on cm.id = ca.campaign_id
     join service_account sa on sa.id = ca.service_account_id
     join customer c on c.id = ca.customer_id
     join org_unit o on o.id = sa.org_unit_id
     cross join lateral (
       select (cm.starts_on::timestamp at time zone ?) as starts_at,
              least(((cm.ends_on + 1)::timestamp at time zone ?), coalesce(cm.closed_at, 'infinity'::timestamptz)) as ends_at) w
     cross join lateral (
       select sum(least(cb.base_open, coalesce(paid.cur, 0))) as collected, sum(least(cb.base_open, coalesce(paid.prev, 0))) as previous
       from campaign_bill cb
       left join lateral (
         select sum(a.amount) filter (where p.paid_at < least(w.ends_at, ?::timestamptz)) as cur,
                sum(a.amount) filter (where p.paid_at < least(w.ends_at, ?::timestamptz)) as prev
         from allocation a join payment p on p.id = a.payment_id
         where a.bill_id = cb.bill_id and p.paid_at >= w.starts_at) paid on true
       where cb.campaign_account_id = ca.id) x
     where ca.campaign_id = any(?::int[]) and ${visible.sql}
     order by ca.id`,
    [COMPANY_TIME_ZONE, COMPANY_TIME_ZONE, cutoff, previousCutoff, pgArray(campaignIds), ...visible.params],
  );
}

/** Campaign-wide base arrears (all accounts, whoever asks: the target's denominator is part of the campaign's definition). */
export async function loadCampaignBases(em: EntityManager, campaignIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await em.execute<Array<{ id: number; base: string }>>(
    `select campaign_id as id, sum(base_arrears)::numeric(14,2)::text as base from campaign_account where campaign_id = any(?::int[]) group by campaign_id`,
    [pgArray(campaignIds)],
  );
  const bases = new Map<number, string>(campaignIds.map((id) => [id, '0.00']));
  for (const row of rows) bases.set(row.id, row.base);
  return bases;
}

interface Group {
  count: number;
  base: Decimal;
  collected: Decimal;
  previous: Decimal;
}

function addTo(groups: Map<string, Group>, key: string, row: AccountTally): void {
  const group = groups.get(key) ?? { count: 0, base: new Decimal(0), collected: new Decimal(0), previous: new Decimal(0) };
  group.count += 1;
  group.base = group.base.plus(row.baseArrears);
  group.collected = group.collected.plus(row.collected);
  group.previous = group.previous.plus(row.previous);
  groups.set(key, group);
}

/**
 * Ranks groups by percent of their target (then collected, then key): rank 1
 * is the best. With `weekly`, also the previous cut-off's rank.
 */
function rank<T>(entries: Array<[string, Group]>, share: (base: Decimal) => Decimal, weekly: boolean, make: (key: string, standing: Standing) => T): T[] {
  const score = (g: Group, which: 'collected' | 'previous') => {
    const target = share(g.base);
    return target.greaterThan(0) ? g[which].div(target) : new Decimal(-1);
  };
  const order = (which: 'collected' | 'previous') =>
    [...entries].sort(([ka, a], [kb, b]) => score(b, which).comparedTo(score(a, which)) || b[which].comparedTo(a[which]) || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([k]) => k);
  const now = order('collected');
  const before = weekly ? order('previous') : [];
  return entries
    .map(([key, g]) => {
      const target = share(g.base);
      const standing: Standing = {
        rank: now.indexOf(key) + 1,
        accountCount: g.count,
        baseArrears: money(g.base),
        target: money(target),
        collected: money(g.collected),
        remaining: money(Decimal.max(0, target.minus(g.collected))),
        percentOfTarget: pct(g.collected, target),
        previousCollected: weekly ? money(g.previous) : null,
        collectedInWeek: weekly ? money(g.collected.minus(g.previous)) : null,
        previousRank: weekly ? before.indexOf(key) + 1 : null,
      };
      return make(key, standing);
    })
    .sort((a, b) => (a as Standing).rank - (b as Standing).rank);
}

/** Children of the campaign's unit worth a row for this scope: inside its subtree or holding it. */
export function childrenInScope(children: Array<{ id: number; path: string }>, scope: DataScope): Array<{ id: number; path: string }> {
  return children.filter((c) => isInSubtree(c.path, scope.orgPath) || isInSubtree(scope.orgPath, c.path));
}

/**
 * Builds a campaign's progress from its (visible) account tallies: totals,
 * plan, and the per-unit / per-owner / per-leader standings.
 */
export function buildProgress(args: {
  campaign: Campaign;
  children: Array<{ id: number; path: string }>;
  tallies: AccountTally[];
  campaignBase: string;
  asOf: Date;
  onDay: string;
  weekly: boolean;
}): Progress {
  const { campaign, tallies } = args;
  const campaignTarget = targetOf(campaign, args.campaignBase);
  const totalBase = new Decimal(args.campaignBase);
  const share = (base: Decimal) => (totalBase.greaterThan(0) ? campaignTarget.times(base).div(totalBase) : new Decimal(0));

  const units = new Map<string, Group>(args.children.map((c) => [String(c.id), { count: 0, base: new Decimal(0), collected: new Decimal(0), previous: new Decimal(0) }]));
  const owners = new Map<string, Group>();
  const leaders = new Map<string, Group>();
  const all = new Map<string, Group>();
  for (const row of tallies) {
    const child = args.children.find((c) => isInSubtree(row.orgPath, c.path));
    addTo(units, child ? String(child.id) : `own:${campaign.orgUnit.id}`, row);
    addTo(owners, row.ownerId === null ? 'none' : String(row.ownerId), row);
    addTo(leaders, row.leaderId === null ? 'none' : String(row.leaderId), row);
    addTo(all, 'all', row);
  }
  const total = all.get('all') ?? { count: 0, base: new Decimal(0), collected: new Decimal(0), previous: new Decimal(0) };
  const target = share(total.base);
  const planShare = planShareOn(campaign, args.onDay);
  // Rounded to the fen first: percent of plan is read against the amount shown.
  const planToDate = target.times(planShare).div(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const person = (key: string, standing: Standing): PersonStanding => ({ ...standing, userId: key === 'none' ? null : Number(key) });
  return {
    asOf: args.asOf,
    onDay: args.onDay,
    campaignBaseArrears: money(totalBase),
    campaignTarget: money(campaignTarget),
    accountCount: total.count,
    baseArrears: money(total.base),
    target: money(target),
    collected: money(total.collected),
    remaining: money(Decimal.max(0, target.minus(total.collected))),
    percentOfTarget: pct(total.collected, target),
    planShare: planShare.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    planToDate: money(planToDate),
    percentOfPlan: pct(total.collected, planToDate),
    units: rank([...units.entries()], share, args.weekly, (key, standing) => ({
      ...standing,
      orgUnitId: key.startsWith('own:') ? Number(key.slice(4)) : Number(key),
      subtree: !key.startsWith('own:'),
    })),
    owners: rank([...owners.entries()], share, args.weekly, person),
    leaders: rank([...leaders.entries()], share, args.weekly, person),
  };
}

/** Pages of hard accounts of many campaigns (customers in scope), oldest first: `first + 1` rows and the total each; three statements in all. */
export async function loadAccountPages(em: EntityManager, scope: DataScope, campaignIds: readonly number[], first: number, afterId: number | null): Promise<Map<number, { rows: CampaignAccount[]; totalCount: number }>> {
  const visible = scopeCondition(scope);
  const [ids, counts] = await Promise.all([
    em.execute<Array<{ campaign: number; id: number }>>(
      `select k.id as campaign, x.id from unnest(?::int[]) as k(id) cross join lateral (
         select ca.id from campaign_account ca join customer c on c.id = ca.customer_id
         where ca.campaign_id = k.id and ${visible.sql} ${afterId ? 'and ca.id > ?' : ''} order by ca.id limit ?) x
       order by k.id, x.id`,
      [pgArray(campaignIds), ...visible.params, ...(afterId ? [afterId] : []), first + 1],
    ),
    em.execute<Array<{ campaign: number; n: number }>>(
      `select ca.campaign_id as campaign, count(*)::int as n from campaign_account ca join customer c on c.id = ca.customer_id
       where ca.campaign_id = any(?::int[]) and ${visible.sql} group by ca.campaign_id`,
      [pgArray(campaignIds), ...visible.params],
    ),
  ]);
  const entities = ids.length ? await em.find(CampaignAccount, { id: { $in: ids.map((r) => r.id) } }) : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const result = new Map(campaignIds.map((id) => [id, { rows: [] as CampaignAccount[], totalCount: 0 }]));
  for (const row of ids) result.get(row.campaign)!.rows.push(byId.get(row.id)!);
  for (const row of counts) result.get(row.campaign)!.totalCount = row.n;
  return result;
}

/** Ids of the units on a path '/1/4/9/': the scope's root and the units above it. */
export function unitsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/**
 * The campaigns a scope may read: those of units in its subtree, and those
 * covering it (a campaign of the branch is read at its stations, over the
 * station's accounts only — the sums are scoped per account).
 */
export function campaignScopeFilter(scope: DataScope): FilterQuery<Campaign> {
  return { $or: [{ orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } }, { orgUnit: { $in: unitsOnPath(scope.orgPath) } }] } as FilterQuery<Campaign>;
}

/** The campaigns a scope may manage: only those of units in its subtree (leads run campaigns in their subtree). */
export function campaignManageFilter(scope: DataScope): FilterQuery<Campaign> {
  return { orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } } as FilterQuery<Campaign>;
}

function snapshot(campaign: Campaign): Record<string, unknown> {
  return {
    name: campaign.name,
    orgUnitId: campaign.orgUnit.id,
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    targetKind: campaign.targetKind,
    targetAmount: campaign.targetAmount ? normaliseDecimal(campaign.targetAmount) : null,
    targetPercent: campaign.targetPercent ? normaliseDecimal(campaign.targetPercent) : null,
    planCurve: campaign.planCurve ?? null,
    closedAt: campaign.closedAt?.toISOString() ?? null,
  };
}

export class CampaignService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Creates a campaign over an org unit's subtree (the unit must be in the actor's). */
  async create(data: NewCampaign): Promise<Campaign> {
    const terms = this.checkTerms(data);
    return this.em.transactional(async (em) => {
      const unit = await em.findOne(OrgUnit, { id: data.orgUnitId });
      if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw E.bad('orgUnitId', 'is not an org unit you may see');
      const campaign = em.create(Campaign, { ...terms, orgUnit: unit, createdBy: em.getReference(User, this.actorUserId()) });
      await em.flush();
      await recordAudit(em, this.actor, { action: 'campaign.create', entityType: 'Campaign', entityId: campaign.id, after: snapshot(campaign) });
      return campaign;
    });
  }

  /** Changes name, dates, target or plan of a campaign that is not closed. */
  async update(campaignId: number, patch: CampaignPatch): Promise<Campaign> {
    return this.em.transactional(async (em) => {
      const campaign = await this.lockCampaign(em, campaignId);
      const before = snapshot(campaign);
      const merged: CampaignTerms = {
        name: patch.name ?? campaign.name,
        startsOn: patch.startsOn ?? campaign.startsOn,
        endsOn: patch.endsOn ?? campaign.endsOn,
        targetKind: patch.targetKind ?? campaign.targetKind,
        targetAmount: patch.targetKind !== undefined ? (patch.targetAmount ?? null) : (patch.targetAmount ?? campaign.targetAmount ?? null),
        targetPercent: patch.targetKind !== undefined ? (patch.targetPercent ?? null) : (patch.targetPercent ?? campaign.targetPercent ?? null),
        planCurve: patch.planCurve !== undefined ? patch.planCurve : (campaign.planCurve ?? null),
      };
      const terms = this.checkTerms(merged);
      if (terms.startsOn !== campaign.startsOn) {
        const [row] = await em.execute<Array<{ n: number }>>(`select count(*)::int as n from campaign_account where campaign_id = ?`, [campaign.id]);
        if (row!.n > 0) throw E.startLocked();
      }
      em.assign(campaign, terms);
      await em.flush();
      await recordAudit(em, this.actor, { action: 'campaign.update', entityType: 'Campaign', entityId: campaign.id, before, after: snapshot(campaign) });
      return campaign;
    });
  }

  /** Closes a campaign early: counting stops now. */
  async close(campaignId: number): Promise<Campaign> {
    return this.em.transactional(async (em) => {
      const campaign = await this.lockCampaign(em, campaignId);
      campaign.closedAt = new Date();
      campaign.closedBy = em.getReference(User, this.actorUserId());
      await em.flush();
      await recordAudit(em, this.actor, { action: 'campaign.close', entityType: 'Campaign', entityId: campaign.id, before: { closedAt: null }, after: { closedAt: campaign.closedAt.toISOString() } });
      return campaign;
    });
  }

  /**
   * Adds hard accounts 难点户 with their base arrears snapshot: the service
   * accounts of the listed customers, or every account in the subtree whose
   * base arrears exceed `minArrears`. Accounts already in the campaign are
   * skipped; an account with no base arrears cannot be added.
   */
  async addAccounts(campaignId: number, selection: AccountSelection): Promise<{ campaign: Campaign; added: CampaignAccount[] }> {
    const byCustomers = selection.customerIds !== null;
    if (byCustomers === (selection.minArrears !== null)) throw E.bad('customerIds', 'give either customerIds or minArrears, not both or neither');
    if (byCustomers) {
      if (selection.customerIds!.length === 0 || selection.customerIds!.length > MAX_CUSTOMERS_PER_ADD) throw E.bad('customerIds', `must list 1 to ${MAX_CUSTOMERS_PER_ADD} customers`);
      if (new Set(selection.customerIds).size !== selection.customerIds!.length) throw E.bad('customerIds', 'lists a customer twice');
    } else {
      const min = decimal(selection.minArrears);
      if (!min || min.isNegative()) throw E.bad('minArrears', 'must be 0 or more');
    }
    return this.em.transactional(async (em) => {
      const campaign = await this.lockCampaign(em, campaignId);
      if (selection.leaderId !== null) await this.checkLeader(em, selection.leaderId);
      const unit = await em.findOneOrFail(OrgUnit, { id: campaign.orgUnit.id });
      const visible = scopeCondition(this.scope);
      if (byCustomers) {
        const seen = await em.execute<Array<{ id: number }>>(`select c.id from customer c where c.id = any(?::int[]) and ${visible.sql}`, [pgArray(selection.customerIds!), ...visible.params]);
        if (seen.length !== selection.customerIds!.length) throw E.customerNotFound();
      }
      // What was open at the start on each bill due before it: allocations of payments paid before the start, credits on the bill.
      const rows = await em.execute<Array<{ serviceAccountId: number; customerId: number; billId: number; open: string }>>(
        `select sa.id as "serviceAccountId", sa.customer_id as "customerId", b.id as "billId", x.open::text as open
         from service_account sa
         join customer c on c.id = sa.customer_id
         join org_unit so on so.id = sa.org_unit_id
         join bill b on b.service_account_id = sa.id and b.due_on < ?::date
         cross join lateral (
           select greatest(0, b.amount
                  - coalesce((select sum(a.amount) from allocation a join payment p on p.id = a.payment_id
                              where a.bill_id = b.id and p.paid_at < (?::date::timestamp at time zone ?)), 0)
                  + least(0, coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0))) as open) x
         where so.path like ? and ${visible.sql}
           ${byCustomers ? 'and sa.customer_id = any(?::int[])' : ''}
           and not exists (select 1 from campaign_account ca where ca.campaign_id = ? and ca.service_account_id = sa.id)
           and x.open > 0
         order by sa.id, b.id`,
        [campaign.startsOn, campaign.startsOn, COMPANY_TIME_ZONE, `${escapeLike(unit.path)}%`, ...visible.params, ...(byCustomers ? [pgArray(selection.customerIds!)] : []), campaign.id],
      );
      const accounts = new Map<number, { customerId: number; base: Decimal; bills: Array<{ billId: number; open: string }> }>();
      for (const row of rows) {
        const account = accounts.get(row.serviceAccountId) ?? { customerId: row.customerId, base: new Decimal(0), bills: [] };
        account.base = account.base.plus(row.open);
        account.bills.push({ billId: row.billId, open: row.open });
        accounts.set(row.serviceAccountId, account);
      }
      let chosen = [...accounts.entries()];
      if (byCustomers) {
        for (const [index, customerId] of selection.customerIds!.entries()) {
          if (!chosen.some(([, a]) => a.customerId === customerId)) {
            throw E.bad(`customerIds.${index}`, "has no service account served in the campaign's subtree with arrears overdue at its start, or all are in the campaign already");
          }
        }
      } else {
        chosen = chosen.filter(([, a]) => a.base.greaterThan(selection.minArrears!));
      }
      if (chosen.length > MAX_ACCOUNTS_PER_ADD) throw E.bad(byCustomers ? 'customerIds' : 'minArrears', `selects ${chosen.length} accounts; at most ${MAX_ACCOUNTS_PER_ADD} at a time`);
      if (chosen.length === 0) return { campaign, added: [] };

      const inserted = await em.execute<Array<{ id: number; serviceAccountId: number }>>(
        `insert into campaign_account (campaign_id, service_account_id, customer_id, base_arrears, leader_id, added_by_id)
         select ?, s, c, b, ?, ? from unnest(?::int[], ?::int[], ?::numeric[]) as t(s, c, b)
         returning id, service_account_id as "serviceAccountId"`,
        [
          campaign.id,
          selection.leaderId,
          this.actorUserId(),
          pgArray(chosen.map(([id]) => id)),
          pgArray(chosen.map(([, a]) => a.customerId)),
          pgArray(chosen.map(([, a]) => a.base.toFixed(2))),
        ],
      );
      const idOf = new Map(inserted.map((r) => [r.serviceAccountId, r.id]));
      const bills = chosen.flatMap(([accountId, a]) => a.bills.map((b) => ({ campaignAccountId: idOf.get(accountId)!, ...b })));
      await em.execute(`insert into campaign_bill (campaign_account_id, bill_id, base_open) select * from unnest(?::int[], ?::int[], ?::numeric[])`, [
        pgArray(bills.map((b) => b.campaignAccountId)),
        pgArray(bills.map((b) => b.billId)),
        pgArray(bills.map((b) => b.open)),
      ]);

      // One audit entry and event per customer, in the customers' own units.
      const customerIds = [...new Set(chosen.map(([, a]) => a.customerId))];
      const customers = await em.find(Customer, { id: { $in: customerIds } }, { orderBy: { id: 'asc' } });
      await em.find(OrgUnit, { id: { $in: [...new Set(customers.map((c) => c.orgUnit.id))] } });
      for (const customer of customers) {
        const mine = chosen.filter(([, a]) => a.customerId === customer.id);
        await recordCustomerChange(em, this.actor, customer, {
          action: 'campaign.add_accounts',
          entityType: 'Campaign',
          entityId: campaign.id,
          before: null,
          after: { campaignId: campaign.id, accounts: mine.map(([id, a]) => ({ serviceAccountId: id, baseArrears: a.base.toFixed(2) })), leaderId: selection.leaderId },
          kind: 'campaign.accounts_added',
          changedFields: ['campaigns'],
          payload: { campaignId: campaign.id, serviceAccountIds: mine.map(([id]) => id), leaderId: selection.leaderId },
        });
      }
      const added = await em.find(CampaignAccount, { id: { $in: inserted.map((r) => r.id) } }, { orderBy: { id: 'asc' } });
      return { campaign, added };
    });
  }

  /** Makes a LEAD or ADMIN in the actor's subtree the responsible leader 包保领导 of hard accounts (null clears it). */
  async assignLeader(campaignId: number, accountIds: number[], leaderId: number | null): Promise<CampaignAccount[]> {
    if (accountIds.length === 0 || accountIds.length > MAX_CUSTOMERS_PER_ADD) throw E.bad('accountIds', `must list 1 to ${MAX_CUSTOMERS_PER_ADD} campaign accounts`);
    if (new Set(accountIds).size !== accountIds.length) throw E.bad('accountIds', 'lists an account twice');
    return this.em.transactional(async (em) => {
      const campaign = await this.lockCampaign(em, campaignId);
      if (leaderId !== null) await this.checkLeader(em, leaderId);
      const visible = scopeCondition(this.scope);
      const rows = await em.execute<Array<{ id: number; customerId: number; leaderId: number | null }>>(
        `select ca.id, ca.customer_id as "customerId", ca.leader_id as "leaderId" from campaign_account ca join customer c on c.id = ca.customer_id
         where ca.id = any(?::int[]) and ca.campaign_id = ? and ${visible.sql} order by ca.id for update of ca`,
        [pgArray(accountIds), campaign.id, ...visible.params],
      );
      if (rows.length !== accountIds.length) throw E.accountNotFound();
      await em.execute(`update campaign_account set leader_id = ? where id = any(?::int[])`, [leaderId, pgArray(accountIds)]);
      const customers = await em.find(Customer, { id: { $in: [...new Set(rows.map((r) => r.customerId))] } }, { orderBy: { id: 'asc' } });
      await em.find(OrgUnit, { id: { $in: [...new Set(customers.map((c) => c.orgUnit.id))] } });
      for (const customer of customers) {
        const mine = rows.filter((r) => r.customerId === customer.id);
        await recordCustomerChange(em, this.actor, customer, {
          action: 'campaign.assign_leader',
          entityType: 'Campaign',
          entityId: campaign.id,
          before: { accounts: mine.map((r) => ({ campaignAccountId: r.id, leaderId: r.leaderId })) },
          after: { accounts: mine.map((r) => ({ campaignAccountId: r.id, leaderId })) },
          kind: 'campaign.leader_assigned',
          changedFields: ['campaigns'],
          payload: { campaignId: campaign.id, campaignAccountIds: mine.map((r) => r.id), leaderId },
        });
      }
      return em.find(CampaignAccount, { id: { $in: accountIds } }, { orderBy: { id: 'asc' }, refresh: true });
    });
  }

  /** A campaign the viewer may see, or null. */
  findOne(campaignId: number): Promise<Campaign | null> {
    return this.em.findOne(Campaign, { $and: [{ id: campaignId }, campaignScopeFilter(this.scope)] });
  }

  /** Campaigns the viewer may see, newest first; `first + 1` rows and the total. */
  async list(query: CampaignQuery): Promise<{ rows: Campaign[]; totalCount: number }> {
    const conditions: FilterQuery<Campaign>[] = [campaignScopeFilter(this.scope)];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw E.bad('filter.orgUnitId', 'is not an org unit you may see');
      conditions.push({ orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } as FilterQuery<Campaign>);
    }
    if (query.statuses?.length) {
      const today = todayIn();
      conditions.push({ $or: query.statuses.map((status) => statusFilter(status, today)) });
    }
    const where: FilterQuery<Campaign> = { $and: conditions };
    const page: FilterQuery<Campaign> = query.after ? { $and: [...conditions, { id: { $lt: query.after[0] as number } }] } : where;
    const [rows, totalCount] = await Promise.all([this.em.find(Campaign, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }), this.em.count(Campaign, where)]);
    return { rows, totalCount };
  }

  /**
   * The weekly notice 周通报: progress at the end of the week (Monday–Sunday,
   * company time zone) holding `weekOf`, against the end of the week before,
   * with units and people ranked and their rank a week earlier.
   */
  async weeklyReport(campaignId: number, weekOf: string): Promise<WeeklyReport> {
    if (!isCalendarDate(weekOf)) throw E.bad('weekOf', 'must be a calendar date written YYYY-MM-DD');
    const weekStart = mondayOf(weekOf);
    const weekEnd = addDays(weekStart, 6);
    if (weekStart > todayIn()) throw E.bad('weekOf', 'must not be in a week that has not begun');
    const campaign = await this.findOne(campaignId);
    if (!campaign) throw E.campaignNotFound();
    const [cutoff, previousCutoff] = await this.dayStarts([addDays(weekEnd, 1), weekStart]);
    const [tallies, bases, children] = await Promise.all([
      loadAccountTallies(this.em, this.scope, [campaign.id], cutoff!, previousCutoff!),
      loadCampaignBases(this.em, [campaign.id]),
      this.em.find(OrgUnit, { parent: campaign.orgUnit.id }, { orderBy: { code: 'asc' } }),
    ]);
    const progress = buildProgress({
      campaign,
      children: childrenInScope(children, this.scope),
      tallies,
      campaignBase: bases.get(campaign.id)!,
      asOf: cutoff!,
      onDay: weekEnd,
      weekly: true,
    });
    const previous = tallies.reduce((sum, t) => sum.plus(t.previous), new Decimal(0));
    const previousPlan = new Decimal(progress.target).times(planShareOn(campaign, addDays(weekStart, -1))).div(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    return {
      campaignId: campaign.id,
      weekStart,
      weekEnd,
      progress,
      previousCollected: money(previous),
      previousPercentOfTarget: pct(previous, new Decimal(progress.target)),
      previousPercentOfPlan: pct(previous, previousPlan),
      collectedInWeek: money(new Decimal(progress.collected).minus(previous)),
    };
  }

  /** The instants the given days begin in the company time zone. */
  private async dayStarts(days: string[]): Promise<Date[]> {
    const rows = await this.em.execute<Array<{ at: Date }>>(`select (d::timestamp at time zone ?) as at from unnest(?::date[]) with ordinality as t(d, n) order by n`, [
      COMPANY_TIME_ZONE,
      pgArray(days),
    ]);
    return rows.map((r) => new Date(r.at));
  }

  // ------------------------------------------------------------- internals

  private actorUserId(): number {
    // campaigns:manage is a staff permission: only signed-in users reach the writes.
    if (!this.actor.userId) throw E.bad('viewer', 'campaigns are managed by staff users');
    return this.actor.userId;
  }

  /** The campaign, visible and not closed, locked until the transaction ends. */
  private async lockCampaign(em: EntityManager, campaignId: number): Promise<Campaign> {
    const campaign = await em.findOne(Campaign, { $and: [{ id: campaignId }, campaignManageFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!campaign) throw E.campaignNotFound();
    if (campaignStatus(campaign, todayIn()) === CampaignStatus.CLOSED) throw E.closed();
    return campaign;
  }

  private async checkLeader(em: EntityManager, leaderId: number): Promise<void> {
    const leader = await em.findOne(User, { id: leaderId }, { populate: ['orgUnit'] });
    const ok = leader && !leader.disabledAt && (leader.role === Role.LEAD || leader.role === Role.ADMIN) && isInSubtree(leader.orgUnit.path, this.scope.orgPath);
    if (!ok) throw E.bad('leaderId', 'must be an active LEAD or ADMIN in your part of the org tree');
  }

  private checkTerms(data: CampaignTerms): CampaignTerms {
    const name = data.name.trim();
    if (!name || name.length > 200) throw E.bad('name', 'must be 1 to 200 characters');
    if (!isCalendarDate(data.startsOn)) throw E.bad('startsOn', 'must be a calendar date written YYYY-MM-DD');
    if (!isCalendarDate(data.endsOn)) throw E.bad('endsOn', 'must be a calendar date written YYYY-MM-DD');
    if (data.endsOn < data.startsOn) throw E.bad('endsOn', 'must not be before startsOn');
    let targetAmount: string | null = null;
    let targetPercent: string | null = null;
    if (data.targetKind === CampaignTargetKind.AMOUNT) {
      const amount = decimal(data.targetAmount);
      if (!amount || !amount.greaterThan(0)) throw E.bad('targetAmount', 'must be more than 0 for an AMOUNT target');
      if (amount.decimalPlaces() > 2) throw E.bad('targetAmount', 'must be exact to the fen (2 decimals)');
      if (data.targetPercent !== null) throw E.bad('targetPercent', 'must be empty for an AMOUNT target');
      targetAmount = amount.toFixed(2);
    } else {
      const percent = decimal(data.targetPercent);
      if (!percent || !percent.greaterThan(0) || percent.greaterThan(100)) throw E.bad('targetPercent', 'must be more than 0 and at most 100 for a PERCENT_OF_ARREARS target');
      if (percent.decimalPlaces() > 2) throw E.bad('targetPercent', 'must have at most 2 decimals');
      if (data.targetAmount !== null) throw E.bad('targetAmount', 'must be empty for a PERCENT_OF_ARREARS target');
      targetPercent = percent.toFixed(2);
    }
    let planCurve: CampaignPlanPoint[] | null = null;
    if (data.planCurve) {
      const points = data.planCurve;
      if (points.length === 0 || points.length > MAX_PLAN_POINTS) throw E.bad('planCurve', `must list 1 to ${MAX_PLAN_POINTS} points, or be null for a linear plan`);
      planCurve = [];
      for (const [i, point] of points.entries()) {
        if (!isCalendarDate(point.on) || point.on < data.startsOn || point.on > data.endsOn) throw E.bad(`planCurve.${i}.on`, 'must be a day from startsOn to endsOn');
        if (i > 0 && point.on <= points[i - 1]!.on) throw E.bad(`planCurve.${i}.on`, 'must be after the previous point');
        const share = decimal(point.share);
        if (!share || share.isNegative() || share.greaterThan(100) || share.decimalPlaces() > 2) throw E.bad(`planCurve.${i}.share`, 'must be a percentage from 0 to 100 with at most 2 decimals');
        if (i > 0 && share.lessThan(points[i - 1]!.share)) throw E.bad(`planCurve.${i}.share`, 'must not be less than the previous point');
        planCurve.push({ on: point.on, share: share.toFixed(2) });
      }
      if (!new Decimal(planCurve.at(-1)!.share).equals(100)) throw E.bad(`planCurve.${points.length - 1}.share`, 'must be 100: the plan ends with the whole target');
    }
    return { name, startsOn: data.startsOn, endsOn: data.endsOn, targetKind: data.targetKind, targetAmount, targetPercent, planCurve };
  }
}
