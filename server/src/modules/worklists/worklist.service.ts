/**
 * Worklists 工作清单 (issue 6 item 9; DOMAIN.md "Who uses it": collectors
 * chase arrears, record payments, agree installment plans): a person's day —
 * their accounts in arrears by priority, the policy visits due, the promises
 * to pay due that day and the installment plans recently breached — and the
 * list of worklist items for leads. Everything is limited to the viewer's
 * scope in the SQL; the items themselves are made by worklist.scan.ts.
 *
 * Priority of an account in arrears (higher first; ties: larger arrears, then
 * account id), a Decimal with 2 places:
 *     arrears ÷ monitoring threshold          (each threshold's worth, e.g. 5,000 / 500 → 10)
 *   + days since the oldest overdue bill ÷ 30 (each month overdue → 1)
 *   + 5 when the customer is on the risk ledger 风险客户台账
 *   + 3 × promises to pay broken in the last 365 days (PROMISE_BROKEN alerts
 *         of the account, or of the customer with no account named)
 * Arrears come from `loadBalances` (as of now); candidates are the owner's
 * accounts with an unpaid bill past due, the oldest MAX_CANDIDATES first —
 * read from the bills' maintained `open_amount` and its partial index
 * (bench W2: ~7 s a request when every past-due bill's allocations were summed).
 */
import { Decimal } from 'decimal.js';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, todayIn } from '../../calendar.js';
import type { DataScope } from '../auth/viewer.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { loadBalances, scopeCondition } from '../receivables/receivables.service.js';
import { InstallmentPlan, InstallmentPlanStatus } from '../installments/installment.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { COMPANY_OF, DEFAULT_POLICY } from '../collection-policies/collection-policy.service.js';
import { WorklistItem, WorklistItemKind, WorklistItemStatus } from './worklist-item.entity.js';
import { WorklistErrors as E } from './worklist.errors.js';

/** Accounts considered for the arrears section at most (the longest overdue first). */
export const MAX_CANDIDATES = 1000;
/** Breached plans are listed for this many days after the breach. */
export const BREACH_WINDOW_DAYS = 30;
export const RISK_WEIGHT = new Decimal(5);
export const BROKEN_PROMISE_WEIGHT = new Decimal(3);

export interface ArrearsEntry {
  serviceAccountId: number;
  customerId: number;
  arrears: string;
  oldestOverdueDays: number;
  onRiskLedger: boolean;
  brokenPromises: number;
  priority: string;
}

export interface WorklistDay {
  /** Whose day; null: everyone in scope (partner keys). */
  ownerId: number | null;
  date: string;
  accountsInArrears: ArrearsEntry[];
  policyVisitsDue: WorklistItem[];
  promisesDue: Visit[];
  breachedPlans: InstallmentPlan[];
}

export interface WorklistQuery {
  ownerId: number | null;
  orgUnitId: number | null;
  date: string;
  first: number;
}

export interface WorklistItemQuery {
  first: number;
  /** Keyset [dueOn, id] of the last row seen. */
  after?: unknown[] | null;
  statuses?: WorklistItemStatus[] | null;
  kinds?: WorklistItemKind[] | null;
  ownerId?: number | null;
  /** Only items due on or before this day. */
  dueBy?: string | null;
  orgUnitId?: number | null;
}

/** Priority of an account in arrears (see the module comment). */
export function arrearsPriority(arrears: Decimal, threshold: Decimal, oldestOverdueDays: number, onRiskLedger: boolean, brokenPromises: number): Decimal {
  return arrears
    .div(threshold)
    .plus(new Decimal(oldestOverdueDays).div(30))
    .plus(onRiskLedger ? RISK_WEIGHT : 0)
    .plus(BROKEN_PROMISE_WEIGHT.times(brokenPromises))
    .toDecimalPlaces(2);
}

