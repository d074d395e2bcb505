/**
 * Service accounts 户号 (DOMAIN.md "Customers"): several per customer, in
 * other districts and served by other branches' stations (联办制), gathered
 * in the customer view, found by number, with supply status moves that
 * always carry a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, subscribe, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const ACCOUNT_FIELDS = `id accountNumber address district utility meterPoints status statusReason statusChangedAt openedAt closedAt
  orgUnit { id name } customer { id name }`;
const ADD = `mutation Add($input: AddServiceAccountInput!) { addServiceAccount(input: $input) {
  serviceAccount { ${ACCOUNT_FIELDS} } customer { id serviceAccounts { accountNumber } } } }`;
const UPDATE = `mutation Update($input: UpdateServiceAccountInput!) { updateServiceAccount(input: $input) { serviceAccount { ${ACCOUNT_FIELDS} } } }`;
const CHANGE_STATUS = `mutation Status($input: ChangeServiceAccountStatusInput!) { changeServiceAccountStatus(input: $input) {
  serviceAccount { ${ACCOUNT_FIELDS} } } }`;
const BY_NUMBER = `query ByNumber($n: String!) { serviceAccount(accountNumber: $n) { ${ACCOUNT_FIELDS} } }`;
const CUSTOMER_VIEW = `query View($id: ID!) { customer(id: $id) { id serviceAccounts { accountNumber district status orgUnit { id } customer { id } } } }`;

let server: TestServer;
/** The demo rep's station (贵阳), a station of another branch (遵义), and the rep's global ID. */
let homeStation: { id: string; path: string };
let otherStation: { id: string; localId: number };
let repId: string;
let seq = 0;

const localId = (globalId: string) => parseGlobalId(globalId)!.id;

/** A unique account number (14 digits) for this file. */
function nextNumber(): string {
  seq += 1;
  return `99887766${String(seq).padStart(6, '0')}`;
}

async function createCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const res = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `户号测试燃气用户${seq}`, uscc: testUscc(41000 + seq), kind: 'INDUSTRIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE',
      orgUnitId: homeStation.id, responsibleRepId: repId, ...overrides,
    },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

function newAccount(customerId: string, overrides: Record<string, unknown> = {}) {
  return { customerId, accountNumber: nextNumber(), orgUnitId: homeStation.id, address: '贵阳市南明区花果园大街1号', district: '南明区', meterPoints: 2, ...overrides };
}

