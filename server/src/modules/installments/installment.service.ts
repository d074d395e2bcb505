/**
 * Installment / settlement agreements 分期协议 (DOMAIN.md "Contracts":
 * settlement agreement 电费结算协议, installments 分次缴纳; "Who uses it":
 * collectors agree installment plans; issue 6 item 4).
 *
 * Rules:
 * - A plan has at least two instalments, due on strictly increasing days,
 *   none before today (company time zone), each more than 0, adding up
 *   EXACTLY to the total (decimal.js, to the fen).
 * - The total may not exceed what the customer (or the one service account)
 *   owes now, from `loadBalances`: its balance (every bill not yet paid —
 *   overdue, i.e. arrears, or not yet due — after adjustments) less any
 *   unapplied credit, or its arrears if those are larger (arrears are counted
 *   per bill and can exceed a balance lowered by adjustments not tied to a
 *   bill). A settlement agreement may thus also cover the current bill, but
 *   never money that is not owed.
 * - At most one ACTIVE plan per customer: a customer-wide plan excludes any
 *   other active plan of the customer; an account plan excludes another
 *   active plan on that account and an active customer-wide plan. The
 *   customer row is locked while this is checked; partial unique indexes
 *   back it.
 * - Instalment payments are recorded here, against the plan, and are NOT
 *   ledger payments: the money itself still arrives through recordPayment
 *   (a channel or the collector), which allocates it to bills. Keeping the
 *   two apart keeps the ledger's invariants untouched; the plan tracks the
 *   promise.
 * - Breach 违约: `detectBreaches(today)` — run by the daily scan on business
 *   days — marks every DUE instalment of an ACTIVE plan due before `today`
 *   MISSED, the plan BREACHED, and raises INSTALMENT_BREACHED in the same
 *   transaction. On Saturday and Sunday it does nothing, so an instalment
 *   due on Friday is detected on Monday (public holidays are not known yet).
 *   Running it twice finds nothing the second time.
 */
import { Decimal } from 'decimal.js';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordCustomerChange } from '../../events/customer-change.js';
import type { DomainEventKind } from '../../events/domain-events.js';
import { normaliseDecimal } from '../../graphql/scalars.js';
import { CLOCK_SKEW_MS } from '../../graphql/validators.js';
import { todayIn } from '../../calendar.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { loadBalances } from '../receivables/receivables.service.js';
import { AlertKind, AlertSeverity } from '../alerts/alert.entity.js';
import { raiseAlert } from '../alerts/alert.service.js';
import { InstallmentPlan, InstallmentPlanStatus, Instalment, InstalmentStatus } from './installment.entity.js';
import { InstallmentErrors as E } from './installment.errors.js';

export const MIN_INSTALMENTS = 2;
export const MAX_INSTALMENTS = 60;

export interface NewInstallmentPlan {
  customerId: number;
  serviceAccountId: number | null;
  total: string;
  instalments: Array<{ dueOn: string; amount: string }>;
  note: string;
}

export interface InstalmentPayment {
  instalmentId: number;
  amount: string;
  paidAt: Date;
}

export interface InstallmentPlanQuery {
  first: number;
  /** Keyset [id] of the last row seen. */
  after?: unknown[] | null;
  orgUnitId?: number | null;
  statuses?: InstallmentPlanStatus[] | null;
}

export interface BreachReport {
  /** Plans breached by this run. */
  planIds: number[];
  /** Instalments marked MISSED by this run. */
  instalmentIds: number[];
}

/** The plans a scope may see: those of the customers it may see. */
export function installmentScopeFilter(scope: DataScope): FilterQuery<InstallmentPlan> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<InstallmentPlan>;
}

/** Saturday or Sunday (a 'YYYY-MM-DD' day has no zone: its weekday is fixed). */
export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function positive(value: string): boolean {
  try {
    return new Decimal(value).greaterThan(0);
  } catch {
    return false;
  }
}

