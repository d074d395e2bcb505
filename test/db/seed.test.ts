import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_DATE, seedDemoData } from '../../server/src/db/seed/demo-data.js';
import { parseSeedArgs, runSeedCommand } from '../../server/src/db/seed/seed-command.js';
import { usccProblem } from '../../server/src/modules/customers/uscc.js';
import { canMove } from '../../server/src/modules/customers/customer-lifecycle.js';
import type { CustomerStatus } from '../../server/src/modules/customers/customer.enums.js';
import { createMigratedDatabase } from '../support/harness.js';

const FINGERPRINT = `select md5(string_agg(concat_ws('|', id, name, uscc, kind, utility, tier, status, org_unit_id,
  responsible_rep_id, address, estimated_monthly_consumption, created_at, industry, source, referred_by_id, latitude, longitude,
  responsible_leader_id, risk_level, developed_at), ',' order by id)) as customers,
  (select md5(string_agg(concat_ws('|', id, customer_id, name, phone, is_primary), ',' order by id)) from contact) as contacts,
  (select md5(string_agg(concat_ws('|', id, path, name, latitude, longitude), ',' order by id)) from org_unit) as tree,
  (select md5(string_agg(concat_ws('|', id, customer_id, org_unit_id, account_number, address, utility, status, opened_at),
     ',' order by id)) from service_account) as accounts,
  (select md5(string_agg(concat_ws('|', id, customer_id, service_account_id, channel, purpose, occurred_at, outcome, next_step_due_on,
     promised_amount, promised_on, satisfaction, check_in_at, check_in_latitude, recorded_by_id), ',' order by id)) from visit) as visits,
  (select md5(string_agg(concat_ws('|', visit_id, user_id), ',' order by visit_id, user_id)) from visit_participant) as participants,
  (select md5(string_agg(concat_ws('|', id, customer_id, number, status, starts_on, ends_on), ',' order by id)) from contract) as contracts
  from customer`;

/** The ledger (bills, payments, allocations, adjustments, refunds, plans), independent of the session time zone. */
const LEDGER_FINGERPRINT = `select
  (select md5(string_agg(concat_ws('|', id, service_account_id, period_start, period_end, amount, due_on, issued_on, source_system, external_id), ',' order by id)) from bill) as bills,
  (select md5(string_agg(concat_ws('|', id, service_account_id, amount, channel, extract(epoch from paid_at), external_reference, recorded_by_user_id), ',' order by id)) from payment) as payments,
  (select md5(string_agg(concat_ws('|', id, payment_id, bill_id, amount), ',' order by id)) from allocation) as allocations,
  (select md5(string_agg(concat_ws('|', id, service_account_id, bill_id, amount, kind, extract(epoch from created_at)), ',' order by id)) from adjustment) as adjustments,
  (select md5(string_agg(concat_ws('|', id, payment_id, amount), ',' order by id)) from refund) as refunds,
  (select md5(string_agg(concat_ws('|', p.id, p.service_account_id, p.total, p.status, p.agreed_on, i.sequence, i.due_on, i.amount, i.status), ',' order by p.id, i.sequence))
     from installment_plan p join instalment i on i.plan_id = p.id) as plans,
  (select count(*) from bill) as bill_count, (select count(*) from payment) as payment_count`;

/** The rows the seed gave before issue 5 added its own (customers, contacts, staff), independent of the session time zone. */
const CORE_FINGERPRINT = `select md5(string_agg(concat_ws('|', id, name, uscc, kind, utility, tier, status, org_unit_id,
  responsible_rep_id, address, estimated_monthly_consumption, extract(epoch from created_at), extract(epoch from status_changed_at)),
  ',' order by id)) as customers,
  (select md5(string_agg(concat_ws('|', id, customer_id, name, title, phone, email, wechat, is_primary), ',' order by id)) from contact) as contacts,
  (select md5(string_agg(concat_ws('|', id, login, name, role, org_unit_id, phone), ',' order by id)) from app_user) as staff
  from customer`;

/** CORE_FINGERPRINT of 400 customers with the default seed, as issue 4 left them. */
const CORE_ROWS_OF_SEED_20261125 = {
  customers: 'e98c56da1de1b97597cab5d1255ecc74',
  contacts: '2016759abf15eb436969b47b0e0653f0',
  staff: '0f007d9b228b3c6acb3bcd68233217af',
};