async function addAccount(customerId: string, overrides: Record<string, unknown> = {}) {
  const res = await server.gql(ADD, { input: newAccount(customerId, overrides) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.addServiceAccount.serviceAccount as { id: string; accountNumber: string; status: string };
}

async function counts(): Promise<Record<string, number>> {
  const { rows } = await server.sql.query(`select (select count(*)::int from service_account) as accounts,
    (select count(*)::int from domain_event) as events, (select count(*)::int from audit_entry) as audits`);
  return rows[0];
}

beforeAll(async () => {
  server = await startTestServer();
  const home = await unitOf(server, 'rep');
  homeStation = { id: home.id, path: home.path };
  const zy = await unitOf(server, 'lead.zy');
  const station = await server.sql.query(`select id from org_unit where kind = 'STATION' and path like $1 || '%' order by id limit 1`, [zy.path]);
  otherStation = { id: toGlobalId('OrgUnit', station.rows[0].id), localId: station.rows[0].id };
  const rep = await server.sql.query(`select id from app_user where login = 'rep'`);
  repId = toGlobalId('User', rep.rows[0].id);
});
afterAll(() => server?.close());

describe('the customer view gathers every service account 一次都不跑', () => {
  it('lists accounts of several districts, one served by another branch (联办制), by account number', async () => {
    const customerId = await createCustomer();
    const local = await addAccount(customerId, { accountNumber: '52010000000002', district: '南明区' });
    const remote = await server.gql(ADD, {
      input: newAccount(customerId, { accountNumber: '52030000000001', orgUnitId: otherStation.id, district: '红花岗区', address: '遵义市红花岗区分厂路8号', utility: 'POWER', openedAt: '2024-03-01T00:00:00+08:00' }),
    });
    expect(remote.errors).toBeUndefined();
    expect(remote.data.addServiceAccount.serviceAccount).toMatchObject({
      district: '红花岗区', utility: 'POWER', meterPoints: 2, status: 'ACTIVE', statusReason: null, closedAt: null,
      orgUnit: { id: otherStation.id }, customer: { id: customerId },
    });
    expect(new Date(remote.data.addServiceAccount.serviceAccount.openedAt).toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(remote.data.addServiceAccount.customer.serviceAccounts.map((a: { accountNumber: string }) => a.accountNumber)).toEqual([
      '52010000000002', '52030000000001',
    ]);
    expect(local).toMatchObject({ status: 'ACTIVE' });

    const view = await server.gql(CUSTOMER_VIEW, { id: customerId });
    expect(view.data.customer.serviceAccounts).toEqual([
      { accountNumber: '52010000000002', district: '南明区', status: 'ACTIVE', orgUnit: { id: homeStation.id }, customer: { id: customerId } },
      { accountNumber: '52030000000001', district: '红花岗区', status: 'ACTIVE', orgUnit: { id: otherStation.id }, customer: { id: customerId } },
    ]);
  });

  it("shows the 贵阳 lead and the customer's own rep every account, but not a station outside their subtree", async () => {
    const customerId = await createCustomer();
    await addAccount(customerId, { accountNumber: '52010000000011' });
    await addAccount(customerId, { accountNumber: '52030000000012', orgUnitId: otherStation.id, district: '汇川区' });
    for (const login of ['lead.gy', 'rep']) {
      const view = await server.gql(CUSTOMER_VIEW, { id: customerId }, bearer(await server.login(login)));
      expect(view.errors, login).toBeUndefined();
      expect(view.data.customer.serviceAccounts.map((a: { accountNumber: string; orgUnit: unknown }) => [a.accountNumber, a.orgUnit]), login).toEqual([
        ['52010000000011', { id: homeStation.id }],
        ['52030000000012', null],
      ]);
    }
  });

  it("defaults an account's utility to the customer's and its metering points to 1", async () => {
    const customerId = await createCustomer({ utility: 'HEAT' });
    const res = await server.gql(ADD, { input: { customerId, accountNumber: nextNumber(), orgUnitId: homeStation.id, address: '贵阳市云岩区热力站旁' } });
    expect(res.data.addServiceAccount.serviceAccount).toMatchObject({ utility: 'HEAT', meterPoints: 1, district: null, openedAt: null });
  });

  it('loads the accounts of a whole page of customers in a fixed number of SQL statements', async () => {
    const customerId = await createCustomer();
    await addAccount(customerId);
    await addAccount(customerId, { orgUnitId: otherStation.id });
    const query = (first: number) =>
      `{ customers(first: ${first}) { edges { node { name serviceAccounts { accountNumber orgUnit { name } customer { name } } } } } }`;
    const small = await server.gqlCounted(query(2));
    const large = await server.gqlCounted(query(50));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data.customers.edges.length).toBe(50);
    expect(large.statements).toBeLessThanOrEqual(small.statements + 1);
  });
});

describe('finding a customer by account number', () => {
  it('returns the account with its customer to a collector of the station', async () => {
    const customerId = await createCustomer();
    const account = await addAccount(customerId);
    const res = await server.gql(BY_NUMBER, { n: account.accountNumber }, bearer(await server.login('collector')));
    expect(res.errors).toBeUndefined();
    expect(res.data.serviceAccount).toMatchObject({ id: account.id, customer: { id: customerId } });
  });

  it("says NOT_FOUND for an account whose customer is outside the viewer's subtree, even when its own station serves it", async () => {
    const customerId = await createCustomer();
    const account = await addAccount(customerId, { orgUnitId: otherStation.id });
    const zy = bearer(await server.login('lead.zy'));
    const res = await server.gql(BY_NUMBER, { n: account.accountNumber }, zy);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: account.id }, zy);
    expect(node.data.node).toBeNull();
    const view = await server.gql(CUSTOMER_VIEW, { id: customerId }, zy);
    expect(view.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("says NOT_FOUND to a rep for an account of another rep's customer, and for a number nobody has", async () => {
    const customerId = await createCustomer({ responsibleRepId: null });
    const account = await addAccount(customerId);
    const rep = bearer(await server.login('rep'));
    const others = await server.gql(BY_NUMBER, { n: account.accountNumber }, rep);
    expect(others.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const missing = await server.gql(BY_NUMBER, { n: '12345678901234567890' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rejects a malformed account number as BAD_USER_INPUT naming it', async () => {
    const res = await server.gql(BY_NUMBER, { n: '52-0100' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'accountNumber' }] });
  });

  it('resolves a visible account through node(id)', async () => {
    const customerId = await createCustomer();
    const account = await addAccount(customerId);
    const res = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on ServiceAccount { accountNumber } } }`, { id: account.id });
    expect(res.data.node).toEqual({ __typename: 'ServiceAccount', accountNumber: account.accountNumber });
  });
});

describe('account numbers and bad input write nothing', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['7 digits', 'accountNumber', { accountNumber: '1234567' }],
    ['21 digits', 'accountNumber', { accountNumber: '123456789012345678901' }],
    ['letters', 'accountNumber', { accountNumber: 'GY12345678' }],
    ['a space', 'accountNumber', { accountNumber: '1234 5678' }],
    ['a blank address', 'address', { address: '   ' }],
    ['negative metering points', 'meterPoints', { meterPoints: -1 }],
    ['a branch instead of a station', 'orgUnitId', { orgUnitId: 'BRANCH' }],
    ['an unknown station', 'orgUnitId', { orgUnitId: toGlobalId('OrgUnit', 987654) }],
  ];

  it.each(cases)('rejects %s as BAD_USER_INPUT naming %s', async (_what, field, overrides) => {
    const customerId = await createCustomer();
    if (overrides.orgUnitId === 'BRANCH') overrides = { orgUnitId: (await unitOf(server, 'lead.gy')).id };
    const before = await counts();
    const res = await server.gql(ADD, { input: newAccount(customerId, overrides) });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('accepts 8 and 20 digits', async () => {
    const customerId = await createCustomer();
    await addAccount(customerId, { accountNumber: '52017777' });
    await addAccount(customerId, { accountNumber: '52017777000000000001' });
  });

  it('answers a second account with the same number with CONFLICT naming accountNumber', async () => {
    const first = await addAccount(await createCustomer());
    const second = await createCustomer();
    const before = await counts();
    const again = await server.gql(ADD, { input: newAccount(second, { accountNumber: first.accountNumber }) });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'accountNumber' }] });
    expect(await counts()).toEqual(before);
  });

  it('keeps exactly one account when the same number is added concurrently', async () => {
    const customerId = await createCustomer();
    const accountNumber = nextNumber();
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 6 }, () => server.gql(ADD, { input: newAccount(customerId, { accountNumber }) })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(5);
    const rows = await server.sql.query(`select count(*)::int as n from service_account where account_number = $1`, [accountNumber]);
    expect(rows.rows[0].n).toBe(1);
    const after = await counts();
    // One account, one event and one audit entry: the losers left nothing behind.
    expect(after).toEqual({ accounts: before.accounts + 1, events: before.events + 1, audits: before.audits + 1 });
  });

  it("says NOT_FOUND when adding to a customer outside the viewer's subtree, and writes nothing", async () => {
    const outside = await server.sql.query(`select c.id from customer c join org_unit o on o.id = c.org_unit_id where o.path not like $1 || '%' order by c.id limit 1`, [
      (await unitOf(server, 'lead.gy')).path,
    ]);
    const leadGy = bearer(await server.login('lead.gy'));
    const before = await counts();
    const res = await server.gql(ADD, { input: newAccount(toGlobalId('Customer', outside.rows[0].id)) }, leadGy);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('refuses a new account for a closed customer 销户', async () => {
    const customerId = await createCustomer();
    await server.sql.query(`update customer set status = 'CLOSED' where id = $1`, [localId(customerId)]);
    const res = await server.gql(ADD, { input: newAccount(customerId) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'customerId' }] });
  });
});

describe('changing an account', () => {
  it('updates address, district, metering points and serving station, and audits only what changed', async () => {
    const customerId = await createCustomer();
    const account = await addAccount(customerId);
    const res = await server.gql(UPDATE, { input: { id: account.id, address: ' 贵阳市观山湖区新厂路2号 ', district: '观山湖区', meterPoints: 3, orgUnitId: otherStation.id } });
    expect(res.errors).toBeUndefined();
    expect(res.data.updateServiceAccount.serviceAccount).toMatchObject({
      address: '贵阳市观山湖区新厂路2号', district: '观山湖区', meterPoints: 3, orgUnit: { id: otherStation.id }, accountNumber: account.accountNumber,
    });
    const cleared = await server.gql(UPDATE, { input: { id: account.id, district: null } });
    expect(cleared.data.updateServiceAccount.serviceAccount).toMatchObject({ district: null, address: '贵阳市观山湖区新厂路2号' });
    const audit = await server.sql.query(`select action, before, after from audit_entry where entity_type = 'ServiceAccount' and entity_id = $1 order by id`, [
      localId(account.id),
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['service_account.add', 'service_account.update', 'service_account.update']);
    expect(audit.rows[2].before).toEqual({ district: '观山湖区' });
    expect(audit.rows[2].after).toEqual({ district: null });
    expect(Object.keys(audit.rows[1].after).sort()).toEqual(['address', 'district', 'meterPoints', 'orgUnitId']);
  });

  it('rejects a null address or station and a blank address, writing nothing', async () => {
    const account = await addAccount(await createCustomer());
    const before = await counts();
    for (const [input, field] of [[{ address: null }, 'address'], [{ address: ' ' }, 'address'], [{ orgUnitId: null }, 'orgUnitId'], [{ meterPoints: 1000 }, 'meterPoints']] as const) {
      const res = await server.gql(UPDATE, { input: { id: account.id, ...input } });
      expect(res.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
    }
    expect(await counts()).toEqual(before);
  });

  it("says NOT_FOUND when changing an account of a customer outside the viewer's subtree", async () => {
    const account = await addAccount(await createCustomer());
    const zy = bearer(await server.login('lead.zy'));
    const before = await counts();
    const update = await server.gql(UPDATE, { input: { id: account.id, district: '播州区' } }, zy);
    expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const status = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: '欠费封堵' } }, zy);
    expect(status.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('supply status 停用/封堵/销户', () => {
  it('suspends (seals) with a reason, resumes, then closes for good with closedAt', async () => {
    const account = await addAccount(await createCustomer());
    const sealed = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: ' 欠费三个月，依约封堵 ' } });
    expect(sealed.errors).toBeUndefined();
    expect(sealed.data.changeServiceAccountStatus.serviceAccount).toMatchObject({ status: 'SUSPENDED', statusReason: '欠费三个月，依约封堵', closedAt: null });
    expect(sealed.data.changeServiceAccountStatus.serviceAccount.statusChangedAt).toBeTruthy();

    const resumed = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'ACTIVE', reason: '缴清欠费，恢复供气' } });
    expect(resumed.data.changeServiceAccountStatus.serviceAccount).toMatchObject({ status: 'ACTIVE', statusReason: '缴清欠费，恢复供气' });

    const closed = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'CLOSED', reason: '企业搬迁，申请销户' } });
    const after = closed.data.changeServiceAccountStatus.serviceAccount;
    expect(after).toMatchObject({ status: 'CLOSED', statusReason: '企业搬迁，申请销户' });
    expect(after.closedAt).toBe(after.statusChangedAt);

    const before = await counts();
    for (const status of ['ACTIVE', 'SUSPENDED']) {
      const reopen = await server.gql(CHANGE_STATUS, { input: { id: account.id, status, reason: '重新开户' } });
      expect(reopen.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'status', message: `cannot move from CLOSED to ${status}` }] });
    }
    const update = await server.gql(UPDATE, { input: { id: account.id, district: '云岩区' } });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
    expect(await counts()).toEqual(before);
  });

  it('closes a suspended account directly', async () => {
    const account = await addAccount(await createCustomer());
    await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: '安全隐患，停气整改' } });
    const closed = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'CLOSED', reason: '整改无望，销户' } });
    expect(closed.data.changeServiceAccountStatus.serviceAccount.status).toBe('CLOSED');
  });

  it('refuses a move without a reason, and a move to the status it already has, writing nothing', async () => {
    const account = await addAccount(await createCustomer());
    const before = await counts();
    const blank = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: '  ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    const missing = await server.gql(`mutation { changeServiceAccountStatus(input: { id: "${account.id}", status: SUSPENDED }) { serviceAccount { id } } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const same = await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'ACTIVE', reason: '重复' } });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'status', message: 'is already ACTIVE' }] });
    expect(await counts()).toEqual(before);
    const row = await server.sql.query(`select status, status_reason from service_account where account_number = $1`, [account.accountNumber]);
    expect(row.rows[0]).toEqual({ status: 'ACTIVE', status_reason: null });
  });

  it('lets one of two concurrent moves win and refuses the other', async () => {
    const account = await addAccount(await createCustomer());
    const results = await Promise.all([
      server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'CLOSED', reason: '销户甲' } }),
      server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'CLOSED', reason: '销户乙' } }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT')).toHaveLength(1);
    const events = await server.sql.query(`select count(*)::int as n from domain_event where kind = 'customer.service_account_status_changed' and (payload->>'serviceAccountId')::int = $1`, [
      localId(account.id),
    ]);
    expect(events.rows[0].n).toBe(1);
  });
});