/** The items a scope may see: those of the customers it may see. */
export function worklistScopeFilter(scope: DataScope): FilterQuery<WorklistItem> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<WorklistItem>;
}

export class WorklistService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
  ) {}

  /** A user whose worklist the viewer may read: placed in the viewer's subtree. */
  async checkOwner(ownerId: number): Promise<User> {
    const user = await this.em.findOne(User, { id: ownerId }, { populate: ['orgUnit'] });
    if (!user || !isInSubtree(user.orgUnit.path, this.scope.orgPath)) throw E.ownerNotFound();
    return user;
  }

  private async unitPath(orgUnitId: number | null | undefined, field: string): Promise<string | null> {
    if (!orgUnitId) return null;
    const unit = await this.em.findOne(OrgUnit, { id: orgUnitId });
    if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw E.orgUnitMissing(field);
    return unit.path;
  }

  /** A person's day (or, with no owner, everyone's in scope). */
  async day(query: WorklistQuery): Promise<WorklistDay> {
    if (query.ownerId) await this.checkOwner(query.ownerId);
    const unitPath = await this.unitPath(query.orgUnitId, 'orgUnitId');
    const customer: FilterQuery<unknown>[] = [customerScopeFilter(this.scope) as FilterQuery<unknown>];
    if (unitPath) customer.push({ orgUnit: { path: { $like: `${escapeLike(unitPath)}%` } } });
    const inScope = { $and: customer };
    const owner = query.ownerId;
    const since = new Date(`${addDays(query.date, -BREACH_WINDOW_DAYS)}T00:00:00Z`);
    const accountsInArrears = await this.arrears(query, unitPath);
    const policyVisitsDue = await this.em.find(
      WorklistItem,
      { $and: [{ customer: inScope }, { status: WorklistItemStatus.OPEN, dueOn: { $lte: query.date } }, owner ? { owner } : {}] } as FilterQuery<WorklistItem>,
      { orderBy: [{ dueOn: 'asc' }, { id: 'asc' }], limit: query.first },
    );
    // Promises to pay: the owner's own visits, or visits about accounts they collect (customers they serve when no account is named).
    const promisesDue = await this.em.find(
      Visit,
      {
        $and: [
          { customer: inScope, promisedOn: query.date },
          owner ? { $or: [{ recordedBy: owner }, { serviceAccount: { collector: owner } }, { serviceAccount: null, customer: { responsibleRep: owner } }] } : {},
        ],
      } as FilterQuery<Visit>,
      { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], limit: query.first },
    );
    // Breached plans: agreed by the owner, on an account they collect, or of a customer they serve.
    const breachedPlans = await this.em.find(
      InstallmentPlan,
      {
        $and: [
          { customer: inScope, status: InstallmentPlanStatus.BREACHED, closedAt: { $gte: since } },
          owner ? { $or: [{ agreedBy: owner }, { serviceAccount: { collector: owner } }, { customer: { responsibleRep: owner } }] } : {},
        ],
      } as FilterQuery<InstallmentPlan>,
      { orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], limit: query.first },
    );
    return { ownerId: owner, date: query.date, accountsInArrears, policyVisitsDue, promisesDue, breachedPlans };
  }

  /** The owner's accounts in arrears, by priority, at most `first`. */
  private async arrears(query: WorklistQuery, unitPath: string | null): Promise<ArrearsEntry[]> {
    const today = todayIn();
    const scope = scopeCondition(this.scope, 'c');
    const conditions = [scope.sql];
    const params: unknown[] = [today, DEFAULT_POLICY.monitoringThreshold, ...scope.params];
    if (unitPath) {
      conditions.push('o.path like ?');
      params.push(`${escapeLike(unitPath)}%`);
    }
    if (query.ownerId) {
      conditions.push('coalesce(sa.collector_id, c.responsible_rep_id) = ?');
      params.push(query.ownerId);
    }
    const rows = await this.em.execute<Array<{ id: number; customerId: number; onRiskLedger: boolean; oldestDays: number; brokenPromises: number; threshold: string }>>(
      `with p as (select ?::date as today, ?::numeric as threshold),
       cand as (
         select sa.id, sa.customer_id as "customerId", c.risk_level is not null as "onRiskLedger",
                coalesce(cp.monitoring_threshold, p.threshold)::text as threshold,
                p.today - ob.oldest_due as "oldestDays",
                (select count(*) from alert al where al.kind = 'PROMISE_BROKEN' and al.customer_id = c.id
                   and (al.service_account_id = sa.id or al.service_account_id is null) and al.created_at > now() - interval '365 days')::int as "brokenPromises"
         -- The oldest unpaid bill past due per account, from the open bills only (bill_open_account_due_idx:
         -- the few thousand with open_amount > 0, not every past-due bill with its allocations summed).
         from p cross join (select b.service_account_id, min(b.due_on) as oldest_due from bill b, p
                            where b.open_amount > 0 and b.due_on < p.today group by b.service_account_id) ob
         join service_account sa on sa.id = ob.service_account_id join customer c on c.id = sa.customer_id join org_unit o on o.id = c.org_unit_id
         left join collection_policy cp on cp.company_id = ${COMPANY_OF('o')}
         where ${conditions.join(' and ')})
       select * from cand order by "oldestDays" desc, id limit ${MAX_CANDIDATES}`,
      params,
    );
    if (!rows.length) return [];
    const balances = new Map((await loadBalances(this.em, 'service_account_id', rows.map((r) => r.id))).map((b) => [b.key, new Decimal(b.arrears)]));
    const entries = rows
      .map((row) => {
        const arrears = balances.get(row.id) ?? new Decimal(0);
        const priority = arrearsPriority(arrears, new Decimal(row.threshold), row.oldestDays, row.onRiskLedger, row.brokenPromises);
        return { row, arrears, priority };
      })
      .filter((e) => e.arrears.gt(0));
    entries.sort((a, b) => b.priority.comparedTo(a.priority) || b.arrears.comparedTo(a.arrears) || a.row.id - b.row.id);
    return entries.slice(0, query.first).map(({ row, arrears, priority }) => ({
      serviceAccountId: row.id,
      customerId: row.customerId,
      arrears: arrears.toFixed(2),
      oldestOverdueDays: row.oldestDays,
      onRiskLedger: row.onRiskLedger,
      brokenPromises: row.brokenPromises,
      priority: priority.toFixed(2),
    }));
  }

  /** Worklist items in scope, by due date; `first + 1` rows and the total. */
  async list(query: WorklistItemQuery): Promise<{ rows: WorklistItem[]; totalCount: number }> {
    const conditions: FilterQuery<WorklistItem>[] = [worklistScopeFilter(this.scope)];
    const unitPath = await this.unitPath(query.orgUnitId, 'filter.orgUnitId');
    if (unitPath) conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(unitPath)}%` } } } } as FilterQuery<WorklistItem>);
    if (query.statuses?.length) conditions.push({ status: { $in: query.statuses } });
    if (query.kinds?.length) conditions.push({ kind: { $in: query.kinds } });
    if (query.ownerId) conditions.push({ owner: query.ownerId });
    if (query.dueBy) conditions.push({ dueOn: { $lte: query.dueBy } });
    const where: FilterQuery<WorklistItem> = { $and: conditions };
    const after = query.after as [string, number] | null | undefined;
    const page: FilterQuery<WorklistItem> = after
      ? { $and: [...conditions, { $or: [{ dueOn: { $gt: after[0] } }, { dueOn: after[0], id: { $gt: after[1] } }] }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(WorklistItem, page, { orderBy: [{ dueOn: 'asc' }, { id: 'asc' }], limit: query.first + 1 }),
      this.em.count(WorklistItem, where),
    ]);
    return { rows, totalCount };
  }
}