function planSnapshot(plan: InstallmentPlan, instalments: Instalment[]): Record<string, unknown> {
  return {
    customerId: plan.customer.id,
    serviceAccountId: plan.serviceAccount?.id ?? null,
    total: normaliseDecimal(plan.total),
    status: plan.status,
    agreedOn: plan.agreedOn,
    note: plan.note,
    instalments: instalments.map((i) => ({ sequence: i.sequence, dueOn: i.dueOn, amount: normaliseDecimal(i.amount), paidAmount: normaliseDecimal(i.paidAmount), status: i.status })),
  };
}

export class InstallmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Agrees a plan 分期协议 for a customer's (or one account's) arrears. */
  async agree(data: NewInstallmentPlan): Promise<InstallmentPlan> {
    const today = todayIn();
    const total = this.checkTerms(data, today);
    return this.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!customer) throw CustomerErrors.notFound();
      if (data.serviceAccountId !== null) {
        const account = await em.findOne(ServiceAccount, { id: data.serviceAccountId });
        if (!account || account.customer.id !== customer.id) throw E.bad('serviceAccountId', 'is not a service account of this customer');
      }
      const active = await em.find(InstallmentPlan, { customer: customer.id, status: InstallmentPlanStatus.ACTIVE });
      const clash = active.find((p) => data.serviceAccountId === null || p.serviceAccount === null || p.serviceAccount?.id === data.serviceAccountId);
      if (clash) throw E.activePlanExists(data.serviceAccountId === null ? 'customerId' : 'serviceAccountId');

      const [balance] =
        data.serviceAccountId === null
          ? await loadBalances(em, 'customer_id', [customer.id])
          : await loadBalances(em, 'service_account_id', [data.serviceAccountId]);
      const owed = Decimal.max(new Decimal(balance!.balance).minus(balance!.credit), balance!.arrears);
      if (total.greaterThan(owed)) {
        throw E.bad('total', `exceeds what is owed now (${Decimal.max(owed, 0).toFixed(2)}: balance ${normaliseDecimal(balance!.balance)} less credit ${normaliseDecimal(balance!.credit)}, arrears ${normaliseDecimal(balance!.arrears)})`);
      }

      const plan = em.create(InstallmentPlan, {
        customer,
        serviceAccount: data.serviceAccountId === null ? null : em.getReference(ServiceAccount, data.serviceAccountId),
        total: total.toFixed(2),
        agreedOn: today,
        agreedBy: this.actor.userId ? em.getReference(User, this.actor.userId) : null,
        note: data.note.trim(),
      });
      const instalments = data.instalments.map((item, index) =>
        em.create(Instalment, { plan, sequence: index + 1, dueOn: item.dueOn, amount: new Decimal(item.amount).toFixed(2) }),
      );
      await em.flush();
      await this.record(em, customer, plan, 'installment_plan.agree', 'installment.agreed', null, planSnapshot(plan, instalments));
      return plan;
    });
  }

  /**
   * Records money paid against one instalment; the instalment is PAID when
   * what is paid reaches its amount, and the plan COMPLETED when every
   * instalment is. Not a ledger payment (see the module comment).
   */
  async recordPayment(data: InstalmentPayment): Promise<Instalment> {
    if (!positive(data.amount)) throw E.bad('amount', 'must be more than 0');
    if (Number.isNaN(data.paidAt.getTime())) throw E.bad('paidAt', 'must be a date-time');
    if (data.paidAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw E.bad('paidAt', 'must not be in the future');
    return this.em.transactional(async (em) => {
      const instalment = await em.findOne(Instalment, { id: data.instalmentId });
      if (!instalment) throw E.instalmentNotFound();
      const plan = await em.findOne(InstallmentPlan, { $and: [{ id: instalment.plan.id }, installmentScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!plan) throw E.instalmentNotFound();
      await em.refresh(instalment);
      if (plan.status !== InstallmentPlanStatus.ACTIVE) throw E.planNotActive('instalmentId', plan.status);
      if (instalment.status !== InstalmentStatus.DUE) throw E.instalmentNotDue(instalment.status);
      const open = new Decimal(instalment.amount).minus(instalment.paidAmount);
      if (new Decimal(data.amount).greaterThan(open)) throw E.bad('amount', `exceeds what is still due on the instalment (${open.toFixed(2)})`);
      const before = { paidAmount: normaliseDecimal(instalment.paidAmount), status: instalment.status };
      const paid = new Decimal(instalment.paidAmount).plus(data.amount);
      instalment.paidAmount = paid.toFixed(2);
      if (paid.equals(instalment.amount)) {
        instalment.status = InstalmentStatus.PAID;
        instalment.paidAt = data.paidAt;
      }
      const all = await em.find(Instalment, { plan: plan.id });
      if (all.every((i) => i.status === InstalmentStatus.PAID)) {
        plan.status = InstallmentPlanStatus.COMPLETED;
        plan.closedAt = new Date();
      }
      await em.flush();
      const customer = await em.findOneOrFail(Customer, { id: plan.customer.id });
      await this.record(em, customer, plan, 'instalment.record_payment', 'installment.instalment_paid', before, {
        instalmentId: instalment.id,
        amount: normaliseDecimal(data.amount),
        paidAt: data.paidAt.toISOString(),
        paidAmount: instalment.paidAmount,
        status: instalment.status,
        planStatus: plan.status,
      }, { instalmentId: instalment.id });
      return instalment;
    });
  }

  /** Calls off an ACTIVE plan with a reason; its instalments stay as they are. */
  async cancel(planId: number, reason: string): Promise<InstallmentPlan> {
    const why = reason.trim();
    if (!why) throw E.bad('reason', 'must not be empty');
    return this.em.transactional(async (em) => {
      const plan = await em.findOne(InstallmentPlan, { $and: [{ id: planId }, installmentScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!plan) throw E.planNotFound();
      if (plan.status !== InstallmentPlanStatus.ACTIVE) throw E.planNotActive('planId', plan.status);
      plan.status = InstallmentPlanStatus.CANCELLED;
      plan.closedAt = new Date();
      plan.cancelReason = why;
      await em.flush();
      const customer = await em.findOneOrFail(Customer, { id: plan.customer.id });
      await this.record(em, customer, plan, 'installment_plan.cancel', 'installment.cancelled', { status: InstallmentPlanStatus.ACTIVE }, { status: plan.status, cancelReason: why });
      return plan;
    });
  }

  /** Plans of the customers the viewer may see, newest first; `first + 1` rows and the total. */
  async list(query: InstallmentPlanQuery): Promise<{ rows: InstallmentPlan[]; totalCount: number }> {
    const conditions: FilterQuery<InstallmentPlan>[] = [installmentScopeFilter(this.scope)];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } } as FilterQuery<InstallmentPlan>);
    }
    if (query.statuses?.length) conditions.push({ status: { $in: query.statuses } });
    const where: FilterQuery<InstallmentPlan> = { $and: conditions };
    const page: FilterQuery<InstallmentPlan> = query.after ? { $and: [...conditions, { id: { $lt: query.after[0] as number } }] } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(InstallmentPlan, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(InstallmentPlan, where),
    ]);
    return { rows, totalCount };
  }

  private checkTerms(data: NewInstallmentPlan, today: string): Decimal {
    if (!positive(data.total)) throw E.bad('total', 'must be more than 0');
    const total = new Decimal(data.total);
    if (total.decimalPlaces() > 2) throw E.bad('total', 'must be exact to the fen (2 decimals)');
    const items = data.instalments;
    if (items.length < MIN_INSTALMENTS || items.length > MAX_INSTALMENTS) {
      throw E.bad('instalments', `must list ${MIN_INSTALMENTS} to ${MAX_INSTALMENTS} instalments`);
    }
    let sum = new Decimal(0);
    for (const [i, item] of items.entries()) {
      if (item.dueOn < today) throw E.bad(`instalments.${i}.dueOn`, `must not be in the past (today is ${today})`);
      if (i > 0 && item.dueOn <= items[i - 1]!.dueOn) throw E.bad(`instalments.${i}.dueOn`, 'must be after the previous instalment');
      if (!positive(item.amount)) throw E.bad(`instalments.${i}.amount`, 'must be more than 0');
      if (new Decimal(item.amount).decimalPlaces() > 2) throw E.bad(`instalments.${i}.amount`, 'must be exact to the fen (2 decimals)');
      sum = sum.plus(item.amount);
    }
    if (!sum.equals(total)) {
      const difference = sum.minus(total);
      throw E.bad(
        'instalments',
        `must add up to the total ${total.toFixed(2)}; they add up to ${sum.toFixed(2)} (${difference.greaterThan(0) ? '+' : ''}${difference.toFixed(2)})`,
      );
    }
    return total;
  }

  private async record(
    em: EntityManager,
    customer: Customer,
    plan: InstallmentPlan,
    action: string,
    kind: DomainEventKind,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    await recordCustomerChange(em, this.actor, customer, {
      action,
      entityType: 'InstallmentPlan',
      entityId: plan.id,
      before,
      after,
      kind,
      changedFields: ['installmentPlans'],
      payload: { planId: plan.id, serviceAccountId: plan.serviceAccount?.id ?? null, planStatus: plan.status, ...payload },
    });
  }
}