describe('events and audit', () => {
  it("writes one audit entry and one customer event per change, carrying the customer's rep", async () => {
    const customerId = await createCustomer();
    const localCustomerId = localId(customerId);
    const account = await addAccount(customerId);
    await server.gql(UPDATE, { input: { id: account.id, meterPoints: 4 } });
    await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: '安检发现隐患，停气' } });
    const events = await server.sql.query(`select kind, payload from domain_event where customer_id = $1 order by id`, [localCustomerId]);
    const repLocal = localId(repId);
    expect(events.rows.map((r) => r.kind)).toEqual([
      'customer.created', 'customer.service_account_added', 'customer.service_account_updated', 'customer.service_account_status_changed',
    ]);
    for (const row of events.rows.slice(1)) {
      expect(row.payload).toMatchObject({ changedFields: ['serviceAccounts'], accountNumber: account.accountNumber, responsibleRepId: repLocal });
    }
    expect(events.rows[3].payload).toMatchObject({ fromStatus: 'ACTIVE', toStatus: 'SUSPENDED', reason: '安检发现隐患，停气' });
    const audit = await server.sql.query(`select action, after from audit_entry where entity_type = 'ServiceAccount' and entity_id = $1 order by id`, [localId(account.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['service_account.add', 'service_account.update', 'service_account.status_change']);
    expect(audit.rows[2].after).toMatchObject({ status: 'SUSPENDED', statusReason: '安检发现隐患，停气' });
  });

  it('pushes customerChanged to subscribers when an account is added or sealed', async () => {
    const customerId = await createCustomer();
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id serviceAccounts { accountNumber status } } } }`);
    let n = 0;
    await sub.prime(() => server.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: customerId, address: `预热地址${++n}` } }));
    const seen = sub.received.length;
    const account = await addAccount(customerId);
    await server.gql(CHANGE_STATUS, { input: { id: account.id, status: 'SUSPENDED', reason: '欠费封堵' } });
    const pushes = await sub.waitFor(seen + 2);
    const [added, sealed] = pushes.slice(-2).map((p) => p.data!.customerChanged);
    expect(added).toMatchObject({ kind: 'SERVICE_ACCOUNT_ADDED', changedFields: ['serviceAccounts'], customer: { id: customerId } });
    expect(sealed).toMatchObject({ kind: 'SERVICE_ACCOUNT_STATUS_CHANGED', customer: { serviceAccounts: [{ accountNumber: account.accountNumber, status: 'SUSPENDED' }] } });
  });
});
