/**
 * The receivables ledger of the demo data (DOMAIN.md "Receivables and
 * collection"; seed 002: 电费回收, 五个九, 日监测 of accounts owing more than
 * 500 CNY, 分次缴纳, 缴费渠道多样化): monthly bills per service account 户号,
 * payments from every channel allocated to them, a few credit notes,
 * write-offs 核销 and refunds, and installment plans 分期协议 (active and
 * breached) for some accounts in arrears.
 *
 * - Bills: one per period of the customer's settlement cycle (a month; ten
 *   days for 旬抄旬收; a quarter), from the account's opening (at most
 *   HISTORY_MONTHS back, or the whole history in the large profile) to the
 *   last month whose bill came due before
 *   BASE_DATE: the ledger is closed at BASE_DATE, so October's bill (issued
 *   in November) is not in yet and no bill falls due after it. A first or
 *   last month of supply is billed pro rata. Amount = the customer's monthly
 *   consumption shared among its accounts × a tariff per utility × the
 *   season (heating in winter), exact to the fen.
 * - Payments: each account has a habit (on time, often late, partial,
 *   stopped paying, one disputed bill). Payments are applied exactly as
 *   ReceivablesService.recordPayment applies them — oldest open bill first
 *   among the bills issued by then, or explicitly to one bill (disputes) —
 *   so every allocation fits its bill's open amount (after credit notes)
 *   and its payment; an overpayment stays as credit, and some credits are
 *   refunded. Key power accounts are debited three times a month (seed 002:
 *   每月电费划拨次数不少于三次).
 * - Plans follow modules/installments: an ACTIVE plan was agreed late in
 *   October for what the account owed then, instalments from December on;
 *   a BREACHED plan paid some instalments (ledger payments on those days),
 *   missed one before BASE_DATE and was closed the next business day.
 *
 * Everything comes from the caller's PRNG and the rows already seeded
 * (service accounts, customers), read in id order: the same seed gives the
 * same ledger. Numbers travel as day numbers, epoch milliseconds and fen;
 * PostgreSQL turns them into dates, timestamps and numeric(14,2). The caller
 * owns the transaction.
 */
import type { ClientBase } from 'pg';
import { Weighted, chance, pick, randInt, type Rng } from './prng.js';
import { DAY_MS } from './crm-data.js';

/** How far back bills go by default, in months before BASE_DATE's month. */
export const HISTORY_MONTHS = 16;
/** Rows of the largest table (bills or payments) per INSERT. */
const BATCH = 40_000;
const CST_MS = 8 * 3_600_000;

const UTILITIES = ['POWER', 'GAS', 'HEAT', 'FUEL', 'ENERGY_SERVICES'] as const;
type Utility = (typeof UTILITIES)[number];

/** Tariff in fen per unit of the customer's consumption (kWh, m³, GJ, litre, service unit). */
const PRICE_FEN: Record<Utility, number> = { POWER: 62, GAS: 350, HEAT: 2500, FUEL: 780, ENERGY_SERVICES: 55 };
/** Large-customer tariffs (大工业 / 大客户 prices) for KEY and STRATEGIC customers. */
const LARGE_PRICE_FEN: Record<Utility, number> = { POWER: 55, GAS: 310, HEAT: 2300, FUEL: 740, ENERGY_SERVICES: 50 };

