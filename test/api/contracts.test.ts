/**
 * Contracts 合同 (DOMAIN.md "Contracts"): supply terms with prepayment and a
 * settlement cycle, settlement agreements 电费结算协议, the lifecycle
 * DRAFT → ACTIVE → (AMENDED, RENEWED) → TERMINATED / EXPIRED with a timeline,
 * expiry computed on read and seen before it happens, all within what the
 * viewer may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { initOrm } from '../../server/src/db/orm.js';
import { ContractService } from '../../server/src/modules/contracts/contract.service.js';
import { ALL_DATA } from '../../server/src/modules/auth/viewer.js';
import { SYSTEM_ACTOR } from '../../server/src/modules/audit/audit.service.js';
import { startTestServer, subscribe, type GraphQLResponse, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { testUscc } from '../support/fixtures.js';

const CONTRACT_FIELDS = `id number type status supplierParty customerParty signer signedOn startsOn endsOn prepaymentPeriods
  prepaymentAmount settlementCycle priceTerms createdAt updatedAt
  customer { id name } serviceAccount { id accountNumber }
  attachments { id name reference addedAt }
  events { id kind note occurredAt actor { id name } }`;
const CREATE = `mutation Create($input: CreateContractInput!) { createContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const SIGN = `mutation Sign($input: SignContractInput!) { signContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const AMEND = `mutation Amend($input: AmendContractInput!) { amendContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const RENEW = `mutation Renew($input: RenewContractInput!) { renewContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const TERMINATE = `mutation Terminate($input: TerminateContractInput!) { terminateContract(input: $input) { contract { ${CONTRACT_FIELDS} } } }`;
const ATTACH = `mutation Attach($input: AddContractAttachmentInput!) { addContractAttachment(input: $input) {
  attachment { id name reference } contract { ${CONTRACT_FIELDS} } } }`;
const GET = `query Get($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;
const EXPIRING = `query Expiring($withinDays: Int!, $first: Int, $after: String, $filter: ExpiringContractsFilter) {
  expiringContracts(withinDays: $withinDays, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id number endsOn status customer { id } } } } }`;

let server: TestServer;
/** The demo rep's station (贵阳), its rep, and a station of another branch. */
let home: { id: string; localId: number; path: string };
let repId: string;
let otherStation: { id: string; path: string };
let otherBranchId: string;
let adminId: string;
let seq = 0;

/** Today in the company time zone (Asia/Shanghai), computed here independently of the server. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function createCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const res = await server.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `合同测试燃气用户${seq}`, uscc: testUscc(51000 + seq), kind: 'INDUSTRIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE',
      orgUnitId: home.id, responsibleRepId: repId, ...overrides,
    },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createCustomer.customer.id;
}

/** A service account of a customer, written directly: its own API is another module's. */
async function serviceAccountOf(customerId: string): Promise<string> {
  seq += 1;
  const local = Number(Buffer.from(customerId, 'base64url').toString().split(':')[1]);
  const { rows } = await server.sql.query(
    `insert into service_account (customer_id, org_unit_id, account_number, address, utility) values ($1, $2, $3, '贵阳市花溪区测试路1号', 'GAS') returning id`,
    [local, home.localId, `55443322${String(seq).padStart(6, '0')}`],
  );
  return toGlobalId('ServiceAccount', rows[0].id);
}

function newContract(customerId: string, overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    customerId,
    number: `CT-TEST-2026-${String(seq).padStart(4, '0')}`,
    type: 'GAS_SUPPLY',
    supplierParty: '黔能能源销售有限公司贵阳分公司',
    customerParty: '贵阳测试化工有限公司',
    startsOn: '2026-01-01',
    endsOn: '2028-12-31',
    prepaymentPeriods: 2,
    prepaymentAmount: '120000.5',
    settlementCycle: 'TEN_DAY_READ_MONTHLY_SETTLE',
    priceTerms: '政府定价；温压补偿按体积修正仪；调压箱及表前管道产权归供方，表后设施由用户维护',
    ...overrides,
  };
}

