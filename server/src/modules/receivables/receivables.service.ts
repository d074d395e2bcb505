/**
 * The receivables ledger (DOMAIN.md "Receivables and collection"; DESIGN.md
 * idempotency). Invariants: a balance equals bills minus allocated payments
 * plus adjustments; an allocation never exceeds what is open on its bill nor
 * what is left of its payment. Every money write runs in one transaction that
 * first locks the service account row (`select … for update`), so concurrent
 * payments to one account allocate exactly, and records its idempotency key
 * in the same transaction, so a failed write leaves nothing — not even the key.
 * Sums are computed in SQL numeric or with decimal.js, never JS floats.
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../graphql/errors.js';
import { normaliseDecimal } from '../../graphql/scalars.js';
import { recordEvent, type DomainEventKind } from '../../events/domain-events.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { escapeLike } from '../org/org.service.js';
import { todayIn } from '../../calendar.js';
import { retryOnConflict } from '../../db/transaction-retry.js';
import { AdjustmentKind, type PaymentChannel } from './receivables.entity.js';
import { prefixed, ReceivablesErrors as E } from './receivables.errors.js';

export const MAX_BATCH_ITEMS = 1000;

export enum BatchMode {
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  PER_ITEM = 'PER_ITEM',
}

export interface NewBill {
  serviceAccountId: number;
  periodStart: string;
  periodEnd: string;
  amount: string;
  dueOn: string;
  issuedOn: string;
  sourceSystem: string;
  externalId: string;
}

export interface NewPayment {
  serviceAccountId: number;
  amount: string;
  channel: PaymentChannel;
  paidAt: Date;
  externalReference: string | null;
  /** Explicit allocation; when null, oldest open bills first (by due date, then id). */
  allocateTo: Array<{ billId: number; amount: string }> | null;
}

export interface NewAdjustment {
  serviceAccountId: number;
  billId: number | null;
  amount: string;
  kind: AdjustmentKind;
  reason: string;
}

export interface NewRefund {
  paymentId: number;
  amount: string;
  reason: string;
}

/** A batch item's outcome: the new row's id, or why it was refused. */
export interface ItemOutcome {
  id: number | null;
  error: { code: string; message: string; fields: Array<{ field: string; message: string }> } | null;
}

/** What an idempotent write hands back: its result and whether it is a replay of the first one. */
export interface Replayable<T> {
  result: T;
  replayed: boolean;
}

/** What a ledger write changed: one account's balance. */
export interface LedgerChange {
  kind: 'bill' | 'payment' | 'adjustment' | 'refund';
  serviceAccountId: number;
  customerId: number;
  /** The new bill, payment, adjustment or refund (per `kind`); the leaderboards' counters read its amounts. */
  rowId: number;
}

/**
 * Called inside the write's transaction, with the account row still locked,
 * after every bill, payment, adjustment or refund (batch items included) —
 * e.g. to raise an arrears alert when a bill puts the account over the
 * threshold, or resolve it when a payment clears it. A hook that throws
 * rolls the whole write back.
 */
export type LedgerHook = (em: EntityManager, actor: Actor, change: LedgerChange) => Promise<void>;
const ledgerHooks: LedgerHook[] = [];
export function onLedgerChange(hook: LedgerHook): void {
  ledgerHooks.push(hook);
}

interface LockedAccount {
  id: number;
  customerId: number;
  accountNumber: string;
  orgUnitId: number;
  orgPath: string;
  responsibleRepId: number | null;
}

/** A PostgreSQL array literal: knex would expand a JS array binding into a list. */
export const pgArray = (values: ReadonlyArray<number | string>) => `{${values.join(',')}}`;

const isPositive = (amount: string) => !amount.startsWith('-') && normaliseDecimal(amount) !== '0.00';

/** JSON with sorted keys, so equal inputs hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SQL condition: customer `c` is visible to the scope. */
export function scopeCondition(scope: DataScope, c = 'c'): { sql: string; params: unknown[] } {
  const params: unknown[] = [`${escapeLike(scope.orgPath)}%`];
  let sql = `exists (select 1 from org_unit so where so.id = ${c}.org_unit_id and so.path like ?)`;
  if (scope.repId) {
    sql += ` and ${c}.responsible_rep_id = ?`;
    params.push(scope.repId);
  }
  return { sql, params };
}

