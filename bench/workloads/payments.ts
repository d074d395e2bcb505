/**
 * "payments": `recordPayment` through the real server (GraphQL over HTTP,
 * each request with its own idempotency key, allocated oldest bill first by
 * the server) against a plain `pg` baseline that writes the same rows: in one
 * transaction it locks the service account (`select … for update`), reads its
 * open bills, inserts the payment and its allocations.
 *
 * Two spreads: over many service accounts (little contention) and all on ONE
 * account (every writer waits for the account's row lock). After the run the
 * ledger is checked: per account, the payments add up to what was posted and
 * the allocations to min(paid, open before the run); no bill or payment is
 * over-allocated. The demo seed has a ledger of its own, so the check counts
 * what the run added (after − before), and the accounts are ones without
 * adjustments (the baseline's open amount ignores credit notes).
 */
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import type { StatementCount } from './customer-list.js';

/** Every payment is this much; bills are BILL_AMOUNT, so a few payments fill a bill. */
export const PAYMENT_AMOUNT = '7.50';
const BILL_AMOUNT = '100.00';
/** Bills per service account, due in the future (no arrears, so no alerts). */
const BILLS_PER_ACCOUNT = 4;
export const SOURCE_SYSTEM = 'pnpm bench';

export interface PaymentAccount {
  id: number;
  customerId: number;
  globalId: string;
}

/**
 * The `count` service accounts the workload pays into (spread over the seed,
 * none with an adjustment), each given BILLS_PER_ACCOUNT open bills written
 * directly (not measured).
 */
export async function preparePaymentAccounts(pool: pg.Pool, count: number): Promise<PaymentAccount[]> {
  const { rows } = await pool.query<{ id: number; customer_id: number }>(
    `select id, customer_id from (
       select id, customer_id, row_number() over (order by id) as n, count(*) over () as total from service_account sa
        where not exists (select 1 from adjustment d where d.service_account_id = sa.id)) s
      where n % greatest(1, total / $1) = 0 order by id limit $1`,
    [count],
  );
  if (rows.length < count) throw new Error(`the seed has only ${rows.length} service accounts, the payments workload needs ${count}`);
  await pool.query(
    `insert into bill (service_account_id, customer_id, period_start, period_end, amount, due_on, issued_on, source_system, external_id)
     select s.id, s.customer_id, date '2026-01-01' + m * 31, date '2026-01-28' + m * 31, $2::numeric, current_date + 60 + m, current_date, $3, 'pay-' || s.id || '-' || m
       from service_account s cross join generate_series(0, $4 - 1) as m
      where s.id = any($1::int[])`,
    [rows.map((r) => r.id), BILL_AMOUNT, SOURCE_SYSTEM, BILLS_PER_ACCOUNT],
  );
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, globalId: toGlobalId('ServiceAccount', r.id) }));
}

const RECORD_PAYMENT = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { replayed payment { id amount } } }`;

/** One body per request: request i pays into accounts[i % n] with the key `<prefix>-<i>`. */
export function paymentBodies(accounts: PaymentAccount[], count: number, keyPrefix: string): string[] {
  const paidAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      query: RECORD_PAYMENT,
      variables: {
        input: {
          serviceAccountId: accounts[i % accounts.length]!.globalId,
          amount: PAYMENT_AMOUNT,
          channel: 'BANK',
          paidAt,
          idempotencyKey: `${keyPrefix}-${i}`,
        },
      },
    }),
  );
}

/**
 * The baseline: one payment, allocated to the account's open bills oldest
 * due date first, in one transaction holding the account's row lock.
 * 5 statements plus begin/commit (counted: 7).
 */
export async function baselinePayment(pool: pg.Pool, account: PaymentAccount, counter?: StatementCount): Promise<{ paymentId: number; allocations: number }> {
  const client = await pool.connect();
  const q = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    if (counter) counter.statements++;
    return client.query<R>(text, values);
  };
  try {
    await q('begin');
    try {
      const locked = await q<{ customer_id: number }>('select customer_id from service_account where id = $1 for update', [account.id]);
      if (locked.rows.length !== 1) throw new Error(`service account ${account.id} not found`);
      const open = await q<{ id: number; open: string }>(
        `select b.id, (b.amount - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0))::text as open
           from bill b where b.service_account_id = $1 order by b.due_on, b.id`,
        [account.id],
      );
      const payment = await q<{ id: number }>(
        `insert into payment (service_account_id, customer_id, amount, channel, paid_at) values ($1, $2, $3, 'BANK', now()) returning id`,
        [account.id, locked.rows[0]!.customer_id, PAYMENT_AMOUNT],
      );
      const paymentId = payment.rows[0]!.id;
      // Money in cents, as integers: never a float.
      let rest = toCents(PAYMENT_AMOUNT);
      const bills: number[] = [];
      const amounts: string[] = [];
      for (const bill of open.rows) {
        if (rest === 0) break;
        const take = Math.min(rest, toCents(bill.open));
        if (take <= 0) continue;
        bills.push(bill.id);
        amounts.push(fromCents(take));
        rest -= take;
      }
      if (bills.length) {
        await q(`insert into allocation (payment_id, bill_id, amount) select $1, b, a::numeric from unnest($2::int[], $3::text[]) as x(b, a)`, [paymentId, bills, amounts]);
      }
      await q('commit');
      return { paymentId, allocations: bills.length };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

function toCents(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  const sign = whole!.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, '0').slice(0, 2)));
}

function fromCents(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export interface LedgerCheck {
  accounts: number;
  payments: number;
  paidTotal: string;
  allocatedTotal: string;
  creditTotal: string;
}

/** Per account: payments (count, sum), what is allocated and what is open on its bills. */
export interface LedgerTotals {
  payments: number;
  paid: number;
  allocated: number;
  open: number;
}

/** The ledger totals of `ids` in cents; taken before the run, they are what checkLedger subtracts. */
export async function ledgerTotals(pool: pg.Pool, ids: number[]): Promise<Map<number, LedgerTotals>> {
  const { rows } = await pool.query<{ id: number; payments: number; paid: string; billed: string; allocated: string }>(
    `select s.id,
            (select count(*)::int from payment p where p.service_account_id = s.id) as payments,
            (select coalesce(sum(p.amount), 0)::text from payment p where p.service_account_id = s.id) as paid,
            (select coalesce(sum(b.amount), 0)::text from bill b where b.service_account_id = s.id) as billed,
            (select coalesce(sum(a.amount), 0)::text from allocation a join bill b on b.id = a.bill_id where b.service_account_id = s.id) as allocated
       from service_account s where s.id = any($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { payments: r.payments, paid: toCents(r.paid), allocated: toCents(r.allocated), open: toCents(r.billed) - toCents(r.allocated) }]));
}