/** Monthly factor by calendar month (January first): summer peaks for power, winter for gas and heat. */
const SEASON: Record<Utility, readonly number[]> = {
  POWER: [1.1, 1.05, 0.95, 0.9, 0.95, 1.05, 1.2, 1.25, 1.05, 0.95, 1.0, 1.1],
  GAS: [1.35, 1.3, 1.1, 0.95, 0.85, 0.75, 0.7, 0.7, 0.8, 0.95, 1.15, 1.35],
  HEAT: [1.9, 1.7, 1.1, 0.25, 0.1, 0.08, 0.08, 0.08, 0.1, 0.25, 1.1, 1.8],
  FUEL: [0.95, 0.85, 1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 1.0, 1.05, 1.0, 1.05],
  ENERGY_SERVICES: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

/** The billing system each utility's bills come from. */
const SOURCE_SYSTEMS = ['营销系统', '燃气营收系统', '热力收费系统', '营财一体化系统'] as const;
const SOURCE_OF: Record<Utility, number> = { POWER: 1, GAS: 2, HEAT: 3, FUEL: 4, ENERGY_SERVICES: 4 };

const CHANNELS = ['BANK', 'COUNTER', 'WECHAT_PAY', 'ALIPAY', 'CASH', 'PREPAYMENT'] as const;
type Channel = 1 | 2 | 3 | 4 | 5 | 6;
const BANK: Channel = 1;
const COUNTER: Channel = 2;
const CASH: Channel = 5;
/** An account's usual channel. */
const USUAL_CHANNEL = new Weighted<Channel>([[1, 36], [2, 14], [3, 20], [4, 12], [5, 6], [6, 12]]);

type Habit = 'ON_TIME' | 'LATE' | 'PARTIAL' | 'STOPPED' | 'DISPUTE';
const HABITS: Record<'plain' | 'watched' | 'risky', Weighted<Habit>> = {
  plain: new Weighted<Habit>([['ON_TIME', 86], ['LATE', 11], ['PARTIAL', 1.4], ['STOPPED', 0.9], ['DISPUTE', 0.7]]),
  watched: new Weighted<Habit>([['ON_TIME', 45], ['LATE', 30], ['PARTIAL', 12], ['STOPPED', 9], ['DISPUTE', 4]]),
  risky: new Weighted<Habit>([['ON_TIME', 20], ['LATE', 30], ['PARTIAL', 22], ['STOPPED', 25], ['DISPUTE', 3]]),
};

const ADJUSTMENT_KINDS = ['CREDIT_NOTE', 'DEBIT', 'WRITE_OFF'] as const;
const CREDIT_NOTE = 1;
const WRITE_OFF = 3;

/** Reasons (1-based positions travel with the rows). */
const REASONS = [
  '抄表差错退补 (meter misread corrected)',
  '电价政策调整退补 (tariff change refunded)',
  '计量争议协商减免 (metering dispute settled)',
  '销户呆账核销 (bad debt of a closed account written off)',
  '多缴费用退回 (overpayment refunded)',
  '预付费余额清退 (prepayment balance returned)',
  '按月分期缴清欠费，逾期未缴视为违约。',
  '签订电费结算协议，分次缴纳，按上月结算价格执行。',
  '欠费分期偿还，经包保领导协调同意。',
] as const;
const reason = (text: (typeof REASONS)[number]) => REASONS.indexOf(text) + 1;

// ------------------------------------------------------------ calendar helpers (day numbers, Beijing time)

/** Day number (days since 1970-01-01) of the Beijing calendar day `ms` falls on. */
const dayOf = (ms: number) => Math.floor((ms + CST_MS) / DAY_MS);
/** Epoch ms of `seconds` after midnight (Beijing) of day `day`. */
const msOf = (day: number, seconds: number) => day * DAY_MS - CST_MS + seconds * 1000;
/** Month number (year × 12 + month0) of a day number. */
function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
const firstDay = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
/** 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
const weekday = (day: number) => (day + 4) % 7;
function nextBusinessDay(day: number): number {
  let d = day + 1;
  while (weekday(d) === 0 || weekday(d) === 6) d++;
  return d;
}

// ------------------------------------------------------------ SQL

const INSERT_BILLS = `
  insert into bill (id, service_account_id, customer_id, period_start, period_end, amount, due_on, issued_on, source_system,
                    external_id, created_at)
  select b.id, b.account, b.customer, date '1970-01-01' + b.period_start, date '1970-01-01' + b.period_end,
         (b.fen::numeric / 100)::numeric(14,2), date '1970-01-01' + b.due, date '1970-01-01' + b.issued, ($9::text[])[b.source],
         sa.account_number || '-' || to_char(date '1970-01-01' + b.period_start, 'YYYYMMDD'), to_timestamp(b.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int8[], $7::int[], $8::int[], $10::int[], $11::float8[])
    as b(id, account, customer, period_start, period_end, fen, due, issued, source, created_ms)
  join service_account sa on sa.id = b.account`;

// The channel's reference: a bank serial, a WeChat Pay / Alipay order number, a counter or cash receipt number.
const INSERT_PAYMENTS = `
  insert into payment (id, service_account_id, customer_id, amount, channel, paid_at, external_reference, recorded_by_user_id, created_at)
  select p.id, p.account, p.customer, (p.fen::numeric / 100)::numeric(14,2), ($8::text[])[p.channel], to_timestamp(p.paid_ms / 1000),
         case p.channel
           when 1 then 'YH' || to_char(to_timestamp(p.paid_ms / 1000) at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(p.id::text, 10, '0')
           when 2 then 'GT' || to_char(to_timestamp(p.paid_ms / 1000) at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(p.id::text, 8, '0')
           when 3 then '4200' || to_char(to_timestamp(p.paid_ms / 1000) at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(p.id::text, 12, '0')
           when 4 then to_char(to_timestamp(p.paid_ms / 1000) at time zone 'Asia/Shanghai', 'YYYYMMDD') || '2200' || lpad(p.id::text, 12, '0')
           when 5 then 'SJ' || to_char(to_timestamp(p.paid_ms / 1000) at time zone 'Asia/Shanghai', 'YYYY') || lpad(p.id::text, 9, '0')
           else 'YF' || lpad(p.id::text, 12, '0')
         end,
         p.recorded_by, to_timestamp(p.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int8[], $5::int[], $6::float8[], $7::int[], $9::float8[])
    as p(id, account, customer, fen, channel, paid_ms, recorded_by, created_ms)`;

const INSERT_ALLOCATIONS = `
  insert into allocation (id, payment_id, bill_id, amount, created_at)
  select a.id, a.payment, a.bill, (a.fen::numeric / 100)::numeric(14,2), to_timestamp(a.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int8[], $5::float8[]) as a(id, payment, bill, fen, created_ms)`;

const INSERT_ADJUSTMENTS = `
  insert into adjustment (id, service_account_id, customer_id, bill_id, amount, kind, reason, created_at)
  select d.id, d.account, d.customer, d.bill, (d.fen::numeric / 100)::numeric(14,2), ($8::text[])[d.kind], ($9::text[])[d.reason],
         to_timestamp(d.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int8[], $6::int[], $7::int[], $10::float8[])
    as d(id, account, customer, bill, fen, kind, reason, created_ms)`;

const INSERT_REFUNDS = `
  insert into refund (id, payment_id, amount, reason, created_at)
  select r.id, r.payment, (r.fen::numeric / 100)::numeric(14,2), ($5::text[])[r.reason], to_timestamp(r.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int8[], $4::int[], $6::float8[]) as r(id, payment, fen, reason, created_ms)`;

const INSERT_PLANS = `
  insert into installment_plan (id, customer_id, service_account_id, total, status, agreed_on, agreed_by_id, note, closed_at, created_at)
  select p.id, p.customer, p.account, (p.fen::numeric / 100)::numeric(14,2), case when p.breached then 'BREACHED' else 'ACTIVE' end,
         date '1970-01-01' + p.agreed, p.agreed_by, ($10::text[])[p.note], to_timestamp(p.closed_ms / 1000), to_timestamp(p.created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int8[], $5::bool[], $6::int[], $7::int[], $8::int[], $9::float8[], $11::float8[])
    as p(id, customer, account, fen, breached, agreed, agreed_by, note, closed_ms, created_ms)`;

const INSERT_INSTALMENTS = `
  insert into instalment (id, plan_id, sequence, due_on, amount, paid_amount, paid_at, status)
  select i.id, i.plan, i.sequence, date '1970-01-01' + i.due, (i.fen::numeric / 100)::numeric(14,2),
         (i.paid_fen::numeric / 100)::numeric(14,2), to_timestamp(i.paid_ms / 1000), ($8::text[])[i.status]
  from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int8[], $6::int8[], $7::float8[], $9::int[])
    as i(id, plan, sequence, due, fen, paid_fen, paid_ms, status)`;
const INSTALMENT_STATUSES = ['DUE', 'PAID', 'MISSED'];

const ACCOUNTS_SQL = `
  select sa.id, sa.customer_id as "customerId", sa.utility, c.utility as "customerUtility", c.tier,
         c.estimated_monthly_consumption::text as consumption, c.risk_level as "riskLevel", c.dishonest,
         sa.status = 'CLOSED' as closed, sa.collector_id as "collectorId",
         extract(epoch from sa.opened_at) * 1000 as "openedMs",
         extract(epoch from case when sa.status = 'ACTIVE' then null else coalesce(sa.closed_at, sa.status_changed_at) end) * 1000 as "endMs",
         count(*) over (partition by sa.customer_id)::int as "siblings",
         (select k.settlement_cycle from contract k
           where k.customer_id = c.id and k.type <> 'SETTLEMENT_AGREEMENT' and k.settlement_cycle is not null
           order by k.id limit 1) as cycle
  from service_account sa join customer c on c.id = sa.customer_id
  where sa.opened_at is not null and c.status in ('ACTIVE', 'SUSPENDED', 'CLOSED')
  order by sa.id`;

interface AccountRow {
  id: number;
  customerId: number;
  utility: Utility;
  customerUtility: Utility;
  tier: string;
  consumption: string;
  riskLevel: string | null;
  dishonest: boolean;
  closed: boolean;
  collectorId: number | null;
  openedMs: string | number;
  endMs: string | number | null;
  siblings: number;
  /** The settlement cycle of the customer's supply contract. */
  cycle: string | null;
}