export class ReceivablesService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  // ---------------------------------------------------------------- writes

  async recordBill(data: NewBill, idempotencyKey: string): Promise<Replayable<{ billId: number }>> {
    return this.idempotent('recordBill', idempotencyKey, data, async (em) => ({ billId: await this.insertBill(em, data, true) }));
  }

  async importBills(items: NewBill[], mode: BatchMode, idempotencyKey: string): Promise<Replayable<{ items: ItemOutcome[] }>> {
    if (items.length === 0 || items.length > MAX_BATCH_ITEMS) throw E.bad('items', `must hold 1 to ${MAX_BATCH_ITEMS} items`);
    return this.idempotent('importBills', idempotencyKey, { items, mode }, async (em) => ({
      items: await this.batch(em, items, mode, (tx, item) => this.insertBill(tx, item, false), 'receivables.bills_imported'),
    }));
  }

  async recordPayment(data: NewPayment, idempotencyKey: string): Promise<Replayable<{ paymentId: number }>> {
    return this.idempotent('recordPayment', idempotencyKey, data, async (em) => ({ paymentId: await this.insertPayment(em, data, true) }));
  }

  async recordPayments(items: NewPayment[], mode: BatchMode, idempotencyKey: string): Promise<Replayable<{ items: ItemOutcome[] }>> {
    if (items.length === 0 || items.length > MAX_BATCH_ITEMS) throw E.bad('items', `must hold 1 to ${MAX_BATCH_ITEMS} items`);
    return this.idempotent('recordPayments', idempotencyKey, { items, mode }, async (em) => ({
      items: await this.batch(em, items, mode, (tx, item) => this.insertPayment(tx, item, false), 'receivables.payments_recorded'),
    }));
  }

  async recordAdjustment(data: NewAdjustment, idempotencyKey: string): Promise<Replayable<{ adjustmentId: number }>> {
    if (normaliseDecimal(data.amount) === '0.00') throw E.bad('amount', 'must not be 0');
    const negative = data.amount.startsWith('-');
    if (data.kind === AdjustmentKind.DEBIT && negative) throw E.bad('amount', 'must be positive for a DEBIT');
    if (data.kind !== AdjustmentKind.DEBIT && !negative) throw E.bad('amount', `must be negative for a ${data.kind}`);
    if (!data.reason.trim()) throw E.bad('reason', 'must not be empty');
    return this.idempotent('recordAdjustment', idempotencyKey, data, async (em) => {
      const account = await this.lockAccount(em, data.serviceAccountId);
      if (data.billId !== null) {
        const [bill] = await em.execute<Array<{ id: number }>>(`select id from bill where id = ? and service_account_id = ?`, [data.billId, account.id]);
        if (!bill) throw E.bad('billId', 'is not a bill of this service account');
      }
      const [row] = await em.execute<Array<{ id: number }>>(
        `insert into adjustment (service_account_id, customer_id, bill_id, amount, kind, reason) values (?, ?, ?, ?, ?, ?) returning id`,
        [account.id, account.customerId, data.billId, data.amount, data.kind, data.reason.trim()],
      );
      const id = row!.id;
      await this.changed(em, 'adjustment', account, id);
      await recordAudit(em, this.actor, { action: 'adjustment.record', entityType: 'Adjustment', entityId: id, after: { ...data } });
      await this.announce(em, 'receivables.adjustment_recorded', account, { adjustmentId: id, amount: normaliseDecimal(data.amount), kind: data.kind });
      return { adjustmentId: id };
    });
  }

  async refundPayment(data: NewRefund, idempotencyKey: string): Promise<Replayable<{ refundId: number }>> {
    if (!isPositive(data.amount)) throw E.bad('amount', 'must be more than 0');
    if (!data.reason.trim()) throw E.bad('reason', 'must not be empty');
    return this.idempotent('refundPayment', idempotencyKey, data, async (em) => {
      const [payment] = await em.execute<Array<{ service_account_id: number }>>(`select service_account_id from payment where id = ?`, [data.paymentId]);
      if (!payment) throw E.paymentNotFound();
      const account = await this.lockAccount(em, payment.service_account_id, () => E.paymentNotFound());
      const [left] = await em.execute<Array<{ remainder: string; fits: boolean }>>(
        `select r.remainder::text as remainder, r.remainder >= ?::numeric as fits from (
           select p.amount - coalesce((select sum(a.amount) from allocation a where a.payment_id = p.id), 0)
                           - coalesce((select sum(f.amount) from refund f where f.payment_id = p.id), 0) as remainder
           from payment p where p.id = ?) r`,
        [data.amount, data.paymentId],
      );
      if (!left!.fits) throw E.bad('amount', `exceeds the unallocated remainder of the payment (${normaliseDecimal(left!.remainder)})`);
      const [row] = await em.execute<Array<{ id: number }>>(`insert into refund (payment_id, amount, reason) values (?, ?, ?) returning id`, [
        data.paymentId,
        data.amount,
        data.reason.trim(),
      ]);
      const id = row!.id;
      await this.changed(em, 'refund', account, id);
      await recordAudit(em, this.actor, { action: 'refund.record', entityType: 'Refund', entityId: id, after: { ...data } });
      await this.announce(em, 'receivables.payment_refunded', account, { refundId: id, paymentId: data.paymentId, amount: normaliseDecimal(data.amount) });
      return { refundId: id };
    });
  }

  // ------------------------------------------------------------- internals

  /**
   * Runs `write` once per (actor, key): the record is inserted first (a
   * concurrent retry waits on its unique key until this one commits), and the
   * result is stored with it. Same key and input → the stored result; a
   * different input → CONFLICT.
   */
  private async idempotent<T>(operation: string, key: string, input: unknown, write: (em: EntityManager) => Promise<T>): Promise<Replayable<T>> {
    if (!key.trim() || key.length > 200) throw E.bad('idempotencyKey', 'must be 1 to 200 characters');
    const actorKey = this.actor.userId ? `user:${this.actor.userId}` : `key:${this.actor.apiKeyId}`;
    const hash = createHash('sha256').update(canonical({ operation, input })).digest('hex');
    // The whole transaction again if PostgreSQL broke a deadlock with it (db/transaction-retry.ts).
    return retryOnConflict(() =>
      this.em.transactional(async (em) => {
        const inserted = await em.execute<Array<{ ok: number }>>(
          `insert into idempotency_record (actor_key, idempotency_key, operation, request_hash) values (?, ?, ?, ?)
           on conflict do nothing returning 1 as ok`,
          [actorKey, key, operation, hash],
        );
        if (inserted.length === 0) {
          const [first] = await em.execute<Array<{ operation: string; request_hash: string; result: T }>>(
            `select operation, request_hash, result from idempotency_record where actor_key = ? and idempotency_key = ?`,
            [actorKey, key],
          );
          if (!first || first.operation !== operation || first.request_hash !== hash) throw E.idempotencyMismatch();
          return { result: first.result, replayed: true };
        }
        const result = await write(em);
        await em.execute(`update idempotency_record set result = ?::jsonb where actor_key = ? and idempotency_key = ?`, [
          JSON.stringify(result),
          actorKey,
          key,
        ]);
        return { result, replayed: false };
      }),
    ).catch((error: unknown) => {
      // numeric_value_out_of_range: the write would take an account's or customer's totals past numeric(14,2); refused, nothing written.
      if ((error as { code?: unknown }).code === '22003') throw E.bad('amount', 'would take the account totals beyond 999999999999.99');
      throw error;
    });
  }

  /** Items in order; ALL_OR_NOTHING fails on the first bad item, PER_ITEM keeps each in its own savepoint. */
  private async batch<T extends { serviceAccountId: number }>(
    em: EntityManager,
    items: T[],
    mode: BatchMode,
    write: (em: EntityManager, item: T) => Promise<number>,
    kind: DomainEventKind,
  ): Promise<ItemOutcome[]> {
    // Lock every account up front, in id order, so two batches never deadlock.
    const ids = [...new Set(items.map((i) => i.serviceAccountId))].sort((a, b) => a - b);
    await em.execute(`select id from service_account where id = any(?::int[]) order by id for update`, [pgArray(ids)]);
    const outcomes: ItemOutcome[] = [];
    for (const [index, item] of items.entries()) {
      if (mode === BatchMode.ALL_OR_NOTHING) {
        try {
          outcomes.push({ id: await write(em, item), error: null });
        } catch (error) {
          throw prefixed(error, `items.${index}`);
        }
      } else {
        try {
          const id = await em.transactional((inner) => write(inner, item));
          outcomes.push({ id, error: null });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcomes.push({ id: null, error: { code: error.code, message: error.message, fields: error.fields } });
        }
      }
    }
    const written = outcomes.filter((o) => o.id !== null).length;
    if (written > 0) {
      const [root] = await em.execute<Array<{ id: number; path: string }>>(
        `select id, path from org_unit where ? like path || '%' order by length(path) desc limit 1`,
        [this.scope.orgPath],
      );
      await recordEvent(em, {
        kind,
        customerId: null,
        orgUnitId: root!.id,
        orgPath: root!.path,
        payload: { count: written, ids: outcomes.flatMap((o) => (o.id === null ? [] : [o.id])), responsibleRepId: null },
      });
    }
    return outcomes;
  }

  /** The account, visible to the scope, locked until the transaction ends; NOT_FOUND otherwise. */
  private async lockAccount(em: EntityManager, id: number, notFound: () => AppError = E.accountNotFound): Promise<LockedAccount> {
    const visible = scopeCondition(this.scope);
    const [row] = await em.execute<Array<LockedAccount>>(
      `select sa.id, sa.customer_id as "customerId", sa.account_number as "accountNumber", c.org_unit_id as "orgUnitId",
              o.path as "orgPath", c.responsible_rep_id as "responsibleRepId"
       from service_account sa join customer c on c.id = sa.customer_id join org_unit o on o.id = c.org_unit_id
       where sa.id = ? and ${visible.sql}
       for update of sa`,
      [id, ...visible.params],
    );
    if (!row) throw notFound();
    return row;
  }

  private async insertBill(em: EntityManager, data: NewBill, announce: boolean): Promise<number> {
    if (!isPositive(data.amount)) throw E.bad('amount', 'must be more than 0');
    if (data.periodEnd < data.periodStart) throw E.bad('periodEnd', 'must not be before periodStart');
    if (data.dueOn < data.issuedOn) throw E.bad('dueOn', 'must not be before issuedOn');
    if (!data.sourceSystem.trim()) throw E.bad('sourceSystem', 'must not be empty');
    if (!data.externalId.trim()) throw E.bad('externalId', 'must not be empty');
    const account = await this.lockAccount(em, data.serviceAccountId);
    const inserted = await em.execute<Array<{ id: number }>>(
      `insert into bill (service_account_id, customer_id, period_start, period_end, amount, due_on, issued_on, source_system, external_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (source_system, external_id) do nothing returning id`,
      [account.id, account.customerId, data.periodStart, data.periodEnd, data.amount, data.dueOn, data.issuedOn, data.sourceSystem.trim(), data.externalId.trim()],
    );
    if (!inserted[0]) throw E.billExists('externalId');
    const id = inserted[0].id;
    await this.changed(em, 'bill', account, id);
    await recordAudit(em, this.actor, { action: 'bill.record', entityType: 'Bill', entityId: id, after: { ...data, amount: normaliseDecimal(data.amount) } });
    if (announce) await this.announce(em, 'receivables.bill_recorded', account, { billId: id, amount: normaliseDecimal(data.amount), dueOn: data.dueOn });
    return id;
  }

  private async insertPayment(em: EntityManager, data: NewPayment, announce: boolean): Promise<number> {
    if (!isPositive(data.amount)) throw E.bad('amount', 'must be more than 0');
    const explicit = data.allocateTo;
    if (explicit) {
      const seen = new Set<number>();
      let total = new Decimal(0);
      for (const [i, part] of explicit.entries()) {
        if (!isPositive(part.amount)) throw E.bad(`allocateTo.${i}.amount`, 'must be more than 0');
        if (seen.has(part.billId)) throw E.bad(`allocateTo.${i}.billId`, 'is listed twice');
        seen.add(part.billId);
        total = total.plus(part.amount);
      }
      if (total.greaterThan(data.amount)) throw E.bad('allocateTo', 'must not add up to more than the payment amount');
    }
    const account = await this.lockAccount(em, data.serviceAccountId);
    const inserted = await em.execute<Array<{ id: number }>>(
      `insert into payment (service_account_id, customer_id, amount, channel, paid_at, external_reference, recorded_by_user_id, recorded_by_api_key_id)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (channel, external_reference) do nothing returning id`,
      [account.id, account.customerId, data.amount, data.channel, data.paidAt, data.externalReference, this.actor.userId, this.actor.apiKeyId],
    );
    if (!inserted[0]) throw E.referenceExists('externalReference');
    const paymentId = inserted[0].id;
    // What is still open on each bill: its amount less what is allocated and less any credit against it
    // (amount − allocations + least(0, adjustments) = open_amount − greatest(0, adjustments): a debit is not payable
    // through the bill). A bill with open_amount ≤ 0 has nothing payable, so the oldest-first path reads only the
    // account's open bills (bill_open_account_due_idx), not its whole history.
    const open = await em.execute<Array<{ id: number; service_account_id: number; open: string }>>(
      `select b.id, b.service_account_id,
              greatest(0, b.open_amount - greatest(0, coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)))::text as open
       from bill b
       where ${explicit ? 'b.id = any(?::int[])' : 'b.service_account_id = ? and b.open_amount > 0'}
       order by b.due_on, b.id`,
      [explicit ? pgArray(explicit.map((p) => p.billId)) : account.id],
    );
    const parts: Array<{ billId: number; amount: string }> = [];
    if (explicit) {
      const byId = new Map(open.map((b) => [b.id, b]));
      for (const [i, part] of explicit.entries()) {
        const bill = byId.get(part.billId);
        if (!bill || bill.service_account_id !== account.id) throw E.bad(`allocateTo.${i}.billId`, 'is not a bill of this service account');
        if (new Decimal(part.amount).greaterThan(bill.open)) {
          throw E.bad(`allocateTo.${i}.amount`, `exceeds what is open on the bill (${normaliseDecimal(bill.open)})`);
        }
        parts.push({ billId: part.billId, amount: normaliseDecimal(part.amount) });
      }
    } else {
      let left = new Decimal(data.amount);
      for (const bill of open) {
        if (left.isZero()) break;
        const take = Decimal.min(left, bill.open);
        if (take.isZero()) continue;
        parts.push({ billId: bill.id, amount: take.toFixed(2) });
        left = left.minus(take);
      }
    }
    if (parts.length) {
      await em.execute(`insert into allocation (payment_id, bill_id, amount) select ?, unnest(?::int[]), unnest(?::numeric[])`, [
        paymentId,
        pgArray(parts.map((p) => p.billId)),
        pgArray(parts.map((p) => p.amount)),
      ]);
    }
    await this.changed(em, 'payment', account, paymentId);
    await recordAudit(em, this.actor, {
      action: 'payment.record',
      entityType: 'Payment',
      entityId: paymentId,
      after: { ...data, amount: normaliseDecimal(data.amount), paidAt: data.paidAt.toISOString(), allocations: parts },
    });
    if (announce) {
      await this.announce(em, 'receivables.payment_recorded', account, {
        paymentId,
        amount: normaliseDecimal(data.amount),
        channel: data.channel,
        allocations: parts,
      });
    }
    return paymentId;
  }

  private async changed(em: EntityManager, kind: LedgerChange['kind'], account: LockedAccount, rowId: number): Promise<void> {
    for (const hook of ledgerHooks) await hook(em, this.actor, { kind, serviceAccountId: account.id, customerId: account.customerId, rowId });
  }

  /** The one domain event of a write, in the customer's unit, with its responsible rep. */
  private async announce(em: EntityManager, kind: DomainEventKind, account: LockedAccount, payload: Record<string, unknown>): Promise<void> {
    await recordEvent(em, {
      kind,
      customerId: account.customerId,
      orgUnitId: account.orgUnitId,
      orgPath: account.orgPath,
      payload: {
        ...payload,
        serviceAccountId: account.id,
        accountNumber: account.accountNumber,
        changedFields: ['balance'],
        responsibleRepId: account.responsibleRepId,
      },
    });
  }

  // ----------------------------------------------------------------- reads

  /**
   * Collection rate 回收率 (DOMAIN.md; the five-nines target 五个九): collected
   * ÷ due for the bills whose period starts in [periodFrom, periodTo], for one
   * org unit's subtree, one responsible person or one customer.
   */
  async collectionRate(filter: { orgUnitId: number | null; responsibleRepId: number | null; customerId: number | null; periodFrom: string; periodTo: string }) {
    const chosen = [filter.orgUnitId, filter.responsibleRepId, filter.customerId].filter((v) => v !== null).length;
    if (chosen !== 1) throw E.bad('filter', 'must name exactly one of orgUnitId, responsibleRepId, customerId');
    if (filter.periodTo < filter.periodFrom) throw E.bad('filter.periodTo', 'must not be before periodFrom');
    const visible = scopeCondition(this.scope);
    const where = [visible.sql, 'b.period_start between ?::date and ?::date'];
    const params: unknown[] = [...visible.params, filter.periodFrom, filter.periodTo];
    if (filter.orgUnitId !== null) {
      const [unit] = await this.em.execute<Array<{ path: string }>>(`select path from org_unit where id = ? and path like ?`, [
        filter.orgUnitId,
        `${escapeLike(this.scope.orgPath)}%`,
      ]);
      if (!unit) throw E.orgUnitNotFound();
      where.push('exists (select 1 from org_unit u where u.id = c.org_unit_id and u.path like ?)');
      params.push(`${escapeLike(unit.path)}%`);
    } else if (filter.responsibleRepId !== null) {
      where.push('c.responsible_rep_id = ?');
      params.push(filter.responsibleRepId);
    } else {
      where.push('c.id = ?');
      params.push(filter.customerId);
    }
    const [row] = await this.em.execute<Array<{ due: string; collected: string; bills: number; rate: string | null }>>(
      `with b as (
         select b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0) as due,
                coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0) as collected
         from bill b join customer c on c.id = b.customer_id
         where ${where.join(' and ')})
       select coalesce(sum(due), 0)::numeric(14,2)::text as due, coalesce(sum(collected), 0)::numeric(14,2)::text as collected,
              count(*)::int as bills,
              case when coalesce(sum(due), 0) > 0 then round(sum(collected) / sum(due), 6)::text end as rate
       from b`,
      params,
    );
    if (filter.customerId !== null && row!.bills === 0) {
      const [seen] = await this.em.execute(`select 1 from customer c where c.id = ? and ${visible.sql}`, [filter.customerId, ...visible.params]);
      if (!seen) throw AppError.notFound('Customer');
    }
    return { due: row!.due, collected: row!.collected, outstanding: new Decimal(row!.due).minus(row!.collected).toFixed(2), billCount: row!.bills, rate: row!.rate };
  }
}

