/** Per-request loaders of the receivables module: one SQL statement per batch, never one per row. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Adjustment, Allocation, Bill, Payment, Refund } from './receivables.entity.js';
import { loadBalances, loadBillPages, loadPaymentPages, pgArray, type BalanceRow, type PageIds, type PageKey } from './receivables.service.js';

export interface BillTotals {
  allocated: string;
  adjusted: string;
  outstanding: string;
}

export interface PaymentTotals {
  allocated: string;
  refunded: string;
  unallocated: string;
}

function balanceLoader(em: EntityManager, column: 'service_account_id' | 'customer_id') {
  return new DataLoader<number, BalanceRow>(async (keys) => {
    const rows = await loadBalances(em, column, keys);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => byKey.get(k)!);
  });
}

/** Pages per account; keys with the same arguments are fetched together. */
function pageLoader(em: EntityManager, load: typeof loadBillPages) {
  return new DataLoader<PageKey, PageIds, string>(
    async (keys) => {
      const groups = new Map<string, PageKey[]>();
      for (const key of keys) {
        const args = JSON.stringify([key.first, key.afterId, key.openOnly, key.overdueOnly]);
        groups.set(args, [...(groups.get(args) ?? []), key]);
      }
      const found = new Map<string, PageIds>();
      for (const [args, group] of groups) {
        const pages = await load(em, group[0]!, group.map((k) => k.accountId));
        for (const [accountId, page] of pages) found.set(`${accountId}|${args}`, page);
      }
      return keys.map((k) => found.get(`${k.accountId}|${JSON.stringify([k.first, k.afterId, k.openOnly, k.overdueOnly])}`)!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

export function createReceivablesLoaders(em: EntityManager) {
  return {
    /** By id, unscoped: callers check the customer (node lookups do). */
    bill: byIdLoader(em, Bill),
    payment: byIdLoader(em, Payment),
    allocation: byIdLoader(em, Allocation),
    adjustment: byIdLoader(em, Adjustment),
    refund: byIdLoader(em, Refund),
    billPages: pageLoader(em, loadBillPages),
    paymentPages: pageLoader(em, loadPaymentPages),
    accountBalance: balanceLoader(em, 'service_account_id'),
    customerBalance: balanceLoader(em, 'customer_id'),
    allocationsByBill: groupLoader(
      (ids: number[]) => em.find(Allocation, { bill: { $in: ids } }, { orderBy: { id: 'asc' } }),
      (a) => a.bill.id,
    ),
    allocationsByPayment: groupLoader(
      (ids: number[]) => em.find(Allocation, { payment: { $in: ids } }, { orderBy: { id: 'asc' } }),
      (a) => a.payment.id,
    ),
    refundsByPayment: groupLoader(
      (ids: number[]) => em.find(Refund, { payment: { $in: ids } }, { orderBy: { id: 'asc' } }),
      (r) => r.payment.id,
    ),
    billTotals: new DataLoader<number, BillTotals>(async (ids) => {
      const rows = await em.execute<Array<BillTotals & { id: number }>>(
        `select b.id, x.alloc::numeric(14,2)::text as allocated, x.adj::numeric(14,2)::text as adjusted,
                (b.amount - x.alloc + x.adj)::numeric(14,2)::text as outstanding
         from bill b cross join lateral (select
           coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0) as alloc,
           coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0) as adj) x
         where b.id = any(?::int[])`,
        [pgArray(ids)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? { allocated: '0.00', adjusted: '0.00', outstanding: '0.00' });
    }),
    paymentTotals: new DataLoader<number, PaymentTotals>(async (ids) => {
      const rows = await em.execute<Array<PaymentTotals & { id: number }>>(
        `select p.id, x.alloc::numeric(14,2)::text as allocated, x.ref::numeric(14,2)::text as refunded,
                (p.amount - x.alloc - x.ref)::numeric(14,2)::text as unallocated
         from payment p cross join lateral (select
           coalesce((select sum(a.amount) from allocation a where a.payment_id = p.id), 0) as alloc,
           coalesce((select sum(f.amount) from refund f where f.payment_id = p.id), 0) as ref) x
         where p.id = any(?::int[])`,
        [pgArray(ids)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? { allocated: '0.00', refunded: '0.00', unallocated: '0.00' });
    }),
  };
}
