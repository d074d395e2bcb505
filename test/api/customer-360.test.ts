/**
 * The customer-360 view (DOMAIN.md "read a customer's whole history before a
 * visit"; 一次都不跑: all service accounts of a customer in one place): one
 * query returns the customer with its service accounts, contacts, latest
 * visits, contracts, risk ledger, lifecycle history and the first page of
 * its timeline. Its cost in SQL statements must not grow with the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { insert, insertCustomer, staff, type Staff } from '../support/history-rows.js';

const CUSTOMER_360 = `query Customer360($id: ID!) {
  customer(id: $id) {
    id name uscc kind utility tier status industry source district dishonest riskLevel developedAt statusChangedAt
    orgUnit { id name } responsibleRep { id name } responsibleLeader { id name } referredBy { id name }
    serviceAccounts { id accountNumber address district utility status meterPoints openedAt closedAt orgUnit { id name } }
    contacts(includeArchived: true) { id name title role phone email wechat isPrimary archivedAt }
    lastVisits(count: 10) { id channel purpose occurredAt outcome nextStep nextStepDueOn promisedAmount promisedOn
      recordedBy { id name } participants { id name } serviceAccount { id accountNumber } }
    visitSummary { total lastVisitAt openPromises }
    contracts { id number type status startsOn endsOn signedOn prepaymentAmount settlementCycle
      events { id kind occurredAt note actor { id name } } attachments { id name } }
    riskEntries { id level reason openedAt closedAt closeReason responsibleLeader { id name } plan { action dueOn doneOn overdue } }
    statusHistory { id fromStatus toStatus reason changedAt changedBy { id name } }
    timeline(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id kind occurredAt actor { id name } subject { __typename ... on Node { id } } } } }
  }
}`;

const LIST = `query List($first: Int!) { customers(first: $first) { totalCount edges { node {
  id name status tier orgUnit { id name } responsibleRep { id name }
  contacts { id name phone isPrimary }
  serviceAccounts { id accountNumber status }
  lastVisits(count: 2) { id occurredAt channel recordedBy { id name } }
  visitSummary { total lastVisitAt }
  riskEntries { id level openedAt }
  timeline(first: 2) { edges { node { id kind actor { id } subject { __typename ... on Node { id } } } } }
} } } }`;

let server: TestServer;
let people: Staff;

beforeAll(async () => {
  server = await startTestServer();
  people = await staff(server.sql);
});
afterAll(() => server?.close());

/**
 * The newest part of a history: one fact of every kind, so the first
 * timeline page of every customer here holds every subject type (each type
 * present costs one statement, however many of it there are).
 */