async function create(customerId: string, overrides: Record<string, unknown> = {}) {
  const res = await server.gql(CREATE, { input: newContract(customerId, overrides) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createContract.contract;
}

/** A contract signed into force. */
async function active(customerId: string, overrides: Record<string, unknown> = {}, signedOn = '2025-12-20') {
  const draft = await create(customerId, overrides);
  const res = await server.gql(SIGN, { input: { id: draft.id, signedOn, signer: '王建国' } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.signContract.contract;
}

async function counts(): Promise<Record<string, number>> {
  const { rows } = await server.sql.query(`select (select count(*)::int from contract) as contracts,
    (select count(*)::int from contract_attachment) as attachments, (select count(*)::int from contract_event) as "contractEvents",
    (select count(*)::int from domain_event) as events, (select count(*)::int from audit_entry) as audits`);
  return rows[0];
}

function errorOf(res: GraphQLResponse) {
  return res.errors?.[0]?.extensions;
}

let customer: string;

beforeAll(async () => {
  server = await startTestServer();
  const unit = await unitOf(server, 'rep');
  home = unit;
  const gy = await unitOf(server, 'lead.gy');
  const rep = await server.sql.query(`select id from app_user where login = 'rep'`);
  repId = toGlobalId('User', rep.rows[0].id);
  const admin = await server.sql.query(`select id from app_user where login = 'admin'`);
  adminId = toGlobalId('User', admin.rows[0].id);
  const other = await server.sql.query(
    `select s.id, s.path, b.id as branch_id from org_unit s join org_unit b on b.kind = 'BRANCH' and s.path like b.path || '%'
     where s.kind = 'STATION' and s.path not like $1 || '%' order by s.id limit 1`,
    [gy.path],
  );
  otherStation = { id: toGlobalId('OrgUnit', other.rows[0].id), path: other.rows[0].path };
  otherBranchId = toGlobalId('OrgUnit', other.rows[0].branch_id);
  customer = await createCustomer();
});
afterAll(() => server?.close());

describe('recording a contract', () => {
  it('records a gas supply contract as a DRAFT with prepayment, settlement cycle, terms, documents and a CREATED event', async () => {
    const account = await serviceAccountOf(customer);
    const input = newContract(customer, {
      serviceAccountId: account,
      attachments: [
        { name: '供气合同扫描件.pdf', reference: 'dms://contracts/2026/0001.pdf' },
        { name: '供气设施产权分界图.pdf', reference: 'https://dms.example.cn/c/0001-map' },
      ],
    });
    const res = await server.gql(CREATE, { input });
    expect(res.errors).toBeUndefined();
    const contract = res.data.createContract.contract;
    expect(contract).toMatchObject({
      number: input.number,
      type: 'GAS_SUPPLY',
      status: 'DRAFT',
      signer: null,
      signedOn: null,
      startsOn: '2026-01-01',
      endsOn: '2028-12-31',
      prepaymentPeriods: 2,
      prepaymentAmount: '120000.50',
      settlementCycle: 'TEN_DAY_READ_MONTHLY_SETTLE',
      priceTerms: input.priceTerms,
      customer: { id: customer },
      serviceAccount: { id: account },
      attachments: [
        { name: '供气合同扫描件.pdf', reference: 'dms://contracts/2026/0001.pdf' },
        { name: '供气设施产权分界图.pdf', reference: 'https://dms.example.cn/c/0001-map' },
      ],
      events: [{ kind: 'CREATED', note: null, actor: { id: adminId } }],
    });
    const local = Buffer.from(contract.id, 'base64url').toString().split(':')[1];
    const audit = await server.sql.query(`select action, after from audit_entry where entity_type = 'Contract' and entity_id = $1`, [local]);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'contract.create', after: expect.objectContaining({ number: input.number, status: 'DRAFT', attachments: 2 }) })]);
    const events = await server.sql.query(`select kind, payload from domain_event where payload->>'contractId' = $1`, [local]);
    expect(events.rows).toEqual([expect.objectContaining({ kind: 'contract.created' })]);
    expect(events.rows[0].payload).toMatchObject({ changedFields: ['contracts'], responsibleRepId: Number(Buffer.from(repId, 'base64url').toString().split(':')[1]) });
  });

  it('records a settlement agreement 电费结算协议 priced at last month\'s settlement price without a settlement cycle', async () => {
    const contract = await create(customer, {
      type: 'SETTLEMENT_AGREEMENT', settlementCycle: null, prepaymentPeriods: null, prepaymentAmount: null, endsOn: null,
      priceTerms: '参照上月交易结算电价，分次缴纳电费',
    });
    expect(contract).toMatchObject({ type: 'SETTLEMENT_AGREEMENT', settlementCycle: null, endsOn: null, status: 'DRAFT', serviceAccount: null });
  });

  it('accepts the edges of each rule: 0 and 12 prepayment periods, an amount of zero, a one-day contract', async () => {
    const none = await create(customer, { prepaymentPeriods: 0, prepaymentAmount: '0', endsOn: '2026-01-01' });
    expect(none).toMatchObject({ prepaymentPeriods: 0, prepaymentAmount: '0.00', startsOn: '2026-01-01', endsOn: '2026-01-01' });
    const twelve = await create(customer, { prepaymentPeriods: 12 });
    expect(twelve.prepaymentPeriods).toBe(12);
  });

  it('lists the customer\'s contracts newest first', async () => {
    const fresh = await createCustomer();
    const first = await create(fresh);
    const second = await create(fresh, { type: 'DESIGN_INSTALLATION', settlementCycle: null });
    const res = await server.gql(`query($id: ID!) { customer(id: $id) { contracts { id number } } }`, { id: fresh });
    expect(res.data.customer.contracts.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
  });

  it('resolves contracts, their documents and their events as nodes', async () => {
    const contract = await create(customer, { attachments: [{ name: '合同.pdf', reference: 'dms://1' }] });
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [contract.id, contract.attachments[0].id, contract.events[0].id],
    });
    expect(res.data.nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['Contract', 'ContractAttachment', 'ContractEvent']);
  });
});