async function seeded(customers: number, seed?: number, profile?: 'small' | 'large') {
  const database = await createMigratedDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('begin');
  const summary = await seedDemoData(client, { customers, seed, profile });
  await client.query('commit');
  return { database, client, summary };
}

type Seeded = Awaited<ReturnType<typeof seeded>>;
const opened: Seeded[] = [];

afterAll(async () => {
  for (const { client, database } of opened) {
    await client.end();
    await database.drop();
  }
});

/** Counts rows breaking a rule: each query returns one row `{ n }`. */
async function violations(client: pg.Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from (${sql}) as broken`);
  return rows[0]!.n;
}

const BASE_DAY = BASE_DATE.slice(0, 10);

describe('demo seed', () => {
  let a: Seeded;
  let b: Seeded;
  let other: Seeded;
  beforeAll(async () => {
    [a, b, other] = await Promise.all([seeded(400), seeded(400), seeded(400, 7)]);
    opened.push(a, b, other);
  });

  it('gives identical data for the same options and different customers for another seed', async () => {
    const [fa, fb, fo] = await Promise.all([a, b, other].map((s) => s.client.query(FINGERPRINT).then((r) => r.rows[0])));
    expect(fa).toEqual(fb);
    expect(fo.tree).toBe(fa.tree);
    expect(fo.customers).not.toBe(fa.customers);
    expect(fo.accounts).not.toBe(fa.accounts);
    expect(fo.visits).not.toBe(fa.visits);
  });

  it('keeps the customers, contacts and staff a seed gave before the CRM rows existed', async () => {
    // The CRM rows and visits draw from PRNGs of their own, so the rows other tests and demos name stay put.
    const [core] = (await a.client.query(CORE_FINGERPRINT)).rows;
    expect(core).toEqual(CORE_ROWS_OF_SEED_20261125);
  });

  it('creates the customers asked for, with USCCs the server accepts', async () => {
    expect(a.summary.customers).toBe(400);
    const { rows } = await a.client.query<{ uscc: string | null; status: string }>(`select uscc, status from customer`);
    expect(rows).toHaveLength(400);
    const withCode = rows.filter((r) => r.uscc !== null);
    expect(withCode.length).toBeGreaterThan(350);
    expect(withCode.filter((r) => usccProblem(r.uscc!) !== null)).toEqual([]);
    expect(rows.filter((r) => r.uscc === null && ['ACTIVE', 'SUSPENDED', 'CLOSED'].includes(r.status))).toEqual([]);
  });

  it('puts every customer at a station with a rep of that station and exactly one primary contact', async () => {
    const { rows } = await a.client.query(`
      select
        (select count(*) from customer c join org_unit o on o.id = c.org_unit_id where o.kind <> 'STATION')::int as off_station,
        (select count(*) from customer c join app_user u on u.id = c.responsible_rep_id
          where u.org_unit_id <> c.org_unit_id or u.role <> 'REP')::int as foreign_reps,
        (select count(*) from customer c where (select count(*) from contact k where k.customer_id = c.id and k.is_primary) <> 1)::int as bad_primary`);
    expect(rows[0]).toEqual({ off_station: 0, foreign_reps: 0, bad_primary: 0 });
  });

  it('places stations in Guizhou and customers within 60 km of their station', async () => {
    expect(await violations(a.client, `select 1 from org_unit where latitude is null or longitude is null
      or latitude not between 24.6 and 29.3 or longitude not between 103.6 and 109.6`)).toBe(0);
    const { rows } = await a.client.query(`
      select max(d) as max, count(*) filter (where d between 30 and 50)::int as mid, count(*) filter (where d < 10)::int as near
        from (select 111.32 * sqrt(power(c.latitude - o.latitude, 2) + power((c.longitude - o.longitude) * cos(radians(o.latitude)), 2)) as d
                from customer c join org_unit o on o.id = c.org_unit_id) as distances`);
    expect(rows[0].max).toBeLessThan(60.5);
    expect(rows[0].mid).toBeGreaterThan(20);
    expect(rows[0].near).toBeGreaterThan(100);
  });

  it('fills the customer fields of issue 5 consistently', async () => {
    const c = a.client;
    // Referrals name an earlier customer; about 15% of customers were referred.
    expect(await violations(c, `select 1 from customer where (source = 'REFERRAL') <> (referred_by_id is not null) or referred_by_id >= id`)).toBe(0);
    const { rows } = await c.query(`select count(*) filter (where source = 'REFERRAL')::int as referred,
      count(*) filter (where industry is null or district is null)::int as blank,
      count(*) filter (where dishonest)::int as dishonest from customer`);
    expect(rows[0].referred).toBeGreaterThan(30);
    expect(rows[0].referred).toBeLessThan(95);
    expect(rows[0].blank).toBe(0);
    expect(rows[0].dishonest).toBeLessThan(8);
    // Developed exactly when supplied (now or before).
    expect(await violations(c, `select 1 from customer
      where (developed_at is not null) <> (status in ('ACTIVE', 'SUSPENDED', 'CLOSED')) or developed_at < created_at or developed_at > status_changed_at`)).toBe(0);
    expect(await violations(c, `select 1 from customer where dishonest <> (dishonest_since is not null)`)).toBe(0);
    // Strategic and key accounts have a 包保领导: a LEAD at or above their station.
    expect(await violations(c, `select 1 from customer c where c.tier in ('STRATEGIC', 'KEY') and c.responsible_leader_id is null`)).toBe(0);
    expect(await violations(c, `select 1 from customer c join org_unit o on o.id = c.org_unit_id
      join app_user u on u.id = c.responsible_leader_id join org_unit lo on lo.id = u.org_unit_id
      where u.role <> 'LEAD' or o.path not like lo.path || '%'`)).toBe(0);
  });

  it('writes a lifecycle history of allowed moves ending at the current status', async () => {
    const { rows } = await a.client.query<{ customer_id: number; from_status: CustomerStatus | null; to_status: CustomerStatus; reason: string | null; changed_at: Date; status: CustomerStatus; status_changed_at: Date }>(
      `select s.customer_id, s.from_status, s.to_status, s.reason, s.changed_at, c.status, c.status_changed_at
         from customer_status_change s join customer c on c.id = s.customer_id order by s.customer_id, s.id`,
    );
    const byCustomer = new Map<number, typeof rows>();
    for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row]);
    expect(byCustomer.size).toBe(400);
    const problems: string[] = [];
    for (const [id, history] of byCustomer) {
      if (history.length < 1 || history.length > 4) problems.push(`${id}: ${history.length} rows`);
      if (history[0]!.from_status !== null) problems.push(`${id}: first row comes from ${history[0]!.from_status}`);
      history.forEach((row, k) => {
        if (k > 0) {
          const prev = history[k - 1]!;
          if (row.from_status !== prev.to_status || !canMove(prev.to_status, row.to_status)) problems.push(`${id}: ${prev.to_status} → ${row.to_status}`);
          if (row.changed_at < prev.changed_at) problems.push(`${id}: history goes back in time`);
        }
        if ((row.to_status === 'SUSPENDED' || row.to_status === 'CLOSED') && !row.reason) problems.push(`${id}: ${row.to_status} without a reason`);
      });
      const last = history[history.length - 1]!;
      if (last.to_status !== last.status || last.changed_at.getTime() !== last.status_changed_at.getTime()) problems.push(`${id}: ends at ${last.to_status}, not ${last.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('gives supplied customers about 3 service accounts each, with unique digit account numbers, some served jointly', async () => {
    const c = a.client;
    const { rows } = await c.query(`select count(*)::int as n, count(distinct account_number)::int as numbers,
      count(*) filter (where account_number !~ '^[0-9]{8,20}$')::int as bad,
      count(*) filter (where so.parent_id <> co.parent_id)::int as joint
      from service_account sa join customer cu on cu.id = sa.customer_id
      join org_unit so on so.id = sa.org_unit_id join org_unit co on co.id = cu.org_unit_id`);
    expect(rows[0].numbers).toBe(rows[0].n);
    expect(rows[0].bad).toBe(0);
    expect(rows[0].n / 400).toBeGreaterThan(2.4);
    expect(rows[0].n / 400).toBeLessThan(3.8);
    expect(rows[0].joint / rows[0].n).toBeGreaterThan(0.05);
    expect(rows[0].joint / rows[0].n).toBeLessThan(0.16);
    expect(await violations(c, `select 1 from service_account sa join org_unit o on o.id = sa.org_unit_id where o.kind <> 'STATION'`)).toBe(0);
    expect(await violations(c, `select 1 from service_account sa join customer cu on cu.id = sa.customer_id
      where cu.status not in ('ACTIVE', 'SUSPENDED', 'CLOSED')
         or (cu.status = 'CLOSED' and sa.status <> 'CLOSED')
         or (sa.status = 'CLOSED') <> (sa.closed_at is not null)
         or (sa.status <> 'ACTIVE') <> (sa.status_reason is not null)
         or sa.opened_at < cu.developed_at`)).toBe(0);
  });

  it('gives active customers a signed supply contract matching their utility, some expiring within 60 days', async () => {
    const c = a.client;
    expect(await violations(c, `select 1 from customer cu where cu.status = 'ACTIVE'
      and not exists (select 1 from contract k where k.customer_id = cu.id and k.status = 'ACTIVE'
        and k.type = case cu.utility when 'POWER' then 'POWER_SUPPLY' when 'GAS' then 'GAS_SUPPLY' when 'HEAT' then 'HEAT_SUPPLY' else 'ENERGY_SERVICES' end)`)).toBe(0);
    // The rules of modules/contracts: supply contracts have a settlement cycle, dates in order, signed ones have a signer.
    expect(await violations(c, `select 1 from contract where type in ('GAS_SUPPLY', 'POWER_SUPPLY', 'HEAT_SUPPLY') and settlement_cycle is null`)).toBe(0);
    expect(await violations(c, `select 1 from contract where ends_on < starts_on or signed_on is null or signer is null
      or signed_on > '${BASE_DAY}' or (ends_on is not null and signed_on > ends_on) or prepayment_periods not between 0 and 12
      or prepayment_amount < 0 or (status = 'ACTIVE' and ends_on < '${BASE_DAY}')`)).toBe(0);
    expect(await violations(c, `select 1 from contract k where
      (select count(*) from contract_event e where e.contract_id = k.id and e.customer_id = k.customer_id and e.kind in ('CREATED', 'SIGNED')) <> 2
      or (k.status in ('TERMINATED', 'EXPIRED') and not exists (select 1 from contract_event e where e.contract_id = k.id and e.kind = k.status))`)).toBe(0);
    const { rows } = await c.query(`select count(*) filter (where ends_on between '${BASE_DAY}'::date and '${BASE_DAY}'::date + 59)::float
      / count(*) as expiring from contract where status = 'ACTIVE'`);
    expect(rows[0].expiring).toBeGreaterThan(0.015);
    expect(rows[0].expiring).toBeLessThan(0.1);
  });

  it('puts about 2% of customers on the risk ledger, at most one open entry each, with a plan and a leader', async () => {
    const c = a.client;
    expect(await violations(c, `select customer_id from risk_entry where closed_at is null group by 1 having count(*) > 1`)).toBe(0);
    expect(await violations(c, `select 1 from customer cu where cu.risk_level is distinct from
      (select level from risk_entry r where r.customer_id = cu.id and r.closed_at is null)`)).toBe(0);
    expect(await violations(c, `select 1 from risk_entry r join app_user u on u.id = r.responsible_leader_id
      where u.role <> 'LEAD' or jsonb_array_length(r.plan) not between 2 and 4
         or exists (select 1 from jsonb_array_elements(r.plan) p where coalesce(p->>'action', '') = '' or not (p ? 'dueOn') or not (p ? 'doneOn'))
         or (r.closed_at is null) <> (r.close_reason is null) or r.closed_at < r.opened_at`)).toBe(0);
    const { rows } = await c.query(`select count(*)::int as n from customer where risk_level is not null`);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    expect(rows[0].n).toBeLessThan(25);
  });

  it('logs visits that keep every rule the visits module enforces', async () => {
    const c = a.client;
    expect(a.summary.visits).toBe(2000);
    const day = `(v.occurred_at at time zone 'Asia/Shanghai')::date`;
    const broken = {
      checkIn: `select 1 from visit v where (v.channel = 'ON_SITE') <> (v.check_in_at is not null and v.check_in_latitude is not null and v.check_in_longitude is not null)
        or (v.channel <> 'ON_SITE' and (v.check_in_latitude is not null or v.check_in_longitude is not null))
        or abs(extract(epoch from v.check_in_at - v.occurred_at)) > 12 * 3600`,
      promise: `select 1 from visit v where (v.promised_amount is not null or v.promised_on is not null)
        and (v.purpose <> 'COLLECTION' or v.promised_amount is null or v.promised_on is null or v.promised_amount <= 0 or v.promised_on < ${day})`,
      satisfaction: `select 1 from visit v where (v.purpose = 'RETURN_VISIT' and v.satisfaction is null)
        or (v.purpose not in ('RETURN_VISIT', 'SERVICE') and v.satisfaction is not null) or v.satisfaction not between 1 and 5`,
      nextStep: `select 1 from visit v where v.next_step_due_on is not null and (v.next_step is null or v.next_step_due_on < ${day})`,
      outcome: `select 1 from visit v where btrim(v.outcome) = ''`,
      recorder: `select 1 from visit v where not exists (select 1 from visit_participant p where p.visit_id = v.id and p.user_id = v.recorded_by_id)`,
      account: `select 1 from visit v join service_account sa on sa.id = v.service_account_id where sa.customer_id <> v.customer_id`,
      time: `select 1 from visit v join customer cu on cu.id = v.customer_id where v.occurred_at < cu.created_at or v.occurred_at >= '${BASE_DATE}'`,
      prospects: `select 1 from visit v join customer cu on cu.id = v.customer_id where cu.status = 'PROSPECT'`,
    };
    const found = Object.fromEntries(await Promise.all(Object.entries(broken).map(async ([rule, sql]) => [rule, await violations(c, sql)])));
    expect(found).toEqual(Object.fromEntries(Object.keys(broken).map((rule) => [rule, 0])));
  });

  it('mixes channels and purposes plausibly, with leaders on some visits', async () => {
    const { rows } = await a.client.query(`select
      count(*) filter (where channel = 'PHONE')::float / count(*) as phone,
      count(*) filter (where channel = 'ON_SITE')::float / count(*) as on_site,
      count(*) filter (where purpose = 'COLLECTION' and promised_amount is not null)::float
        / nullif(count(*) filter (where purpose = 'COLLECTION'), 0) as promises,
      (select count(distinct p.visit_id) from visit_participant p join app_user u on u.id = p.user_id where u.role = 'LEAD')::float / count(*) as led,
      (select count(*) from (select visit_id from visit_participant group by 1 having count(*) > 1) m)::float / count(*) as accompanied
      from visit`);
    const mix = rows[0];
    expect(mix.phone).toBeGreaterThan(0.42);
    expect(mix.phone).toBeLessThan(0.58);
    expect(mix.on_site).toBeGreaterThan(0.28);
    expect(mix.on_site).toBeLessThan(0.42);
    expect(mix.promises).toBeGreaterThan(0.2);
    expect(mix.promises).toBeLessThan(0.4);
    expect(mix.led).toBeGreaterThan(0.025);
    expect(mix.led).toBeLessThan(0.08);
    expect(mix.accompanied).toBeGreaterThan(0.18);
    expect(mix.accompanied).toBeLessThan(0.36);
  });

  it('gives the same ledger for the same options and another one for another seed', async () => {
    const [la, lb, lo] = await Promise.all([a, b, other].map((s) => s.client.query(LEDGER_FINGERPRINT).then((r) => r.rows[0])));
    expect(la).toEqual(lb);
    expect(lo.bills).not.toBe(la.bills);
    expect(lo.payments).not.toBe(la.payments);
    expect(a.summary).toMatchObject({ bills: Number(la.bill_count), payments: Number(la.payment_count) });
  });

  it('keeps the ledger invariants: allocations fit their bill and payment, balances add up per account', async () => {
    const c = a.client;
    // An allocation never takes more than is open on its bill (after credit notes) nor more than is left of its payment.
    expect(await violations(c, `select 1 from bill b
      where coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)
          > b.amount + least(0, coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0))`)).toBe(0);
    expect(await violations(c, `select 1 from payment p
      where coalesce((select sum(a.amount) from allocation a where a.payment_id = p.id), 0)
          + coalesce((select sum(f.amount) from refund f where f.payment_id = p.id), 0) > p.amount`)).toBe(0);
    // A payment pays bills of its own account, issued by then; every row names its account's customer.
    expect(await violations(c, `select 1 from allocation a join payment p on p.id = a.payment_id join bill b on b.id = a.bill_id
      where b.service_account_id <> p.service_account_id or (p.paid_at at time zone 'Asia/Shanghai')::date < b.issued_on`)).toBe(0);
    for (const table of ['bill', 'payment', 'adjustment']) {
      expect(await violations(c, `select 1 from ${table} x join service_account sa on sa.id = x.service_account_id where sa.customer_id <> x.customer_id`), table).toBe(0);
    }
    // Per account: balance = bills − allocations + adjustments equals what is open bill by bill (nothing over-credited),
    // and payments = allocations + refunds + credit, with no negative credit.
    const { rows } = await c.query(`
      with acct as (
        select sa.id,
               coalesce((select sum(b.amount) from bill b where b.service_account_id = sa.id), 0) as billed,
               coalesce((select sum(a.amount) from allocation a join bill b on b.id = a.bill_id where b.service_account_id = sa.id), 0) as allocated,
               coalesce((select sum(d.amount) from adjustment d where d.service_account_id = sa.id), 0) as adjusted,
               coalesce((select sum(b.amount - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)
                                + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0))
                         from bill b where b.service_account_id = sa.id), 0) as open,
               coalesce((select sum(p.amount) from payment p where p.service_account_id = sa.id), 0) as paid,
               coalesce((select sum(f.amount) from refund f join payment p on p.id = f.payment_id where p.service_account_id = sa.id), 0) as refunded
        from service_account sa)
      select count(*) filter (where billed - allocated + adjusted <> open)::int as unbalanced,
             count(*) filter (where paid - allocated - refunded < 0)::int as negative_credit,
             count(*) filter (where billed > 0)::int as billed_accounts
      from acct`);
    expect(rows[0]).toEqual({ unbalanced: 0, negative_credit: 0, billed_accounts: expect.any(Number) });
    expect(await violations(c, `select 1 from bill b
      where b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)
          - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0) < 0`)).toBe(0);
    // The bulk-loaded bills carry their open amount (the worklist's partial index reads it), exact to the fen.
    expect(await violations(c, `select 1 from bill b
      where b.open_amount <> b.amount + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0)
                                      - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)`)).toBe(0);
    expect(await violations(c, `select 1 from bill where open_amount > 0`)).toBeGreaterThan(0);
  });

  it('bills every supplied account per period of its settlement cycle from its opening, and every ledger row lies before BASE_DATE', async () => {
    const c = a.client;
    expect(await violations(c, `select 1 from bill b join service_account sa on sa.id = b.service_account_id
      where b.period_start < (sa.opened_at at time zone 'Asia/Shanghai')::date
         or b.period_end > coalesce((sa.closed_at at time zone 'Asia/Shanghai')::date, date '${BASE_DAY}')
         or b.period_end - b.period_start > 91
         or b.issued_on <= b.period_end or b.due_on < b.issued_on or b.due_on >= date '${BASE_DAY}'`)).toBe(0);
    // Periods of an account never overlap; ten-day (旬抄旬收) accounts get three bills a month, quarterly ones one a quarter.
    expect(await violations(c, `select 1 from bill b join bill o on o.service_account_id = b.service_account_id and o.id <> b.id
      and daterange(o.period_start, o.period_end, '[]') && daterange(b.period_start, b.period_end, '[]')`)).toBe(0);
    const { rows: cycles } = await c.query(`select count(*) filter (where period_end - period_start between 7 and 10)::int as ten_day,
        count(*) filter (where period_end - period_start > 60)::int as quarterly from bill`);
    expect(cycles[0].ten_day).toBeGreaterThan(0);
    expect(cycles[0].quarterly).toBeGreaterThan(0);
    expect(await violations(c, `select 1 from payment where paid_at >= '${BASE_DATE}' or created_at >= '${BASE_DATE}'`)).toBe(0);
    expect(await violations(c, `select 1 from refund where created_at >= '${BASE_DATE}'`)).toBe(0);
    expect(await violations(c, `select 1 from adjustment where created_at >= '${BASE_DATE}'`)).toBe(0);
    // Supplied accounts opened at least a month before the ledger closes all have bills; prospects have none.
    expect(await violations(c, `select 1 from service_account sa join customer cu on cu.id = sa.customer_id
      where sa.opened_at < '${BASE_DATE}'::timestamptz - interval '70 days' and sa.status = 'ACTIVE'
        and not exists (select 1 from bill b where b.service_account_id = sa.id)`)).toBe(0);
    expect(await violations(c, `select 1 from bill b join customer cu on cu.id = b.customer_id where cu.status not in ('ACTIVE', 'SUSPENDED', 'CLOSED')`)).toBe(0);
    // Heating is billed in winter: a heat account's January bill is well above its July bill.
    const { rows } = await c.query(`select sum(b.amount) filter (where extract(month from b.period_start) = 1) as winter,
        sum(b.amount) filter (where extract(month from b.period_start) = 7) as summer
      from bill b join service_account sa on sa.id = b.service_account_id where sa.utility = 'HEAT'`);
    expect(Number(rows[0].winter)).toBeGreaterThan(5 * Number(rows[0].summer));
  });

  it('collects about 99% of what is due, through every channel, with a few hundred per thousand customers in arrears of all ages', async () => {
    const c = a.client;
    const { rows } = await c.query(`
      with b as (
        select b.service_account_id as account, b.amount, date '${BASE_DAY}' - b.due_on as overdue,
               b.amount - coalesce((select sum(a.amount) from allocation a where a.bill_id = b.id), 0)
                        + coalesce((select sum(d.amount) from adjustment d where d.bill_id = b.id), 0) as open
        from bill b),
      acct as (select account, sum(open) as arrears, max(overdue) filter (where open > 0) as oldest from b group by account)
      select (select sum(amount - open) / sum(amount) from b)::float8 as rate,
             count(*) filter (where arrears > 500)::int as over_threshold,
             count(*) filter (where oldest between 1 and 30)::int as d30,
             count(*) filter (where oldest between 31 and 90)::int as d90,
             count(*) filter (where oldest between 91 and 180)::int as d180,
             count(*) filter (where oldest > 180)::int as dmax
      from acct`);
    const r = rows[0];
    expect(r.rate).toBeGreaterThan(0.98);
    expect(r.rate).toBeLessThan(0.9999);
    // 400 customers: about 80 accounts over the 500 CNY monitoring threshold (a few hundred for the 1,200 of `pnpm start`).
    expect(r.over_threshold).toBeGreaterThan(40);
    expect(r.over_threshold).toBeLessThan(160);
    expect(r.d30).toBeGreaterThan(0);
    expect(r.d90).toBeGreaterThan(0);
    expect(r.dmax).toBeGreaterThan(0);
    const { rows: channels } = await c.query(`select channel, count(*)::int as n,
        count(*) filter (where external_reference is null)::int as unreferenced from payment group by channel`);
    expect(channels.map((x) => x.channel).sort()).toEqual(['ALIPAY', 'BANK', 'CASH', 'COUNTER', 'PREPAYMENT', 'WECHAT_PAY']);
    expect(channels.every((x) => x.unreferenced === 0)).toBe(true);
    // Counter and cash payments are recorded by the account's collector.
    expect(await violations(c, `select 1 from payment p join service_account sa on sa.id = p.service_account_id
      where p.channel in ('COUNTER', 'CASH') and p.recorded_by_user_id is distinct from sa.collector_id`)).toBe(0);
    const { rows: rare } = await c.query(`select (select count(*) from adjustment where kind = 'CREDIT_NOTE')::int as credit_notes,
      (select count(*) from refund)::int as refunds, (select count(*) from bill)::int as bills`);
    expect(rare[0].credit_notes).toBeGreaterThan(0);
    expect(rare[0].refunds).toBeGreaterThan(0);
    expect(rare[0].credit_notes + rare[0].refunds).toBeLessThan(rare[0].bills / 50);
  });

  it('agrees installment plans the installments module would accept, some active and some breached', async () => {
    const c = a.client;
    const { rows } = await c.query(`select status, count(*)::int as n from installment_plan group by status order by status`);
    expect(rows.map((r) => r.status)).toEqual(['ACTIVE', 'BREACHED']);
    // Instalments add up exactly to the total, on strictly increasing days.
    expect(await violations(c, `select 1 from installment_plan p
      where p.total <> (select sum(i.amount) from instalment i where i.plan_id = p.id)
         or (select count(*) from instalment i where i.plan_id = p.id) < 2
         or exists (select 1 from instalment i join instalment j on j.plan_id = i.plan_id and j.sequence = i.sequence + 1
                    where i.plan_id = p.id and j.due_on <= i.due_on)`)).toBe(0);
    // Active: agreed before BASE_DATE, nothing due or paid yet. Breached: instalments paid in order, then exactly one missed.
    expect(await violations(c, `select 1 from installment_plan p where p.status = 'ACTIVE'
      and (p.closed_at is not null or p.agreed_on >= date '${BASE_DAY}'
           or exists (select 1 from instalment i where i.plan_id = p.id and (i.status <> 'DUE' or i.due_on < date '${BASE_DAY}')))`)).toBe(0);
    expect(await violations(c, `select 1 from installment_plan p where p.status = 'BREACHED'
      and (p.closed_at is null or p.closed_at >= '${BASE_DATE}'
           or (select count(*) from instalment i where i.plan_id = p.id and i.status = 'MISSED') <> 1
           or exists (select 1 from instalment i join instalment m on m.plan_id = i.plan_id and m.status = 'MISSED'
                      where i.plan_id = p.id and ((i.sequence < m.sequence and (i.status <> 'PAID' or i.paid_amount <> i.amount))
                                               or (i.sequence > m.sequence and i.status <> 'DUE'))
                         or (m.plan_id = p.id and p.closed_at <= m.due_on)))`)).toBe(0);
    // The total never exceeds what the account owed when it was agreed.
    expect(await violations(c, `select 1 from installment_plan p
      where p.total > (select sum(b.amount) from bill b where b.service_account_id = p.service_account_id and b.issued_on <= p.agreed_on)
        - coalesce((select sum(a.amount) from allocation a join payment y on y.id = a.payment_id
                    where y.service_account_id = p.service_account_id and y.paid_at < p.created_at), 0)
        + coalesce((select sum(d.amount) from adjustment d where d.service_account_id = p.service_account_id and d.created_at < p.created_at), 0)`)).toBe(0);
    // At most one active plan per account, agreed by the account's collector.
    expect(await violations(c, `select 1 from installment_plan p join service_account sa on sa.id = p.service_account_id
      where p.customer_id <> sa.customer_id or p.agreed_by_id is distinct from sa.collector_id`)).toBe(0);
  });

  it('moves every id sequence past the seeded rows', async () => {
    for (const table of ['customer', 'contact', 'customer_status_change', 'service_account', 'contract', 'contract_event', 'risk_entry', 'visit',
      'bill', 'payment', 'allocation', 'adjustment', 'refund', 'installment_plan', 'instalment']) {
      const { rows } = await a.client.query(`select coalesce(max(id), 0)::int as max_id, nextval(pg_get_serial_sequence('${table}', 'id'))::int as next_id from ${table}`);
      expect(rows[0].next_id, table).toBeGreaterThan(rows[0].max_id);
    }
  });

  it('refuses to seed a database that already has data', async () => {
    await a.client.query('begin');
    await expect(seedDemoData(a.client, { customers: 5 })).rejects.toThrow();
    await a.client.query('rollback');
  });
});