/** Ledger totals per key (service account or customer). */
export interface BalanceRow {
  key: number;
  billed: string;
  paid: string;
  adjustments: string;
  balance: string;
  credit: string;
  arrears: string;
  days0to30: string;
  days31to90: string;
  days91to180: string;
  over180: string;
}

/**
 * Balances of many accounts or customers in ONE statement. Arrears are what is
 * open on bills past their due date (company time zone), aged by days overdue.
 * Per bill, what is open is the maintained `bill.open_amount` (amount +
 * adjustments − allocations, see the bill_open_amount migration); what was paid
 * to the bills follows from it: billed + adjustments on bills − open. No
 * per-bill or per-payment sums: the worklist asks this for 1,000 accounts.
 */
export async function loadBalances(em: EntityManager, column: 'service_account_id' | 'customer_id', keys: readonly number[]): Promise<BalanceRow[]> {
  const today = todayIn();
  return em.execute<BalanceRow[]>(
    `with k as (select unnest(?::int[]) as key),
     bo as (select b.${column} as key, b.amount, b.open_amount, (?::date - b.due_on) as overdue, greatest(0, b.open_amount) as open
            from bill b where b.${column} = any(?::int[])),
     bs as (
       select key, sum(amount) as billed, sum(open_amount) as open_amount,
              sum(open) filter (where overdue > 0) as arrears,
              sum(open) filter (where overdue between 1 and 30) as d30,
              sum(open) filter (where overdue between 31 and 90) as d90,
              sum(open) filter (where overdue between 91 and 180) as d180,
              sum(open) filter (where overdue > 180) as dmax
       from bo group by key),
     bd as (select b.${column} as key, sum(d.amount) as adj from adjustment d join bill b on b.id = d.bill_id
            where b.${column} = any(?::int[]) group by b.${column}),
     ad as (select ${column} as key, sum(amount) as adj from adjustment where ${column} = any(?::int[]) group by ${column}),
     p as (select ${column} as key, sum(amount) as paid from payment where ${column} = any(?::int[]) group by ${column}),
     rf as (select p.${column} as key, sum(f.amount) as refunded from refund f join payment p on p.id = f.payment_id
            where p.${column} = any(?::int[]) group by p.${column}),
     t as (
       select k.key, bs.billed, bs.arrears, bs.d30, bs.d90, bs.d180, bs.dmax, ad.adj, p.paid, rf.refunded,
              coalesce(bs.billed, 0) + coalesce(bd.adj, 0) - coalesce(bs.open_amount, 0) as alloc
       from k left join bs on bs.key = k.key left join bd on bd.key = k.key left join ad on ad.key = k.key
       left join p on p.key = k.key left join rf on rf.key = k.key)
     select key,
            coalesce(billed, 0)::numeric(14,2)::text as billed,
            alloc::numeric(14,2)::text as paid,
            coalesce(adj, 0)::numeric(14,2)::text as adjustments,
            (coalesce(billed, 0) - alloc + coalesce(adj, 0))::numeric(14,2)::text as balance,
            -- An allocation pays a bill of its payment's own account (the ledger's invariant), so what the key's
            -- payments allocated is what its bills received: credit = paid − allocated − refunded.
            (coalesce(paid, 0) - alloc - coalesce(refunded, 0))::numeric(14,2)::text as credit,
            coalesce(arrears, 0)::numeric(14,2)::text as arrears,
            coalesce(d30, 0)::numeric(14,2)::text as "days0to30",
            coalesce(d90, 0)::numeric(14,2)::text as "days31to90",
            coalesce(d180, 0)::numeric(14,2)::text as "days91to180",
            coalesce(dmax, 0)::numeric(14,2)::text as "over180"
     from t`,
    [pgArray(keys), today, pgArray(keys), pgArray(keys), pgArray(keys), pgArray(keys), pgArray(keys)],
  );
}