describe('bad contract input writes nothing', () => {
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ['a supply contract without a settlement cycle', 'settlementCycle', () => newContract(customer, { settlementCycle: null })],
    ['a power supply contract without a settlement cycle', 'settlementCycle', () => newContract(customer, { type: 'POWER_SUPPLY', settlementCycle: null })],
    ['a heat supply contract without a settlement cycle', 'settlementCycle', () => newContract(customer, { type: 'HEAT_SUPPLY', settlementCycle: null })],
    ['an end the day before the start', 'endsOn', () => newContract(customer, { startsOn: '2026-03-01', endsOn: '2026-02-28' })],
    ['a negative prepayment', 'prepaymentAmount', () => newContract(customer, { prepaymentAmount: '-0.01' })],
    ['13 prepayment periods', 'prepaymentPeriods', () => newContract(customer, { prepaymentPeriods: 13 })],
    ['-1 prepayment periods', 'prepaymentPeriods', () => newContract(customer, { prepaymentPeriods: -1 })],
    ['a date that does not exist', 'startsOn', () => newContract(customer, { startsOn: '2026-02-30' })],
    ['a date in another format', 'endsOn', () => newContract(customer, { endsOn: '2026/12/31' })],
    ['a blank number', 'number', () => newContract(customer, { number: '   ' })],
    ['a blank party', 'customerParty', () => newContract(customer, { customerParty: '' })],
    ['a document without a reference', 'attachments.0.reference', () => newContract(customer, { attachments: [{ name: '合同.pdf', reference: ' ' }] })],
    ['a customer ID of another type', 'customerId', () => newContract(home.id)],
  ];

  it.each(cases)('rejects %s as BAD_USER_INPUT naming %s', async (_what, field, input) => {
    const before = await counts();
    const res = await server.gql(CREATE, { input: input() });
    expect(res.data ?? null).toBeNull();
    expect(errorOf(res)?.code).toBe('BAD_USER_INPUT');
    expect(errorOf(res)?.fields?.map((f) => f.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('rejects a service account of another customer, and writes nothing', async () => {
    const other = await createCustomer();
    const foreign = await serviceAccountOf(other);
    const before = await counts();
    const res = await server.gql(CREATE, { input: newContract(customer, { serviceAccountId: foreign }) });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'serviceAccountId' }] });
    expect(await counts()).toEqual(before);
  });

  it('answers a second contract with the same number with CONFLICT naming the number', async () => {
    const first = await create(customer);
    const before = await counts();
    const res = await server.gql(CREATE, { input: newContract(customer, { number: ` ${first.number} ` }) });
    expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'number', message: `${first.number} is already used by another contract` }] });
    expect(await counts()).toEqual(before);
  });

  it('keeps exactly one winner when the same number is created concurrently', async () => {
    const input = newContract(customer);
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 6 }, () => server.gql(CREATE, { input })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorOf(r)?.code === 'CONFLICT')).toHaveLength(5);
    const rows = await server.sql.query(`select count(*)::int as n from contract where number = $1`, [input.number]);
    expect(rows.rows[0].n).toBe(1);
    const after = await counts();
    expect(after.contractEvents - before.contractEvents).toBe(1);
    expect(after.events - before.events).toBe(1);
  });

  it('says NOT_FOUND for a customer outside what the caller may see, like a missing one', async () => {
    const outside = await createCustomer({ orgUnitId: otherStation.id, responsibleRepId: null });
    const leadGy = bearer(await server.login('lead.gy'));
    const before = await counts();
    const res = await server.gql(CREATE, { input: newContract(outside) }, leadGy);
    expect(errorOf(res)?.code).toBe('NOT_FOUND');
    const missing = await server.gql(CREATE, { input: newContract(toGlobalId('Customer', 987654)) }, leadGy);
    expect(errorOf(missing)?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('the contract lifecycle', () => {
  it('signs a DRAFT into ACTIVE with signer and date, and refuses to sign it again', async () => {
    const draft = await create(customer);
    const res = await server.gql(SIGN, { input: { id: draft.id, signedOn: today(), signer: ' 王建国 ' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.signContract.contract).toMatchObject({ status: 'ACTIVE', signer: '王建国', signedOn: today() });
    expect(res.data.signContract.contract.events.map((e: { kind: string }) => e.kind)).toEqual(['CREATED', 'SIGNED']);
    const before = await counts();
    const again = await server.gql(SIGN, { input: { id: draft.id, signedOn: today(), signer: '王建国' } });
    expect(errorOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is ACTIVE; only a DRAFT contract can be signed' }] });
    expect(await counts()).toEqual(before);
  });

  it('signs a DRAFT exactly once when it is signed concurrently', async () => {
    const draft = await create(customer);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => server.gql(SIGN, { input: { id: draft.id, signedOn: today(), signer: `签约人${i}` } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorOf(r)?.fields?.[0]?.message === 'is ACTIVE; only a DRAFT contract can be signed')).toHaveLength(4);
    const events = await server.sql.query(`select kind from contract_event where contract_id = $1 order by id`, [Buffer.from(draft.id, 'base64url').toString().split(':')[1]]);
    expect(events.rows.map((r) => r.kind)).toEqual(['CREATED', 'SIGNED']);
  });

  it('refuses a signing date in the future or after the end date', async () => {
    const draft = await create(customer, { startsOn: '2025-01-01', endsOn: '2025-06-30' });
    const before = await counts();
    const tomorrow = await server.gql(SIGN, { input: { id: draft.id, signedOn: plusDays(today(), 1), signer: '王建国' } });
    expect(errorOf(tomorrow)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'signedOn', message: 'must not be in the future' }] });
    const late = await server.gql(SIGN, { input: { id: draft.id, signedOn: '2025-07-01', signer: '王建国' } });
    expect(errorOf(late)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'signedOn', message: 'must not be after endsOn' }] });
    expect(await counts()).toEqual(before);
  });

  it('amends the terms of DRAFT and ACTIVE contracts with a note, keeping what is not given', async () => {
    const draft = await create(customer);
    const amendedDraft = await server.gql(AMEND, { input: { id: draft.id, note: '洽谈调整', prepaymentPeriods: 3 } });
    expect(amendedDraft.data.amendContract.contract).toMatchObject({ status: 'DRAFT', prepaymentPeriods: 3, prepaymentAmount: '120000.50' });
    const signed = await active(customer);
    const res = await server.gql(AMEND, {
      input: { id: signed.id, note: '补充协议第1号', settlementCycle: 'TEN_DAY_READ_TEN_DAY_COLLECT', prepaymentAmount: '80000', priceTerms: null },
    });
    expect(res.errors).toBeUndefined();
    const contract = res.data.amendContract.contract;
    expect(contract).toMatchObject({ status: 'ACTIVE', settlementCycle: 'TEN_DAY_READ_TEN_DAY_COLLECT', prepaymentAmount: '80000.00', priceTerms: null, prepaymentPeriods: 2 });
    expect(contract.events.at(-1)).toMatchObject({ kind: 'AMENDED', note: '补充协议第1号' });
    const local = Buffer.from(signed.id, 'base64url').toString().split(':')[1];
    const audit = await server.sql.query(`select before, after from audit_entry where action = 'contract.amend' and entity_id = $1`, [local]);
    expect(audit.rows[0].after).toEqual({ settlementCycle: 'TEN_DAY_READ_TEN_DAY_COLLECT', prepaymentAmount: '80000.00', priceTerms: null });
  });

  it('writes nothing for an amendment that changes nothing', async () => {
    const draft = await create(customer);
    const before = await counts();
    const res = await server.gql(AMEND, { input: { id: draft.id, note: '无变化', prepaymentPeriods: 2 } });
    expect(res.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('refuses amendments that break the rules: a supply contract without a cycle, an end in the past for an ACTIVE one, an end before the start', async () => {
    const signed = await active(customer);
    const before = await counts();
    const noCycle = await server.gql(AMEND, { input: { id: signed.id, note: '取消结算周期', settlementCycle: null } });
    expect(errorOf(noCycle)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'settlementCycle' }] });
    const past = await server.gql(AMEND, { input: { id: signed.id, note: '提前结束', endsOn: plusDays(today(), -1) } });
    expect(errorOf(past)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'endsOn', message: 'must not be in the past' }] });
    const reversed = await server.gql(AMEND, { input: { id: signed.id, note: '日期', startsOn: '2029-01-01' } });
    expect(errorOf(reversed)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'endsOn', message: 'must not be before startsOn' }] });
    const blankNote = await server.gql(AMEND, { input: { id: signed.id, note: ' ', priceTerms: '新' } });
    expect(errorOf(blankNote)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
    expect(await counts()).toEqual(before);
    const todayEnd = await server.gql(AMEND, { input: { id: signed.id, note: '今日到期', endsOn: today() } });
    expect(todayEnd.data.amendContract.contract).toMatchObject({ status: 'ACTIVE', endsOn: today() });
  });

  it('renews an ACTIVE contract to a later end date, and refuses an end that is not later', async () => {
    const signed = await active(customer);
    const before = await counts();
    const same = await server.gql(RENEW, { input: { id: signed.id, endsOn: '2028-12-31', note: '续签' } });
    expect(errorOf(same)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'endsOn', message: 'must be later than the current end 2028-12-31' }] });
    expect(await counts()).toEqual(before);
    const res = await server.gql(RENEW, { input: { id: signed.id, endsOn: '2029-01-01', note: '续签一年' } });
    expect(res.data.renewContract.contract).toMatchObject({ status: 'ACTIVE', endsOn: '2029-01-01' });
    expect(res.data.renewContract.contract.events.at(-1)).toMatchObject({ kind: 'RENEWED', note: '续签一年' });
  });

  it('refuses to renew a DRAFT or an open-ended contract', async () => {
    const draft = await create(customer);
    const openEnded = await active(customer, { type: 'ENERGY_SERVICES', settlementCycle: null, endsOn: null });
    const before = await counts();
    const d = await server.gql(RENEW, { input: { id: draft.id, endsOn: '2030-12-31', note: '续签' } });
    expect(errorOf(d)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is DRAFT; only an ACTIVE or EXPIRED contract can be renewed' }] });
    const o = await server.gql(RENEW, { input: { id: openEnded.id, endsOn: '2030-12-31', note: '续签' } });
    expect(errorOf(o)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is open-ended; there is no end date to renew' }] });
    expect(await counts()).toEqual(before);
  });

  it('terminates an ACTIVE contract with a reason; the termination day becomes its last day in force', async () => {
    const signed = await active(customer);
    const res = await server.gql(TERMINATE, { input: { id: signed.id, reason: '客户停产搬迁', terminatedOn: '2026-06-30' } });
    expect(res.errors).toBeUndefined();
    const contract = res.data.terminateContract.contract;
    expect(contract).toMatchObject({ status: 'TERMINATED', endsOn: '2026-06-30' });
    expect(contract.events.at(-1)).toMatchObject({ kind: 'TERMINATED', note: '客户停产搬迁' });
    const local = Buffer.from(signed.id, 'base64url').toString().split(':')[1];
    const audit = await server.sql.query(`select before, after from audit_entry where action = 'contract.terminate' and entity_id = $1`, [local]);
    expect(audit.rows[0]).toEqual({ before: { status: 'ACTIVE', endsOn: '2028-12-31' }, after: { status: 'TERMINATED', endsOn: '2026-06-30' } });
  });

  it('refuses to terminate a DRAFT, a TERMINATED contract, without a reason, or outside the contract\'s dates', async () => {
    const draft = await create(customer);
    const signed = await active(customer);
    const before = await counts();
    const d = await server.gql(TERMINATE, { input: { id: draft.id, reason: '取消', terminatedOn: '2026-06-30' } });
    expect(errorOf(d)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is DRAFT; only an ACTIVE contract can be terminated' }] });
    const early = await server.gql(TERMINATE, { input: { id: signed.id, reason: '取消', terminatedOn: '2025-12-31' } });
    expect(errorOf(early)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'terminatedOn', message: 'must not be before startsOn' }] });
    const late = await server.gql(TERMINATE, { input: { id: signed.id, reason: '取消', terminatedOn: '2029-01-01' } });
    expect(errorOf(late)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'terminatedOn', message: 'must not be after endsOn' }] });
    const noReason = await server.gql(TERMINATE, { input: { id: signed.id, reason: '  ', terminatedOn: '2026-06-30' } });
    expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason' }] });
    expect(await counts()).toEqual(before);
    await server.gql(TERMINATE, { input: { id: signed.id, reason: '停产', terminatedOn: '2028-12-31' } });
    const again = await server.gql(TERMINATE, { input: { id: signed.id, reason: '停产', terminatedOn: '2028-12-31' } });
    expect(errorOf(again)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is TERMINATED; only an ACTIVE contract can be terminated' }] });
    const amend = await server.gql(AMEND, { input: { id: signed.id, note: '改', priceTerms: '新' } });
    expect(errorOf(amend)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is TERMINATED; only a DRAFT or ACTIVE contract can be amended' }] });
    const renew = await server.gql(RENEW, { input: { id: signed.id, endsOn: '2031-01-01', note: '续签' } });
    expect(errorOf(renew)?.fields?.[0]?.field).toBe('id');
  });

  it('attaches documents to a contract in any status, each one an AMENDED event in the timeline', async () => {
    const signed = await active(customer);
    await server.gql(TERMINATE, { input: { id: signed.id, reason: '到期前解约', terminatedOn: '2026-03-31' } });
    const res = await server.gql(ATTACH, { input: { contractId: signed.id, name: '解约协议.pdf', reference: 'dms://contracts/term-1' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.addContractAttachment.attachment).toMatchObject({ name: '解约协议.pdf', reference: 'dms://contracts/term-1' });
    expect(res.data.addContractAttachment.contract.attachments.map((a: { name: string }) => a.name)).toEqual(['解约协议.pdf']);
    expect(res.data.addContractAttachment.contract.events.at(-1)).toMatchObject({ kind: 'AMENDED', note: 'Attachment added: 解约协议.pdf' });
    const before = await counts();
    const blank = await server.gql(ATTACH, { input: { contractId: signed.id, name: '', reference: 'dms://x' } });
    expect(errorOf(blank)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });
    expect(await counts()).toEqual(before);
  });
});