describe('seed profiles and the command line', () => {
  it('gives 100 visits per customer in the large profile, with participants on about 30% of them', async () => {
    const large = await seeded(40, undefined, 'large');
    opened.push(large);
    expect(large.summary.visits).toBe(4000);
    const { rows } = await large.client.query(`select count(*)::int as n from visit`);
    expect(rows[0].n).toBe(4000);
    expect(large.summary.visitParticipants).toBeGreaterThan(4000 * 1.2);
    expect(large.summary.visitParticipants).toBeLessThan(4000 * 1.6);
  });

  it('reads --profile and picks the profile\'s default customer count', () => {
    expect(parseSeedArgs([])).toMatchObject({ customers: 1200, profile: 'small' });
    expect(parseSeedArgs(['--profile', 'large'])).toMatchObject({ customers: 20000, profile: 'large' });
    expect(parseSeedArgs(['--profile', 'large', '--customers', '500'])).toMatchObject({ customers: 500, profile: 'large' });
    expect(() => parseSeedArgs(['--profile', 'huge'])).toThrow(/--profile must be small or large/);
  });

  it('empties every seeded table with --reset, visits and contracts included, and seeds again', async () => {
    const database = await createMigratedDatabase();
    const openDatabase = async () => ({ url: database.url, embedded: false, stop: async () => undefined });
    const lines: string[] = [];
    const deps = { openDatabase, log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    try {
      expect(await runSeedCommand(['--customers', '30'], deps)).toBe(0);
      expect(await runSeedCommand(['--customers', '30'], deps)).toBe(1);
      expect(lines.at(-1)).toMatch(/not empty/);
      expect(await runSeedCommand(['--customers', '20', '--reset'], deps)).toBe(0);
      expect(lines.at(-1)).toMatch(/20 customers, .* service accounts, .* contracts, .* visits, .* bills, .* payments, .* installment plans \(profile small/);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`select (select count(*) from customer)::int as customers, (select count(*) from visit)::int as visits,
        (select max(customer_id) from service_account)::int as last_account_owner`);
      await client.end();
      expect(rows[0]).toEqual({ customers: 20, visits: 100, last_account_owner: expect.any(Number) });
      expect(rows[0].last_account_owner).toBeLessThanOrEqual(20);
    } finally {
      await database.drop();
    }
  });
});