/**
 * Breach detection 违约检测, for the daily scan: on a business day `today`
 * (YYYY-MM-DD, company time zone), every DUE instalment of an ACTIVE plan due
 * before `today` is MISSED, its plan BREACHED, and one INSTALMENT_BREACHED
 * alert per plan is raised — all in one transaction. Saturday and Sunday do
 * nothing (an instalment due Friday is breached on Monday). Idempotent: a
 * breached plan is no longer ACTIVE, so a second run finds nothing.
 */
export async function detectBreaches(em: EntityManager, today: string, actor: Actor = SYSTEM_ACTOR): Promise<BreachReport> {
  if (isWeekend(today)) return { planIds: [], instalmentIds: [] };
  return em.transactional(async (tx) => {
    // Plans in id order, locked, so a concurrent payment or a second scan waits.
    const rows = await tx.execute<Array<{ planId: number; instalmentId: number; open: string; dueOn: string }>>(
      `select p.id as "planId", i.id as "instalmentId", (i.amount - i.paid_amount)::text as open, to_char(i.due_on, 'YYYY-MM-DD') as "dueOn"
       from installment_plan p join instalment i on i.plan_id = p.id
       where p.status = 'ACTIVE' and i.status = 'DUE' and i.due_on < ?::date
       order by p.id, i.sequence
       for update of p, i`,
      [today],
    );
    const byPlan = new Map<number, typeof rows>();
    for (const row of rows) byPlan.set(row.planId, [...(byPlan.get(row.planId) ?? []), row]);
    for (const [planId, missed] of byPlan) {
      await tx.execute(`update instalment set status = 'MISSED' where id = any(?::int[])`, [`{${missed.map((m) => m.instalmentId).join(',')}}`]);
      await tx.execute(`update installment_plan set status = 'BREACHED', closed_at = now() where id = ?`, [planId]);
      const plan = await tx.findOneOrFail(InstallmentPlan, { id: planId }, { refresh: true });
      const customer = await tx.findOneOrFail(Customer, { id: plan.customer.id });
      const amount = missed.reduce((sum, m) => sum.plus(m.open), new Decimal(0)).toFixed(2);
      const first = missed[0]!;
      await raiseAlert(tx, actor, {
        kind: AlertKind.INSTALMENT_BREACHED,
        severity: AlertSeverity.WARNING,
        customerId: customer.id,
        serviceAccountId: plan.serviceAccount?.id ?? null,
        amount,
        message: `分期协议违约：${first.dueOn} 到期的分期款未缴清，未缴 ${amount} 元`,
        dedupeKey: `${AlertKind.INSTALMENT_BREACHED}:plan:${planId}`,
      });
      await recordCustomerChange(tx, actor, customer, {
        action: 'installment_plan.breach',
        entityType: 'InstallmentPlan',
        entityId: planId,
        before: { status: InstallmentPlanStatus.ACTIVE },
        after: { status: InstallmentPlanStatus.BREACHED, missedInstalmentIds: missed.map((m) => m.instalmentId), unpaid: amount, detectedOn: today },
        kind: 'installment.breached',
        changedFields: ['installmentPlans'],
        payload: { planId, serviceAccountId: plan.serviceAccount?.id ?? null, planStatus: InstallmentPlanStatus.BREACHED },
      });
    }
    return { planIds: [...byPlan.keys()], instalmentIds: rows.map((r) => r.instalmentId) };
  });
}