describe('expiry', () => {
  it('reads an ACTIVE contract as EXPIRED from the day after its end date (Asia/Shanghai), and ACTIVE on its last day', async () => {
    const lastDayToday = await active(customer, { startsOn: '2025-01-01', endsOn: today() }, '2025-01-01');
    const endedYesterday = await active(customer, { startsOn: '2025-01-01', endsOn: plusDays(today(), -1) }, '2025-01-01');
    expect(lastDayToday.status).toBe('ACTIVE');
    expect(endedYesterday.status).toBe('EXPIRED');
    const read = await server.gql(GET, { id: endedYesterday.id });
    expect(read.data.contract.status).toBe('EXPIRED');
    // The row says ACTIVE until the daily job writes it; readers never see the difference.
    const local = Buffer.from(endedYesterday.id, 'base64url').toString().split(':')[1];
    expect((await server.sql.query(`select status from contract where id = $1`, [local])).rows[0].status).toBe('ACTIVE');
    const before = await counts();
    const amend = await server.gql(AMEND, { input: { id: endedYesterday.id, note: '改', priceTerms: '新' } });
    expect(errorOf(amend)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: 'is EXPIRED; only a DRAFT or ACTIVE contract can be amended' }] });
    const terminate = await server.gql(TERMINATE, { input: { id: endedYesterday.id, reason: '解约', terminatedOn: '2025-06-30' } });
    expect(errorOf(terminate)?.fields?.[0]).toEqual({ field: 'id', message: 'is EXPIRED; only an ACTIVE contract can be terminated' });
    expect(await counts()).toEqual(before);
  });

  it('writes EXPIRED and its event in the daily job, once, and the contract can then be renewed', async () => {
    const ended = await active(customer, { startsOn: '2025-01-01', endsOn: plusDays(today(), -3) }, '2025-01-01');
    const lastDay = await active(customer, { startsOn: '2025-01-01', endsOn: today() }, '2025-01-01');
    const local = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];
    const orm = await initOrm(server.databaseUrl);
    try {
      const expired = await new ContractService(orm.em.fork(), ALL_DATA, SYSTEM_ACTOR).expireContracts();
      expect(expired).toBeGreaterThanOrEqual(1);
      expect(await new ContractService(orm.em.fork(), ALL_DATA, SYSTEM_ACTOR).expireContracts()).toBe(0);
    } finally {
      await orm.close();
    }
    const rows = await server.sql.query(`select id, status from contract where id in ($1, $2) order by id`, [local(ended.id), local(lastDay.id)]);
    expect(rows.rows.map((r) => r.status)).toEqual(['EXPIRED', 'ACTIVE']);
    const read = await server.gql(GET, { id: ended.id });
    expect(read.data.contract.status).toBe('EXPIRED');
    expect(read.data.contract.events.map((e: { kind: string }) => e.kind)).toEqual(['CREATED', 'SIGNED', 'EXPIRED']);
    expect(read.data.contract.events.at(-1).actor).toBeNull();
    const events = await server.sql.query(`select kind from domain_event where payload->>'contractId' = $1 order by id`, [local(ended.id)]);
    expect(events.rows.map((r) => r.kind)).toEqual(['contract.created', 'contract.signed', 'contract.expired']);
    const tooEarly = await server.gql(RENEW, { input: { id: ended.id, endsOn: plusDays(today(), -1), note: '续签' } });
    expect(errorOf(tooEarly)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'endsOn', message: 'must not be in the past' }] });
    const renewed = await server.gql(RENEW, { input: { id: ended.id, endsOn: today(), note: '补签续约' } });
    expect(renewed.data.renewContract.contract).toMatchObject({ status: 'ACTIVE', endsOn: today() });
  });

  it('lists ACTIVE contracts ending from today to withinDays days ahead, soonest first, and nothing else', async () => {
    const fresh = await createCustomer();
    const t = today();
    const inDays = (n: number) => active(fresh, { startsOn: '2025-01-01', endsOn: plusDays(t, n) }, '2025-01-01');
    const day30 = await inDays(30);
    const day0 = await inDays(0);
    const day31 = await inDays(31);
    const dayMinus1 = await inDays(-1);
    const day10 = await inDays(10);
    const draft = await create(fresh, { startsOn: '2025-01-01', endsOn: plusDays(t, 5) });
    const terminated = await inDays(20);
    await server.gql(TERMINATE, { input: { id: terminated.id, reason: '解约', terminatedOn: plusDays(t, 15) } });
    const res = await server.gql(EXPIRING, { withinDays: 30, first: 100 });
    expect(res.errors).toBeUndefined();
    const ours = res.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id).filter((id: string) =>
      [day30.id, day0.id, day31.id, dayMinus1.id, day10.id, draft.id, terminated.id].includes(id));
    expect(ours).toEqual([day0.id, day10.id, day30.id]);
    const endings = res.data.expiringContracts.edges.map((e: { node: { endsOn: string } }) => e.node.endsOn);
    expect([...endings].sort()).toEqual(endings);
    expect(res.data.expiringContracts.edges.every((e: { node: { status: string } }) => e.node.status === 'ACTIVE')).toBe(true);
    const one = await server.gql(EXPIRING, { withinDays: 1, first: 100 });
    const oneIds = one.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(oneIds).toContain(day0.id);
    expect(oneIds).not.toContain(day10.id);
    const year = await server.gql(EXPIRING, { withinDays: 365, first: 100 });
    expect(year.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(day31.id);
  });

  it('pages expiring contracts with keyset cursors and filters them by type and org unit', async () => {
    const fresh = await createCustomer();
    const ours: string[] = [];
    for (const n of [3, 3, 4]) ours.push((await active(fresh, { type: 'HEAT_SUPPLY', startsOn: '2025-01-01', endsOn: plusDays(today(), n) }, '2025-01-01')).id);
    const all = await server.gql(EXPIRING, { withinDays: 60, first: 100, filter: { types: ['HEAT_SUPPLY'] } });
    const ids = all.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids.length).toBe(all.data.expiringContracts.totalCount);
    expect(ids).toEqual(expect.arrayContaining(ours));
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: GraphQLResponse = await server.gql(EXPIRING, { withinDays: 60, first: 1, after, filter: { types: ['HEAT_SUPPLY'] } });
      paged.push(...page.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.data.expiringContracts.pageInfo.hasNextPage) break;
      after = page.data.expiringContracts.pageInfo.endCursor;
    }
    expect(paged).toEqual(ids);
    const here = await server.gql(EXPIRING, { withinDays: 60, first: 100, filter: { orgUnitId: home.id, types: ['HEAT_SUPPLY'] } });
    expect(here.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expect.arrayContaining(ours));
    const elsewhere = await server.gql(EXPIRING, { withinDays: 60, first: 100, filter: { orgUnitId: otherBranchId, types: ['HEAT_SUPPLY'] } });
    const elsewhereIds = elsewhere.data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ours.filter((id) => elsewhereIds.includes(id))).toEqual([]);
  });

  it('takes withinDays from 1 to 365 only', async () => {
    for (const withinDays of [0, 366, -5]) {
      const res = await server.gql(EXPIRING, { withinDays });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'withinDays', message: 'must be between 1 and 365' }] });
    }
    const bad = await server.gql(EXPIRING, { withinDays: 30, after: 'nope' });
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });
});