/** A PostgreSQL array literal; null stands for NULL. */
function pgArray(values: ReadonlyArray<number | boolean | null>): string {
  // join() writes null as '', which PostgreSQL would not read as NULL.
  return `{${values.includes(null) ? values.map((v) => (v === null ? 'NULL' : v)).join(',') : values.join(',')}}`;
}

/** Column buffers of every ledger table, written out in batches. */
class LedgerRows {
  bills = { id: [] as number[], account: [] as number[], customer: [] as number[], start: [] as number[], end: [] as number[], fen: [] as number[], due: [] as number[], issued: [] as number[], source: [] as number[], createdMs: [] as number[] };
  payments = { id: [] as number[], account: [] as number[], customer: [] as number[], fen: [] as number[], channel: [] as number[], paidMs: [] as number[], recordedBy: [] as (number | null)[], createdMs: [] as number[] };
  allocations = { id: [] as number[], payment: [] as number[], bill: [] as number[], fen: [] as number[], createdMs: [] as number[] };
  adjustments = { id: [] as number[], account: [] as number[], customer: [] as number[], bill: [] as (number | null)[], fen: [] as number[], kind: [] as number[], reason: [] as number[], createdMs: [] as number[] };
  refunds = { id: [] as number[], payment: [] as number[], fen: [] as number[], reason: [] as number[], createdMs: [] as number[] };
  plans = { id: [] as number[], customer: [] as number[], account: [] as number[], fen: [] as number[], breached: [] as boolean[], agreed: [] as number[], agreedBy: [] as (number | null)[], note: [] as number[], closedMs: [] as (number | null)[], createdMs: [] as number[] };
  instalments = { id: [] as number[], plan: [] as number[], sequence: [] as number[], due: [] as number[], fen: [] as number[], paidFen: [] as number[], paidMs: [] as (number | null)[], status: [] as number[] };