/** One page of a list per account, asked for with the same arguments. */
export interface PageKey {
  accountId: number;
  first: number;
  afterId: number | null;
  openOnly: boolean;
  overdueOnly: boolean;
}

export interface PageIds {
  ids: number[];
  totalCount: number;
}

/**
 * Pages of bills (newest first) of many accounts, all asked with the same
 * arguments: one statement for the rows (a lateral keyset scan per account)
 * and one for the counts, whatever the number of accounts.
 */
export async function loadBillPages(em: EntityManager, args: Omit<PageKey, 'accountId'>, accountIds: readonly number[]): Promise<Map<number, PageIds>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (args.openOnly || args.overdueOnly) {
    where.push('b.open_amount > 0');
  }
  if (args.overdueOnly) {
    where.push('b.due_on < ?::date');
    params.push(todayIn());
  }
  return pages(em, 'bill', where, params, args, accountIds);
}

/** Pages of payments (newest first) of many accounts: two statements in all. */
export async function loadPaymentPages(em: EntityManager, args: Omit<PageKey, 'accountId'>, accountIds: readonly number[]): Promise<Map<number, PageIds>> {
  return pages(em, 'payment', [], [], args, accountIds);
}

async function pages(
  em: EntityManager,
  table: 'bill' | 'payment',
  where: string[],
  params: unknown[],
  args: Omit<PageKey, 'accountId'>,
  accountIds: readonly number[],
): Promise<Map<number, PageIds>> {
  const filter = where.length ? `and ${where.join(' and ')}` : '';
  const [rows, counts] = await Promise.all([
    em.execute<Array<{ account: number; id: number }>>(
      `select k.id as account, x.id from unnest(?::int[]) as k(id) cross join lateral (
         select b.id from ${table} b where b.service_account_id = k.id ${filter} ${args.afterId ? 'and b.id < ?' : ''}
         order by b.id desc limit ?) x
       order by k.id, x.id desc`,
      [pgArray(accountIds), ...params, ...(args.afterId ? [args.afterId] : []), args.first + 1],
    ),
    em.execute<Array<{ account: number; n: number }>>(
      `select b.service_account_id as account, count(*)::int as n from ${table} b
       where b.service_account_id = any(?::int[]) ${filter} group by b.service_account_id`,
      [pgArray(accountIds), ...params],
    ),
  ]);
  const result = new Map<number, PageIds>(accountIds.map((id) => [id, { ids: [], totalCount: 0 }]));
  for (const row of rows) result.get(row.account)!.ids.push(row.id);
  for (const row of counts) result.get(row.account)!.totalCount = row.n;
  return result;
}