describe('who sees which contracts', () => {
  let own: { id: string };
  let colleague: { id: string };
  let outside: { id: string };

  beforeAll(async () => {
    own = await active(await createCustomer(), { startsOn: '2025-01-01', endsOn: plusDays(today(), 7) }, '2025-01-01');
    colleague = await active(await createCustomer({ responsibleRepId: null }), { startsOn: '2025-01-01', endsOn: plusDays(today(), 7) }, '2025-01-01');
    outside = await active(await createCustomer({ orgUnitId: otherStation.id, responsibleRepId: null }), { startsOn: '2025-01-01', endsOn: plusDays(today(), 7) }, '2025-01-01');
  });

  it('shows a rep only the contracts of its own customers, and a branch lead only its branch', async () => {
    const rep = bearer(await server.login('rep'));
    const leadGy = bearer(await server.login('lead.gy'));
    expect((await server.gql(GET, { id: own.id }, rep)).data.contract.id).toBe(own.id);
    expect(errorOf(await server.gql(GET, { id: colleague.id }, rep))?.code).toBe('NOT_FOUND');
    expect(errorOf(await server.gql(GET, { id: outside.id }, leadGy))?.code).toBe('NOT_FOUND');
    expect((await server.gql(GET, { id: colleague.id }, leadGy)).data.contract.id).toBe(colleague.id);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: outside.id }, leadGy);
    expect(node.data.node).toBeNull();

    const ids = async (headers: Record<string, string>) =>
      (await server.gql(EXPIRING, { withinDays: 7, first: 100 }, headers)).data.expiringContracts.edges.map((e: { node: { id: string } }) => e.node.id);
    const repSees = await ids(rep);
    expect(repSees).toContain(own.id);
    expect(repSees).not.toContain(colleague.id);
    expect(repSees).not.toContain(outside.id);
    const leadSees = await ids(leadGy);
    expect(leadSees).toEqual(expect.arrayContaining([own.id, colleague.id]));
    expect(leadSees).not.toContain(outside.id);
    expect(await ids({})).toEqual(expect.arrayContaining([own.id, colleague.id, outside.id]));
    const foreignFilter = await server.gql(EXPIRING, { withinDays: 7, filter: { orgUnitId: otherBranchId } }, leadGy);
    expect(errorOf(foreignFilter)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.orgUnitId' }] });
  });

  it('says NOT_FOUND to moves on contracts outside the caller\'s view, and writes nothing', async () => {
    const rep = bearer(await server.login('rep'));
    const before = await counts();
    for (const [query, input] of [
      [RENEW, { id: colleague.id, endsOn: '2031-01-01', note: '续签' }],
      [TERMINATE, { id: colleague.id, reason: '解约', terminatedOn: '2026-01-01' }],
      [ATTACH, { contractId: colleague.id, name: 'x.pdf', reference: 'dms://x' }],
    ] as const) {
      expect(errorOf(await server.gql(query, { input }, rep))?.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it('loads contracts, documents and events of a customer list in a fixed number of statements', async () => {
    // The newest customer has every kind of row, so the small page needs every loader the large one does.
    const newest = await createCustomer();
    await active(newest, { serviceAccountId: await serviceAccountOf(newest), attachments: [{ name: '合同.pdf', reference: 'dms://n' }] });
    const query = `query($first: Int) { customers(first: $first) { edges { node { id contracts { id status customer { id }
      serviceAccount { id } attachments { id } events { id kind actor { id } } } } } } }`;
    const small = await server.gqlCounted(query, { first: 2 });
    const large = await server.gqlCounted(query, { first: 50 });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });

  it('pushes CONTRACT_CHANGED to customerChanged subscribers once a contract move commits', async () => {
    const sub = subscribe(server.ws(), `subscription { customerChanged { kind changedFields customer { id } } }`);
    await sub.prime(() => create(customer));
    const count = sub.received.length;
    await server.gql(SIGN, { input: { id: (await create(customer)).id, signedOn: today(), signer: '李宁' } });
    const pushes = await sub.waitFor(count + 2);
    expect(pushes.slice(count).map((p) => p.data?.customerChanged)).toEqual([
      { kind: 'CONTRACT_CHANGED', changedFields: ['contracts'], customer: { id: customer } },
      { kind: 'CONTRACT_CHANGED', changedFields: ['contracts'], customer: { id: customer } },
    ]);
  });
});