async function recentHistory(customerId: number): Promise<void> {
  const sql = server.sql;
  const day = (d: number, h = 9) => `2026-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;
  const account = await insert.serviceAccount(sql, customerId, people.stationId, day(2), day(1));
  await insert.statusChange(sql, customerId, day(3), people.repId, 'ACTIVE');
  const contact = await insert.contact(sql, customerId, day(4));
  await insert.contactRevision(sql, contact, day(5), people.repId);
  await insert.visit(sql, customerId, day(6), people.repId, 'COLLECTION', account);
  await insert.visit(sql, customerId, day(7), people.leaderId, 'RETURN_VISIT', account);
  const contract = await insert.contract(sql, customerId, day(8));
  await insert.contractEvent(sql, customerId, contract, day(8, 10), people.leaderId, 'CREATED');
  await insert.risk(sql, customerId, day(9), people.leaderId);
}

/** A long history in bulk: 30 accounts, 15 contacts, 200 visits, 10 contracts, 5 risk entries, 100 more events. */
async function longHistory(customerId: number): Promise<void> {
  const sql = server.sql;
  const params = [customerId, people.stationId, people.repId, people.leaderId];
  await sql.query(
    `insert into service_account (customer_id, org_unit_id, account_number, address, district, utility, opened_at, created_at)
     select $1::int, $2, '8' || lpad($1::int::text, 6, '0') || lpad(g::text, 4, '0'), '贵阳市观山湖区长岭路' || g || '号', '观山湖区', 'GAS',
            timestamptz '2025-01-01 10:00+08' + g * interval '1 day', timestamptz '2025-01-01 09:00+08' + g * interval '1 day'
     from generate_series(1, 29) g`,
    params.slice(0, 2),
  );
  await sql.query(
    `insert into contact (customer_id, name, role, phone, email, is_primary, created_at, archived_at)
     select $1, '历史联系人' || g, 'SITE', '139' || lpad(g::text, 8, '0'), null, false,
            timestamptz '2025-02-01 10:00+08' + g * interval '1 day',
            case when g % 3 = 0 then timestamptz '2025-06-01 10:00+08' + g * interval '1 day' end
     from generate_series(1, 14) g`,
    params.slice(0, 1),
  );
  await sql.query(
    `insert into contact_revision (contact_id, before, after, changed_by_id, changed_at)
     select id, '{"title": "职员"}'::jsonb, '{"title": "主任"}'::jsonb, $2, created_at + interval '3 days'
     from contact where customer_id = $1 and name like '历史联系人%'`,
    [customerId, people.repId],
  );
  await sql.query(
    `with v as (
       insert into visit (customer_id, service_account_id, channel, purpose, occurred_at, outcome, recorded_by_id)
       select $1, (select min(id) from service_account where customer_id = $1), case when g % 2 = 0 then 'PHONE' else 'ON_SITE' end,
              case when g % 4 = 0 then 'RETURN_VISIT' else 'COLLECTION' end,
              timestamptz '2025-01-02 15:00+08' + g * interval '1 day', '第' || g || '次走访', case when g % 2 = 0 then $2::int else $3::int end
       from generate_series(1, 198) g
       returning id, recorded_by_id)
     insert into visit_participant (visit_id, user_id) select id, recorded_by_id from v`,
    [customerId, people.repId, people.leaderId],
  );
  await sql.query(
    `insert into contract (customer_id, number, type, status, supplier_party, customer_party, starts_on, ends_on, created_at, updated_at)
     select $1::int, 'HIS-' || $1::int || '-' || g, 'GAS_SUPPLY', 'EXPIRED', '黔能能源销售有限公司贵阳分公司', '历史大酒店',
            date '2020-01-01' + g * 30, date '2020-12-31' + g * 30, timestamptz '2020-01-01 10:00+08', timestamptz '2020-01-01 10:00+08'
     from generate_series(1, 9) g`,
    params.slice(0, 1),
  );
  await sql.query(
    `insert into contract_event (contract_id, customer_id, kind, actor_id, occurred_at)
     select c.id, $1, (array['CREATED', 'SIGNED', 'AMENDED', 'RENEWED', 'EXPIRED'])[1 + g % 5], $2,
            timestamptz '2024-01-01 10:00+08' + (c.id % 100) * interval '1 day' + g * interval '1 hour'
     from contract c, generate_series(1, 7) g where c.customer_id = $1 and c.number like 'HIS-%'`,
    [customerId, people.leaderId],
  );
  await sql.query(
    `insert into risk_entry (customer_id, level, reason, responsible_leader_id, plan, opened_by_id, opened_at, closed_at, close_reason, closed_by_id)
     select $1, 'MEDIUM', '历史欠费', $2, '[{"action": "每五天催收一次", "dueOn": null, "doneOn": null}]'::jsonb, $2,
            timestamptz '2024-01-01 10:00+08' + g * interval '40 days', timestamptz '2024-01-20 10:00+08' + g * interval '40 days', '已结清', $2
     from generate_series(1, 4) g`,
    [customerId, people.leaderId],
  );
  await sql.query(
    `insert into customer_status_change (customer_id, from_status, to_status, reason, changed_by_id, changed_at)
     select $1, 'NEGOTIATING', case when g % 2 = 0 then 'SUSPENDED' else 'ACTIVE' end, '第' || g || '次', $2,
            timestamptz '2023-01-01 10:00+08' + g * interval '3 days'
     from generate_series(1, 37) g`,
    [customerId, people.repId],
  );
}

async function counted(id: string) {
  const { body, statements } = await server.gqlCounted(CUSTOMER_360, { id });
  expect(body.errors).toBeUndefined();
  return { customer: body.data.customer, statements };
}

describe('the customer-360 view', () => {
  it('costs the same number of SQL statements for a customer with a short and a long history', async () => {
    const few = await insertCustomer(server.sql, people.stationId, people.repId, '三六零小');
    await recentHistory(few.id);
    const many = await insertCustomer(server.sql, people.stationId, people.repId, '三六零大');
    await longHistory(many.id);
    await recentHistory(many.id);

    const small = await counted(few.gid);
    const large = await counted(many.gid);
    expect(small.customer.serviceAccounts).toHaveLength(1);
    expect(small.customer.contacts).toHaveLength(1);
    expect(small.customer.lastVisits).toHaveLength(2);
    expect(large.customer.serviceAccounts).toHaveLength(30);
    expect(large.customer.contacts).toHaveLength(15);
    expect(large.customer.lastVisits).toHaveLength(10);
    expect(large.customer.visitSummary.total).toBe(200);
    expect(large.customer.contracts).toHaveLength(10);
    expect(large.customer.contracts.flatMap((c: { events: unknown[] }) => c.events)).toHaveLength(64);
    expect(large.customer.riskEntries).toHaveLength(5);
    expect(large.customer.statusHistory).toHaveLength(38);
    expect(large.customer.timeline.edges).toHaveLength(20);
    expect(large.customer.timeline.totalCount).toBe(375);
    expect(new Set(large.customer.timeline.edges.map((e: { node: { subject: { __typename: string } } }) => e.node.subject.__typename)).size).toBe(7);

    console.log(
      `customer-360: ${small.statements} SQL statements for ${small.customer.timeline.totalCount} history entries, ` +
        `${large.statements} for ${large.customer.timeline.totalCount}`,
    );
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBe(CUSTOMER_360_STATEMENTS);
  });

  it('shows personal data only with pii:read and the same rows either way', async () => {
    const c = await insertCustomer(server.sql, people.stationId, people.repId, '三六零隐私');
    await recentHistory(c.id);
    const admin = await counted(c.gid);
    const viewer = await server.gql(CUSTOMER_360, { id: c.gid }, { authorization: `Bearer ${await server.login('viewer')}` });
    expect(viewer.errors).toBeUndefined();
    expect(admin.customer.contacts[0].phone).toBe('13812345678');
    expect(viewer.data.customer.contacts[0].phone).toBeNull();
    expect(viewer.data.customer.timeline).toEqual(admin.customer.timeline);
  });
});

describe('a customer list with the 360 fields nested', () => {
  beforeAll(async () => {
    // 100 customers, each with a small history, created last: the newest page is theirs.
    for (let i = 0; i < 100; i++) {
      const c = await insertCustomer(server.sql, people.stationId, people.repId, '列表');
      await recentHistory(c.id);
    }
  });

  it('costs the same number of SQL statements for 10 rows and for 100', async () => {
    const ten = await server.gqlCounted(LIST, { first: 10 });
    const hundred = await server.gqlCounted(LIST, { first: 100 });
    expect(ten.body.errors).toBeUndefined();
    expect(hundred.body.errors, JSON.stringify(hundred.body.errors)).toBeUndefined();
    expect(ten.body.data.customers.edges).toHaveLength(10);
    expect(hundred.body.data.customers.edges).toHaveLength(100);
    console.log(`customer list with 360 fields: ${ten.statements} SQL statements for 10 rows, ${hundred.statements} for 100`);
    expect(hundred.statements).toBe(ten.statements);
    expect(ten.statements).toBe(LIST_STATEMENTS);
  });
});

/**
 * Exact counts, so that a regression shows as a number. The 360 view runs
 * one statement for the caller's session and the customer, then one per
 * list field and per object type under it (org units, users, contacts,
 * service accounts, last visits with their participants and accounts, the
 * visit summary, contracts with their events and attachments, risk entries,
 * status history), the timeline page, its count, and one per subject type
 * on the page — all seven here. `pnpm bench --workload customer-360` prints
 * the SQL of such a request.
 */
const CUSTOMER_360_STATEMENTS = 25;
const LIST_STATEMENTS = 14;