  get size(): number {
    return Math.max(this.bills.id.length, this.payments.id.length, this.allocations.id.length);
  }

  /** The INSERT statements of everything buffered, parents first; the buffers start empty again. */
  take(): Array<[string, unknown[]]> {
    const out: Array<[string, unknown[]]> = [];
    const b = this.bills;
    if (b.id.length) {
      out.push([INSERT_BILLS, [pgArray(b.id), pgArray(b.account), pgArray(b.customer), pgArray(b.start), pgArray(b.end), pgArray(b.fen), pgArray(b.due), pgArray(b.issued), SOURCE_SYSTEMS, pgArray(b.source), pgArray(b.createdMs)]]);
    }
    const p = this.payments;
    if (p.id.length) {
      out.push([INSERT_PAYMENTS, [pgArray(p.id), pgArray(p.account), pgArray(p.customer), pgArray(p.fen), pgArray(p.channel), pgArray(p.paidMs), pgArray(p.recordedBy), CHANNELS, pgArray(p.createdMs)]]);
    }
    const a = this.allocations;
    if (a.id.length) out.push([INSERT_ALLOCATIONS, [pgArray(a.id), pgArray(a.payment), pgArray(a.bill), pgArray(a.fen), pgArray(a.createdMs)]]);
    const d = this.adjustments;
    if (d.id.length) {
      out.push([INSERT_ADJUSTMENTS, [pgArray(d.id), pgArray(d.account), pgArray(d.customer), pgArray(d.bill), pgArray(d.fen), pgArray(d.kind), pgArray(d.reason), ADJUSTMENT_KINDS, REASONS, pgArray(d.createdMs)]]);
    }
    const r = this.refunds;
    if (r.id.length) out.push([INSERT_REFUNDS, [pgArray(r.id), pgArray(r.payment), pgArray(r.fen), pgArray(r.reason), REASONS, pgArray(r.createdMs)]]);
    const l = this.plans;
    if (l.id.length) {
      out.push([INSERT_PLANS, [pgArray(l.id), pgArray(l.customer), pgArray(l.account), pgArray(l.fen), pgArray(l.breached), pgArray(l.agreed), pgArray(l.agreedBy), pgArray(l.note), pgArray(l.closedMs), REASONS, pgArray(l.createdMs)]]);
    }
    const i = this.instalments;
    if (i.id.length) {
      out.push([INSERT_INSTALMENTS, [pgArray(i.id), pgArray(i.plan), pgArray(i.sequence), pgArray(i.due), pgArray(i.fen), pgArray(i.paidFen), pgArray(i.paidMs), INSTALMENT_STATUSES, pgArray(i.status)]]);
    }
    for (const table of [this.bills, this.payments, this.allocations, this.adjustments, this.refunds, this.plans, this.instalments]) {
      for (const column of Object.values(table) as unknown[][]) column.length = 0;
    }
    return out;
  }
}

export interface ReceivablesCounts {
  bills: number;
  payments: number;
  allocations: number;
  adjustments: number;
  refunds: number;
  installmentPlans: number;
  instalments: number;
}