/**
 * Fails loudly unless the ledger adds up for every account paid into, counting
 * what the run added to the totals `before` it: payments = what was posted
 * (count and sum), allocations = min(paid, open before), so the payments =
 * allocations + unallocated credit with the credit max(0, paid − open); and
 * no bill or payment is allocated beyond its amount.
 */
export async function checkLedger(pool: pg.Pool, expectedPayments: Map<number, number>, before: Map<number, LedgerTotals>): Promise<LedgerCheck> {
  const ids = [...expectedPayments.keys()];
  const after = await ledgerTotals(pool, ids);
  const rows = ids.flatMap((id) => {
    const a = after.get(id);
    const b = before.get(id) ?? { payments: 0, paid: 0, allocated: 0, open: 0 };
    return a ? [{ id, payments: a.payments - b.payments, paid: a.paid - b.paid, allocated: a.allocated - b.allocated, open: b.open }] : [];
  });
  const problems: string[] = [];
  let paidTotal = 0;
  let allocatedTotal = 0;
  let creditTotal = 0;
  let payments = 0;
  for (const r of rows) {
    const expected = expectedPayments.get(r.id)!;
    const { paid, allocated } = r;
    const credit = Math.max(0, paid - r.open);
    if (r.payments !== expected) problems.push(`account ${r.id}: ${r.payments} payments, ${expected} posted`);
    if (paid !== expected * toCents(PAYMENT_AMOUNT)) problems.push(`account ${r.id}: paid ${fromCents(paid)}, posted ${fromCents(expected * toCents(PAYMENT_AMOUNT))}`);
    if (paid !== allocated + credit) problems.push(`account ${r.id}: paid ${fromCents(paid)} ≠ allocated ${fromCents(allocated)} + credit ${fromCents(credit)} (open before ${fromCents(r.open)})`);
    paidTotal += paid;
    allocatedTotal += allocated;
    creditTotal += credit;
    payments += r.payments;
  }
  if (rows.length !== ids.length) problems.push(`${ids.length - rows.length} accounts missing`);
  const over = await pool.query<{ what: string; id: number }>(
    `select 'bill' as what, b.id from bill b where b.service_account_id = any($1::int[]) and b.amount < (select coalesce(sum(a.amount), 0) from allocation a where a.bill_id = b.id)
     union all
     select 'payment', p.id from payment p where p.service_account_id = any($1::int[]) and p.amount < (select coalesce(sum(a.amount), 0) from allocation a where a.payment_id = p.id)
     limit 10`,
    [ids],
  );
  for (const r of over.rows) problems.push(`${r.what} ${r.id} is allocated beyond its amount`);
  if (problems.length) throw new Error(`the ledger does not add up after the payments workload:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return { accounts: rows.length, payments, paidTotal: fromCents(paidTotal), allocatedTotal: fromCents(allocatedTotal), creditTotal: fromCents(creditTotal) };
}
