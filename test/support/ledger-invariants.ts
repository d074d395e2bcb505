/**
 * The receivables ledger's invariants (DOMAIN.md "Receivables and
 * collection"; receivables.service.ts), checked in SQL straight on the tables
 * — independent of the server's own balance query — for tests that hammer the
 * ledger: concurrency, cut connections, killed servers.
 */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>;

/** Totals of one service account, from the tables. */
export interface AccountTotals {
  id: number;
  /** Payment rows. */
  payments: number;
  /** Sum of payments. */
  paid: string;
  billed: string;
  /** Sum of allocations to the account's bills. */
  allocated: string;
  adjustments: string;
  refunded: string;
  /** billed − allocated + adjustments. */
  balance: string;
  /** What payments hold unallocated and unrefunded. */
  credit: string;
  /** Bills whose allocations do not add up to exactly their amount. */
  billsNotExactlyPaid: number;
}

/** Totals per account (ids in order), computed from bill, payment, allocation, adjustment and refund. */
export async function accountTotals(sql: Queryable, accountIds: number[]): Promise<AccountTotals[]> {
  const { rows } = await sql.query(
    `select sa.id,
            (select count(*)::int from payment where service_account_id = sa.id) as payments,
            (select coalesce(sum(amount), 0)::numeric(14,2)::text from payment where service_account_id = sa.id) as paid,
            (select coalesce(sum(amount), 0)::numeric(14,2)::text from bill where service_account_id = sa.id) as billed,
            (select coalesce(sum(a.amount), 0)::numeric(14,2)::text from allocation a join bill b on b.id = a.bill_id where b.service_account_id = sa.id) as allocated,
            (select coalesce(sum(amount), 0)::numeric(14,2)::text from adjustment where service_account_id = sa.id) as adjustments,
            (select coalesce(sum(f.amount), 0)::numeric(14,2)::text from refund f join payment p on p.id = f.payment_id where p.service_account_id = sa.id) as refunded,
            ((select coalesce(sum(amount), 0) from bill where service_account_id = sa.id)
              - (select coalesce(sum(a.amount), 0) from allocation a join bill b on b.id = a.bill_id where b.service_account_id = sa.id)
              + (select coalesce(sum(amount), 0) from adjustment where service_account_id = sa.id))::numeric(14,2)::text as balance,
            ((select coalesce(sum(amount), 0) from payment where service_account_id = sa.id)
              - (select coalesce(sum(a.amount), 0) from allocation a join payment p on p.id = a.payment_id where p.service_account_id = sa.id)
              - (select coalesce(sum(f.amount), 0) from refund f join payment p on p.id = f.payment_id where p.service_account_id = sa.id))::numeric(14,2)::text as credit,
            (select count(*)::int from bill b where b.service_account_id = sa.id
               and (select coalesce(sum(amount), 0) from allocation where bill_id = b.id) <> b.amount) as "billsNotExactlyPaid"
     from service_account sa where sa.id = any($1::int[]) order by array_position($1::int[], sa.id)`,
    [accountIds],
  );
  return rows as AccountTotals[];
}

/**
 * Every broken invariant of the given accounts' ledgers (all accounts when
 * omitted), one sentence each; [] when the ledger is sound:
 *   - an allocation is positive and joins a payment and a bill of ONE account;
 *   - per payment: amount = allocated + refunded + credit with credit ≥ 0
 *     (never allocated or refunded beyond what was paid);
 *   - per bill: allocations never exceed its amount (no bill over-allocated);
 *   - per bill: its maintained open_amount equals amount + adjustments − allocations
 *     (the triggers of Migration20261126090000_bill_open_amount kept it exact);
 *   - every recorded payment idempotency key holds the result of its write,
 *     and that payment exists (a key never commits without its write).
 */
export async function ledgerViolations(sql: Queryable, accountIds?: number[]): Promise<string[]> {
  const ids = accountIds ?? null;
  const checks: Array<{ what: string; sql: string }> = [
    {
      what: 'allocation not positive',
      sql: `select a.id from allocation a join payment p on p.id = a.payment_id
            where a.amount <= 0 and ($1::int[] is null or p.service_account_id = any($1::int[]))`,
    },
    {
      what: 'allocation joins a payment and a bill of different accounts',
      sql: `select a.id from allocation a join payment p on p.id = a.payment_id join bill b on b.id = a.bill_id
            where p.service_account_id <> b.service_account_id
              and ($1::int[] is null or p.service_account_id = any($1::int[]) or b.service_account_id = any($1::int[]))`,
    },
    {
      what: 'payment allocated or refunded beyond its amount (negative credit)',
      sql: `select p.id from payment p
            where ($1::int[] is null or p.service_account_id = any($1::int[]))
              and p.amount < coalesce((select sum(a.amount) from allocation a where a.payment_id = p.id), 0)
                           + coalesce((select sum(f.amount) from refund f where f.payment_id = p.id), 0)`,
    },
    {
      what: 'bill over-allocated',
      sql: `select b.id from bill b
            where ($1::int[] is null or b.service_account_id = any($1::int[]))
              and b.amount < coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)`,
    },
    {
      what: 'bill open_amount differs from amount + adjustments − allocations',
      sql: `select b.id from bill b
            where ($1::int[] is null or b.service_account_id = any($1::int[]))
              and b.open_amount <> b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)
                                            - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)`,
    },
    {
      what: 'payment idempotency key committed without a result or without its payment',
      sql: `select r.idempotency_key as id from idempotency_record r
            where r.operation = 'recordPayment'
              and (r.result is null or not exists (select 1 from payment p where p.id = (r.result->>'paymentId')::int))
              and ($1::int[] is null or r.result is null
                   or exists (select 1 from payment p where p.id = (r.result->>'paymentId')::int and p.service_account_id = any($1::int[])))`,
    },
  ];
  const found: string[] = [];
  for (const check of checks) {
    const { rows } = await sql.query<{ id: string | number }>(check.sql, [ids]);
    for (const row of rows) found.push(`${check.what}: ${row.id}`);
  }
  return found;
}