/** A bill while the account's history is replayed. */
interface OpenBill {
  id: number;
  issuedMs: number;
  amount: number;
  open: number;
}

/** Something that happens to an account's balance, replayed in time order. */
type LedgerEvent =
  | { at: number; type: 'pay'; fen: number | 'all'; channel: Channel; bill: number | null }
  | { at: number; type: 'credit'; bill: number; share: number; reason: number }
  | { at: number; type: 'writeOff' };

/**
 * Seeds the ledger of every supplied customer's service accounts (see the
 * top comment); `baseMs` is BASE_DATE, `historyMonths` how far back bills go
 * (the large profile bills the whole demo history). Returns the row counts.
 */
export async function seedReceivables(client: ClientBase, rng: Rng, baseMs: number, historyMonths = HISTORY_MONTHS): Promise<ReceivablesCounts> {
  const { rows: accounts } = await client.query<AccountRow>(ACCOUNTS_SQL);
  const baseDay = dayOf(baseMs);
  const baseMonth = monthOfDay(baseDay);
  // The last period billed: its bill is issued early next month and due by the 25th, before BASE_DATE.
  const lastPeriod = baseMonth - 2;
  const firstPeriod = baseMonth - historyMonths;
  const ids = { bill: 0, payment: 0, allocation: 0, adjustment: 0, refund: 0, plan: 0, instalment: 0 };
  const rows = new LedgerRows();

  let pending: Promise<unknown> | null = null;
  const send = async () => {
    const statements = rows.take();
    if (pending) await pending;
    pending = (async () => {
      for (const [sql, params] of statements) await client.query(sql, params);
    })();
  };

  for (const account of accounts) {
    const utility = account.utility;
    const openedDay = dayOf(Number(account.openedMs));
    const endDay = account.endMs === null ? Number.POSITIVE_INFINITY : dayOf(Number(account.endMs));
    const startMonth = Math.max(monthOfDay(openedDay), firstPeriod);
    const endMonth = Math.min(lastPeriod, endDay === Number.POSITIVE_INFINITY ? lastPeriod : monthOfDay(endDay));
    // The account's habits, drawn before anything else of it.
    const weight = 0.6 + 0.8 * rng();
    const issueOffset = randInt(rng, 0, 3);
    const dueDom = randInt(rng, 15, 25);
    const usual = USUAL_CHANNEL.pick(rng);
    const riskClass = account.dishonest || account.riskLevel === 'HIGH' ? 'risky' : account.riskLevel ? 'watched' : 'plain';
    let habit = HABITS[riskClass].pick(rng);
    // Strategic accounts pay, if sometimes late (a group-level account does not simply stop).
    if (account.tier === 'STRATEGIC' && habit !== 'ON_TIME') habit = 'LATE';
    const planRoll = rng();
    if (startMonth > endMonth) continue;

    const large = account.tier === 'KEY' || account.tier === 'STRATEGIC';
    const units = Number(account.consumption);
    const monthlyFen = (units * (large ? LARGE_PRICE_FEN : PRICE_FEN)[account.customerUtility] * weight) / account.siblings;
    const tenDay = account.cycle === 'TEN_DAY_READ_TEN_DAY_COLLECT';
    const quarterly = account.cycle === 'QUARTERLY';
    // Seed 002: customers above 100,000 kWh a month are debited at least three times a month (ten-day bills are already).
    const thriceMonthly = utility === 'POWER' && large && !tenDay;
    const customer = account.customerId;

    // The bills.
    const bills: OpenBill[] = [];
    const dueDays: number[] = [];
    const events: LedgerEvent[] = [];
    // The billing periods of the customer's settlement cycle (DOMAIN.md "Contracts"): 旬抄旬收 bills every
    // ten days, quarterly settlement once a quarter, every other cycle once a month; cut to the days supplied.
    const periods: Array<[number, number]> = [];
    for (let m = startMonth; m <= endMonth; m++) {
      const monthStart = firstDay(m);
      const monthEnd = firstDay(m + 1) - 1;
      if (tenDay) periods.push([monthStart, monthStart + 9], [monthStart + 10, monthStart + 19], [monthStart + 20, monthEnd]);
      else if (!quarterly) periods.push([monthStart, monthEnd]);
      else if (m % 3 === 2 || m === endMonth) periods.push([firstDay(Math.max(startMonth, m - (m % 3))), monthEnd]);
    }
    for (const [periodStart, periodEnd] of periods) {
      const start = Math.max(periodStart, openedDay);
      const end = Math.min(periodEnd, endDay);
      if (end < start) continue;
      // Each month's share of the period, at that month's season.
      let units = 0;
      for (let m = monthOfDay(start); m <= monthOfDay(end); m++) {
        const days = Math.min(end, firstDay(m + 1) - 1) - Math.max(start, firstDay(m)) + 1;
        units += (SEASON[utility][m % 12]! * days) / (firstDay(m + 1) - firstDay(m));
      }
      const fen = Math.max(100, Math.round(monthlyFen * units * (0.9 + 0.2 * rng())));
      const issued = periodEnd + 1 + (tenDay ? issueOffset % 2 : issueOffset) + randInt(rng, 0, 1);
      const due = tenDay ? issued + 7 + (dueDom % 4) : firstDay(monthOfDay(periodEnd) + 1) - 1 + dueDom;
      const id = ++ids.bill;
      const issuedMs = msOf(issued, 2 * 3600 + randInt(rng, 0, 3599));
      rows.bills.id.push(id);
      rows.bills.account.push(account.id);
      rows.bills.customer.push(customer);
      rows.bills.start.push(start);
      rows.bills.end.push(end);
      rows.bills.fen.push(fen);
      rows.bills.due.push(due);
      rows.bills.issued.push(issued);
      rows.bills.source.push(SOURCE_OF[utility]);
      rows.bills.createdMs.push(issuedMs);
      bills.push({ id, issuedMs, amount: fen, open: fen });
      dueDays.push(due);
    }
    if (bills.length === 0) continue;
    const n = bills.length;

    // How the account pays: intents in time, replayed below.
    const payAt = (day: number, channel: Channel) => {
      // Bank withholding runs at night; counters and cash in business hours; apps any time of day.
      const seconds =
        channel === BANK ? randInt(rng, 1, 6) * 3600 + randInt(rng, 0, 3599)
        : channel === COUNTER || channel === CASH ? 8 * 3600 + 30 * 60 + randInt(rng, 0, 9 * 3600 - 1)
        : 7 * 3600 + randInt(rng, 0, 16 * 3600 - 1);
      return msOf(day, seconds);
    };
    const channelNow = (): Channel => (chance(rng, 0.8) ? usual : USUAL_CHANNEL.pick(rng));
    const onTimeDay = (k: number) => {
      const issuedDay = dayOf(bills[k]!.issuedMs);
      return randInt(rng, issuedDay + 1, Math.max(issuedDay + 1, dueDays[k]!));
    };
    const pay = (day: number, fen: number | 'all', bill: number | null = null, channel = channelNow()) => {
      if (day < baseDay) events.push({ at: payAt(day, channel), type: 'pay', fen, channel, bill });
    };

    let stopAt = n; // bills from here on are never paid
    let plan: 'active' | 'breached' | null = null;
    if (habit === 'STOPPED') {
      if (!account.closed && planRoll < 0.45 && n >= 4) {
        plan = planRoll < 0.25 ? 'active' : 'breached';
        stopAt = plan === 'active' ? randInt(rng, Math.max(1, n - 5), n - 2) : randInt(rng, 1, Math.max(1, n - 6));
      } else {
        stopAt = randInt(rng, Math.max(0, n - 12), n - 1);
      }
    }
    const disputed = habit === 'DISPUTE' && n >= 5 ? randInt(rng, 0, n - 4) : -1;

    for (let k = 0; k < n; k++) {
      const bill = bills[k]!;
      const amount = bill.amount;
      if (k >= stopAt) break;
      if (k === disputed) {
        // 计量争议: the bill is reduced by a credit note weeks later, and the rest stays open.
        events.push({ at: bill.issuedMs + randInt(rng, 20, 60) * DAY_MS, type: 'credit', bill: k, share: 0.1 + 0.2 * rng(), reason: reason('计量争议协商减免 (metering dispute settled)') });
        continue;
      }
      const explicit = disputed >= 0 ? k : null;
      switch (habit) {
        case 'ON_TIME':
        case 'DISPUTE':
        case 'STOPPED': {
          if (chance(rng, 0.004)) {
            // A misread meter or a tariff change: a credit note before the payment, which pays the rest.
            const issuedDay = dayOf(bill.issuedMs);
            events.push({ at: msOf(issuedDay + 1, 10 * 3600), type: 'credit', bill: k, share: 0.05 + 0.15 * rng(), reason: chance(rng, 0.7) ? reason('抄表差错退补 (meter misread corrected)') : reason('电价政策调整退补 (tariff change refunded)') });
            pay(Math.max(issuedDay + 2, onTimeDay(k)), 'all', explicit);
          } else if (thriceMonthly && amount >= 300) {
            const issuedDay = dayOf(bill.issuedMs);
            const first = Math.floor(amount * 0.4);
            const second = Math.floor(amount * 0.3);
            pay(issuedDay + 1, first, explicit, BANK);
            pay(issuedDay + 8, second, explicit, BANK);
            pay(Math.min(issuedDay + 15, dueDays[k]!), amount - first - second, explicit, BANK);
          } else if (habit === 'ON_TIME' && chance(rng, 0.015)) {
            // Rounded up to the next hundred yuan: the rest stays as credit.
            pay(onTimeDay(k), Math.ceil((amount + 1) / 10_000) * 10_000, explicit);
          } else {
            pay(onTimeDay(k), amount, explicit);
          }
          break;
        }
        case 'LATE':
          pay(chance(rng, 0.5) ? dueDays[k]! + randInt(rng, 1, 60) : onTimeDay(k), amount);
          break;
        case 'PARTIAL':
          // Part of each bill a little late, and now and then everything that is open.
          if (chance(rng, 0.2)) pay(dueDays[k]! + randInt(rng, 5, 40), 'all');
          else pay(dueDays[k]! + randInt(rng, 0, 20), Math.round(amount * (0.5 + 0.45 * rng())));
          break;
      }
    }

    // Plans: agreed for what was open then; a breached plan paid some instalments and missed one.
    let planRow: { agreed: number; dues: number[]; fens: number[]; paid: number; breached: boolean } | null = null;
    if (plan !== null) {
      const lastIssuedDay = dayOf(bills[n - 1]!.issuedMs);
      const agreed = plan === 'active' ? randInt(rng, lastIssuedDay + 1, baseDay - 2) : dayOf(bills[Math.min(n - 1, stopAt + 2)]!.issuedMs) + randInt(rng, 3, 12);
      const count = randInt(rng, 3, 6);
      const agreedMonth = monthOfDay(agreed);
      const firstDueMonth = plan === 'active' ? baseMonth + 1 : agreedMonth + 1;
      const dues = Array.from({ length: count }, (_, i) => firstDay(firstDueMonth + i) + 24);
      // The missed instalment must fall due, and be detected, before BASE_DATE.
      let paid = 0;
      if (plan === 'breached') {
        while (paid + 1 < count && nextBusinessDay(dues[paid + 1]!) < baseDay - 1 && chance(rng, 0.6)) paid++;
        if (nextBusinessDay(dues[paid]!) >= baseDay - 1) plan = null;
      }
      if (plan !== null) planRow = { agreed, dues, fens: [], paid, breached: plan === 'breached' };
    }

    // Replay in time order: each bill joins the open list when issued; payments take the oldest open bill first.
    events.sort((a, b) => a.at - b.at);
    let oldestOpen = 0;
    let planEvents: LedgerEvent[] = [];
    const replay = (list: LedgerEvent[], until: number) => {
      for (const event of list) {
        if (event.at > until) return;
        if (event.at >= baseMs) continue;
        if (event.type === 'credit') {
          const bill = bills[event.bill]!;
          const fen = Math.floor(bill.open * event.share);
          if (fen <= 0) continue;
          bill.open -= fen;
          adjustment(account, bill.id, -fen, CREDIT_NOTE, event.reason, event.at);
          continue;
        }
        if (event.type === 'writeOff') {
          for (const bill of bills) {
            if (bill.issuedMs > event.at || bill.open === 0) continue;
            adjustment(account, bill.id, -bill.open, WRITE_OFF, reason('销户呆账核销 (bad debt of a closed account written off)'), event.at);
            bill.open = 0;
          }
          continue;
        }
        // Oldest first: bills are issued in due-date order, so the open ones issued by now are a run from `oldestOpen`.
        while (oldestOpen < n && bills[oldestOpen]!.open === 0) oldestOpen++;
        let upTo = oldestOpen;
        while (upTo < n && bills[upTo]!.issuedMs < event.at) upTo++;
        const from = event.bill ?? oldestOpen;
        const to = event.bill === null ? upTo : event.bill + 1;
        let fen = event.fen === 'all' ? 0 : event.fen;
        if (event.fen === 'all') for (let i = from; i < to; i++) fen += bills[i]!.open;
        if (fen <= 0) continue;
        const paymentId = ++ids.payment;
        const createdMs = event.at + randInt(rng, 1, 600) * 1000;
        rows.payments.id.push(paymentId);
        rows.payments.account.push(account.id);
        rows.payments.customer.push(customer);
        rows.payments.fen.push(fen);
        rows.payments.channel.push(event.channel);
        rows.payments.paidMs.push(event.at);
        rows.payments.recordedBy.push(event.channel === COUNTER || event.channel === CASH ? account.collectorId : null);
        rows.payments.createdMs.push(createdMs);
        let left = fen;
        for (let i = from; i < to; i++) {
          const bill = bills[i]!;
          if (left === 0) break;
          const take = Math.min(left, bill.open);
          if (take === 0) continue;
          rows.allocations.id.push(++ids.allocation);
          rows.allocations.payment.push(paymentId);
          rows.allocations.bill.push(bill.id);
          rows.allocations.fen.push(take);
          rows.allocations.createdMs.push(createdMs);
          bill.open -= take;
          left -= take;
        }
        // Credit left over: some of it is paid back 退费 a few weeks later.
        if (left > 0 && chance(rng, 0.35)) {
          const refundMs = createdMs + randInt(rng, 7, 40) * DAY_MS;
          if (refundMs < baseMs) {
            rows.refunds.id.push(++ids.refund);
            rows.refunds.payment.push(paymentId);
            rows.refunds.fen.push(left);
            rows.refunds.reason.push(event.channel === 6 ? reason('预付费余额清退 (prepayment balance returned)') : reason('多缴费用退回 (overpayment refunded)'));
            rows.refunds.createdMs.push(refundMs);
          }
        }
      }
    };
    if (planRow) {
      const agreedMs = msOf(planRow.agreed, 10 * 3600 + randInt(rng, 0, 6 * 3600));
      replay(events, agreedMs);
      // The total: what the account owed when the plan was agreed (no credit: these accounts never overpay).
      const total = bills.reduce((sum, b) => (b.issuedMs < agreedMs ? sum + b.open : sum), 0);
      const count = planRow.dues.length;
      if (total >= count * 100) {
        const each = Math.floor(total / count);
        planRow.fens = planRow.dues.map((_, i) => (i === count - 1 ? total - each * (count - 1) : each));
        const planId = ++ids.plan;
        rows.plans.id.push(planId);
        rows.plans.customer.push(customer);
        rows.plans.account.push(account.id);
        rows.plans.fen.push(total);
        rows.plans.breached.push(planRow.breached);
        rows.plans.agreed.push(planRow.agreed);
        rows.plans.agreedBy.push(account.collectorId);
        rows.plans.note.push(pick(rng, [7, 8, 9]));
        rows.plans.closedMs.push(planRow.breached ? msOf(nextBusinessDay(planRow.dues[planRow.paid]!), 6 * 3600) : null);
        rows.plans.createdMs.push(agreedMs + randInt(rng, 60, 3600) * 1000);
        for (let i = 0; i < count; i++) {
          const paid = i < planRow.paid;
          const paidMs = paid ? payAt(planRow.dues[i]! - randInt(rng, 0, 3), COUNTER) : null;
          rows.instalments.id.push(++ids.instalment);
          rows.instalments.plan.push(planId);
          rows.instalments.sequence.push(i + 1);
          rows.instalments.due.push(planRow.dues[i]!);
          rows.instalments.fen.push(planRow.fens[i]!);
          rows.instalments.paidFen.push(paid ? planRow.fens[i]! : 0);
          rows.instalments.paidMs.push(paidMs);
          rows.instalments.status.push(paid ? 2 : planRow.breached && i === planRow.paid ? 3 : 1);
          // The instalment's money arrives as a ledger payment too (installment.service.ts keeps the two apart).
          if (paidMs !== null) planEvents.push({ at: paidMs, type: 'pay', fen: planRow.fens[i]!, channel: COUNTER, bill: null });
        }
      }
      planEvents = [...events.filter((e) => e.at > agreedMs), ...planEvents].sort((a, b) => a.at - b.at);
      replay(planEvents, Number.POSITIVE_INFINITY);
    } else {
      replay(events, Number.POSITIVE_INFINITY);
      // Old arrears of a closed account written off 核销, now and then.
      if (account.closed && bills.some((b) => b.open > 0) && chance(rng, 0.4)) {
        const at = Math.min(baseMs - DAY_MS, Number(account.endMs ?? baseMs) + randInt(rng, 60, 300) * DAY_MS);
        replay([{ at, type: 'writeOff' }], Number.POSITIVE_INFINITY);
      }
    }

    if (rows.size >= BATCH) await send();
  }
  await send();
  if (pending) await pending;

  function adjustment(a: AccountRow, billId: number, fen: number, kind: number, why: number, at: number): void {
    rows.adjustments.id.push(++ids.adjustment);
    rows.adjustments.account.push(a.id);
    rows.adjustments.customer.push(a.customerId);
    rows.adjustments.bill.push(billId);
    rows.adjustments.fen.push(fen);
    rows.adjustments.kind.push(kind);
    rows.adjustments.reason.push(why);
    rows.adjustments.createdMs.push(at);
  }

  return {
    bills: ids.bill,
    payments: ids.payment,
    allocations: ids.allocation,
    adjustments: ids.adjustment,
    refunds: ids.refund,
    installmentPlans: ids.plan,
    instalments: ids.instalment,
  };
}
