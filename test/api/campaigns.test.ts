/**
 * Collection campaigns 清欠专项行动 (DOMAIN.md "Receivables and collection":
 * "74.52% of the annual task, 223% of plan", a leader per hard account,
 * weekly notice 周通报; seed 002; issue 6 item 8): targets, the base arrears
 * snapshot, live progress counted only from allocations to bills overdue at
 * the start by payments paid in the window, plan, roll-ups, the weekly
 * report, scoping and validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, inDays, localId, testUscc } from '../support/fixtures.js';
import { todayIn } from '../../server/src/calendar.js';

const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id name status startsOn endsOn targetKind targetAmount targetPercent planCurve { on share } createdBy { login } orgUnit { id } } } }`;
const UPDATE = `mutation($input: UpdateCampaignInput!) { updateCampaign(input: $input) { campaign { id name endsOn targetKind targetAmount targetPercent planCurve { on share } } } }`;
const CLOSE = `mutation($input: CloseCampaignInput!) { closeCampaign(input: $input) { campaign { id status closedAt } } }`;
const ADD = `mutation($input: AddCampaignAccountsInput!) { addCampaignAccounts(input: $input) { addedCount added { id baseArrears serviceAccount { id } customer { id } leader { login } } } }`;
const ASSIGN = `mutation($input: AssignCampaignLeaderInput!) { assignCampaignLeader(input: $input) { accounts { id leader { login } } } }`;
const STANDING = `rank accountCount baseArrears target collected percentOfTarget previousRank previousCollected collectedInWeek`;
const PROGRESS = `progress { accountCount baseArrears target campaignBaseArrears campaignTarget collected remaining percentOfTarget planShare planToDate percentOfPlan onDay
  units { orgUnit { id } subtree ${STANDING} } owners { user { login } ${STANDING} } leaders { user { login } ${STANDING} } }`;
const READ = `query($id: ID!) { campaign(id: $id) { id status ${PROGRESS} accounts(first: 50) { totalCount edges { node { id baseArrears collected owner { login } leader { login } customer { id } } } } } }`;
const REPORT = `query($id: ID!, $weekOf: String!) { campaignReport(id: $id, weekOf: $weekOf) { weekStart weekEnd previousCollected previousPercentOfTarget previousPercentOfPlan collectedInWeek campaign { id } ${PROGRESS} } }`;

let server: TestServer;
let seq = 0;
const key = () => `camp-${++seq}-${Date.now()}`;

const daysFrom = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A Monday in the past: the campaigns below start on it; the bills are due the week before. */
const START = '2026-10-05';
const DUE = '2026-09-30';

/** Percent with 2 decimals, rounded half up, from integer cents (no floats). */
function percent(partCents: bigint, wholeCents: bigint): string {
  const scaled = (partCents * 20000n + wholeCents) / (2n * wholeCents); // round(part / whole × 10000)
  return `${scaled / 100n}.${String(scaled % 100n).padStart(2, '0')}`;
}

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function createCustomer(orgUnitId: string, rep: string | null): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `清欠测试用户${seq}`, uscc: testUscc(73000 + seq), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId, responsibleRepId: rep },
  });
  return data.createCustomer.customer.id;
}

async function addAccount(customerId: string, orgUnitId: string): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `88776655${String(seq).padStart(6, '0')}`, orgUnitId, address: '贵阳市云岩区清欠路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

async function bill(serviceAccountId: string, amount: string, dueOn = DUE): Promise<string> {
  seq += 1;
  const data = await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: '2026-08-01', periodEnd: '2026-08-31', amount, dueOn, issuedOn: '2026-09-01', sourceSystem: '营销系统', externalId: `CAMP-${seq}`, idempotencyKey: key() },
  });
  return data.recordBill.bill.id;
}

async function pay(serviceAccountId: string, amount: string, paidAt: string, allocateTo?: Array<{ billId: string; amount: string }>) {
  await must(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId, amount, channel: 'BANK', paidAt, idempotencyKey: key(), ...(allocateTo ? { allocateTo } : {}) },
  });
}

/** A customer with one account owing `amount` on a bill due before START. */
async function owing(amount: string, orgUnitId: string, rep: string | null = null) {
  const customer = await createCustomer(orgUnitId, rep);
  const account = await addAccount(customer, orgUnitId);
  await bill(account, amount);
  return { customer, account };
}

function campaignInput(orgUnitId: string, extra: Record<string, unknown> = {}) {
  return { name: `清欠专项行动${++seq}`, orgUnitId, startsOn: START, endsOn: inDays(60), targetKind: 'PERCENT_OF_ARREARS', targetPercent: '74.52', ...extra };
}

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from campaign) as campaigns, (select count(*)::int from campaign_account) as accounts,
    (select count(*)::int from campaign_bill) as bills, (select count(*)::int from audit_entry) as audits, (select count(*)::int from domain_event) as events`);
  return rows[0];
}

/** Runs a mutation that must fail with `code`, and checks nothing was written. */
async function refused(query: string, input: Record<string, unknown>, code = 'BAD_USER_INPUT', headers?: Record<string, string>) {
  const before = await counts();
  const res = await server.gql(query, { input }, headers);
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  expect(await counts()).toEqual(before);
  return res.errors![0]!.extensions as { fields?: Array<{ field: string; message: string }> };
}

let branch: { id: string; localId: number; path: string };
let repStation: string;
let otherArea: { id: string; station: string };
let repArea: string;
let repUser: string;
let leadGyToken: string;

beforeAll(async () => {
  server = await startTestServer();
  branch = await unitOf(server, 'lead.gy');
  const rep = await unitOf(server, 'rep');
  repStation = rep.id;
  const { rows: repAreaRows } = await server.sql.query(`select parent_id as id from org_unit where id = $1`, [rep.localId]);
  repArea = toGlobalId('OrgUnit', repAreaRows[0].id);
  // A station in another area of the same branch.
  const { rows } = await server.sql.query(
    `select s.id as station, s.parent_id as area from org_unit s join org_unit a on a.id = s.parent_id
     where a.parent_id = $1 and a.id <> $2 and s.kind = 'STATION' order by s.id limit 1`,
    [branch.localId, repAreaRows[0].id],
  );
  otherArea = { id: toGlobalId('OrgUnit', rows[0].area), station: toGlobalId('OrgUnit', rows[0].station) };
  repUser = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'rep'`)).rows[0].id);
  leadGyToken = await server.login('lead.gy');
});
afterAll(async () => {
  await server?.close();
});

describe('targets', () => {
  it('turns a percent target into an amount of the base arrears, to the fen: 10,000.00 × 74.52 % = 7,452.00', async () => {
    const a = await owing('6000.00', repStation);
    const b = await owing('4000.00', otherArea.station);
    const campaign = (await must(CREATE, { input: campaignInput(branch.id) }, bearer(leadGyToken))).createCampaign.campaign;
    expect(campaign).toMatchObject({ status: 'ACTIVE', targetKind: 'PERCENT_OF_ARREARS', targetPercent: '74.52', targetAmount: null, planCurve: null, createdBy: { login: 'lead.gy' } });
    const added = (await must(ADD, { input: { campaignId: campaign.id, customerIds: [a.customer, b.customer] } }, bearer(leadGyToken))).addCampaignAccounts;
    expect(added.addedCount).toBe(2);
    expect(added.added.map((x: any) => x.baseArrears).sort()).toEqual(['4000.00', '6000.00']);
    const read = (await must(READ, { id: campaign.id })).campaign;
    expect(read.progress).toMatchObject({ campaignBaseArrears: '10000.00', campaignTarget: '7452.00', target: '7452.00', collected: '0.00', remaining: '7452.00', percentOfTarget: '0.00' });
  });

  it('keeps an AMOUNT target as given and shares it among units by their base arrears', async () => {
    const a = await owing('300.00', repStation);
    const b = await owing('100.00', otherArea.station);
    const campaign = (await must(CREATE, { input: campaignInput(branch.id, { targetKind: 'AMOUNT', targetAmount: '100.00', targetPercent: null }) })).createCampaign.campaign;
    await must(ADD, { input: { campaignId: campaign.id, customerIds: [a.customer, b.customer] } });
    const progress = (await must(READ, { id: campaign.id })).campaign.progress;
    expect(progress.campaignTarget).toBe('100.00');
    const byUnit = Object.fromEntries(progress.units.filter((u: any) => u.accountCount > 0).map((u: any) => [u.orgUnit.id, u.target]));
    expect(byUnit).toEqual({ [repArea]: '75.00', [otherArea.id]: '25.00' });
  });
});

describe('progress of a running campaign', () => {
  let campaign: string;
  let a: { customer: string; account: string };
  let b: { customer: string; account: string };

  beforeAll(async () => {
    a = await owing('6000.00', repStation, repUser);
    b = await owing('4000.00', otherArea.station);
    const leadGy = toGlobalId('User', (await server.sql.query(`select id from app_user where login = 'lead.gy'`)).rows[0].id);
    campaign = (
      await must(CREATE, {
        input: campaignInput(branch.id, { planCurve: [{ on: '2026-10-11', share: '25' }, { on: '2026-10-18', share: '50' }, { on: inDays(60), share: '100' }] }),
      })
    ).createCampaign.campaign.id;
    await must(ADD, { input: { campaignId: campaign, customerIds: [a.customer, b.customer], leaderId: leadGy } });
    // Counted: paid within the window, allocated to bills overdue at the start.
    await pay(a.account, '1500.00', '2026-10-07T02:00:00Z');
    await pay(b.account, '500.00', '2026-10-08T02:00:00Z');
    await pay(a.account, '1000.00', '2026-10-14T02:00:00Z');
    // Not counted: paid the day before the start (recorded after the snapshot) ...
    await pay(a.account, '100.00', '2026-10-04T15:59:59Z');
    // ... paid into an account outside the campaign ...
    const outsider = await owing('999.00', repStation);
    await pay(outsider.account, '999.00', '2026-10-09T02:00:00Z');
    // ... or applied to a bill that was not overdue at the start.
    const fresh = await bill(b.account, '300.00', inDays(10));
    await pay(b.account, '300.00', '2026-10-09T02:00:00Z', [{ billId: fresh, amount: '300.00' }]);
  });

  it('counts only allocations to the base bills from payments paid within the window, exactly', async () => {
    const read = (await must(READ, { id: campaign })).campaign;
    // 1,500.00 + 500.00 + 1,000.00; 3,000.00 ÷ 7,452.00 = 40.2576…%.
    expect(read.progress).toMatchObject({ accountCount: 2, baseArrears: '10000.00', target: '7452.00', collected: '3000.00', remaining: '4452.00', percentOfTarget: '40.26' });
    const collected = Object.fromEntries(read.accounts.edges.map((e: any) => [e.node.customer.id, e.node.collected]));
    expect(collected).toEqual({ [a.customer]: '2500.00', [b.customer]: '500.00' });
  });

  it('reads the plan curve on today and gives the percent of plan', async () => {
    const progress = (await must(READ, { id: campaign })).campaign.progress;
    // Today lies after 2026-10-18 and before the last point: 50 % of 7,452.00 is planned.
    expect(progress).toMatchObject({ onDay: todayIn(), planShare: '50.00', planToDate: '3726.00', percentOfPlan: percent(300000n, 372600n) });
  });

  it('rolls up per unit, owner and leader to the same sums as a from-scratch SQL query', async () => {
    const progress = (await must(READ, { id: campaign })).campaign.progress;
    const { rows } = await server.sql.query(
      `select a.parent_id as area, coalesce(sum(al.amount), 0)::numeric(14,2)::text as collected
       from campaign_account ca
       join service_account sa on sa.id = ca.service_account_id
       join org_unit a on a.id = sa.org_unit_id
       join bill b on b.service_account_id = sa.id and b.due_on < $2::date
       left join allocation al on al.bill_id = b.id
         and exists (select 1 from payment p where p.id = al.payment_id and p.paid_at >= ($2::date::timestamp at time zone 'Asia/Shanghai'))
       where ca.campaign_id = $1
       group by a.parent_id`,
      [localId(campaign), START],
    );
    const expected = Object.fromEntries(rows.map((r) => [toGlobalId('OrgUnit', r.area), r.collected]));
    const units = Object.fromEntries(progress.units.filter((u: any) => u.accountCount > 0).map((u: any) => [u.orgUnit.id, u.collected]));
    expect(units).toEqual(expected);
    expect(units).toEqual({ [repArea]: '2500.00', [otherArea.id]: '500.00' });
    // Ranked by percent of their share of the target: 2,500.00 ÷ 4,471.20 beats 500.00 ÷ 2,980.80.
    const ranked = progress.units.filter((u: any) => u.accountCount > 0).map((u: any) => [u.orgUnit.id, u.rank, u.target, u.percentOfTarget]);
    expect(ranked).toEqual([
      [repArea, 1, '4471.20', percent(250000n, 447120n)],
      [otherArea.id, 2, '2980.80', percent(50000n, 298080n)],
    ]);
    expect(progress.units.every((u: any) => u.subtree)).toBe(true);
    // Owner: the collector, else the responsible rep (b has neither); one leader for both.
    expect(progress.owners.map((o: any) => [o.user?.login ?? null, o.collected])).toEqual([['rep', '2500.00'], [null, '500.00']]);
    expect(progress.leaders.map((l: any) => [l.user?.login ?? null, l.collected, l.target])).toEqual([['lead.gy', '3000.00', '7452.00']]);
  });

  it('reports the week: progress at its end against the week before, with ranks then', async () => {
    const week1 = (await must(REPORT, { id: campaign, weekOf: '2026-10-08' })).campaignReport;
    expect(week1).toMatchObject({ weekStart: '2026-10-05', weekEnd: '2026-10-11', previousCollected: '0.00', collectedInWeek: '2000.00', campaign: { id: campaign } });
    // "107.35% of plan": 2,000.00 collected against 25 % of 7,452.00 = 1,863.00 planned.
    expect(week1.progress).toMatchObject({ collected: '2000.00', planShare: '25.00', planToDate: '1863.00', percentOfPlan: '107.35', percentOfTarget: '26.84' });
    const week2 = (await must(REPORT, { id: campaign, weekOf: '2026-10-18' })).campaignReport;
    expect(week2).toMatchObject({ weekStart: '2026-10-12', previousCollected: '2000.00', collectedInWeek: '1000.00', previousPercentOfPlan: '107.35', previousPercentOfTarget: '26.84' });
    expect(week2.progress).toMatchObject({ collected: '3000.00', planToDate: '3726.00', percentOfPlan: '80.52' });
    const area = week2.progress.units.find((u: any) => u.orgUnit.id === otherArea.id);
    expect(area).toMatchObject({ previousCollected: '500.00', collectedInWeek: '0.00', previousRank: 2, rank: 2 });
    const ownerRep = week2.progress.owners.find((o: any) => o.user?.login === 'rep');
    expect(ownerRep).toMatchObject({ previousCollected: '1500.00', collectedInWeek: '1000.00', collected: '2500.00' });
  });

  it('refuses a week that has not begun', async () => {
    const res = await server.gql(REPORT, { id: campaign, weekOf: inDays(8) });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: 'weekOf', message: expect.any(String) }]);
  });

  it('shows a rep only its own customers\' accounts, with their share of the target', async () => {
    const read = (await must(READ, { id: campaign }, bearer(await server.login('rep')))).campaign;
    expect(read.progress).toMatchObject({ accountCount: 1, baseArrears: '6000.00', target: '4471.20', collected: '2500.00', campaignTarget: '7452.00' });
    expect(read.accounts.totalCount).toBe(1);
  });

  it('moves an account to another leader and ranks the leaders', async () => {
    const { rows } = await server.sql.query(`select u.id, u.login from app_user u join org_unit o on o.id = u.org_unit_id where u.role = 'LEAD' and o.path like $1 || '%' and u.login <> 'lead.gy' order by u.id limit 1`, [branch.path]);
    const accountB = (await server.sql.query(`select id from campaign_account where campaign_id = $1 and customer_id = $2`, [localId(campaign), localId(b.customer)])).rows[0].id;
    const before = await counts();
    const moved = (await must(ASSIGN, { input: { campaignId: campaign, accountIds: [toGlobalId('CampaignAccount', accountB)], leaderId: toGlobalId('User', rows[0].id) } }, bearer(leadGyToken))).assignCampaignLeader;
    expect(moved.accounts).toEqual([{ id: toGlobalId('CampaignAccount', accountB), leader: { login: rows[0].login } }]);
    expect(await counts()).toMatchObject({ audits: before.audits + 1, events: before.events + 1 });
    const leaders = (await must(READ, { id: campaign })).campaign.progress.leaders;
    expect(leaders.map((l: any) => [l.user.login, l.collected, l.rank])).toEqual([['lead.gy', '2500.00', 1], [rows[0].login, '500.00', 2]]);
  });

  it('answers a list of campaigns with progress, accounts and people in a number of statements that does not grow with the campaigns', async () => {
    const query = `query($first: Int!) { campaigns(first: $first) { edges { node { id ${PROGRESS} accounts(first: 10) { edges { node { collected owner { login } leader { login } customer { id } serviceAccount { id } } } } } } } }`;
    const one = await server.gqlCounted(query, { first: 1 });
    expect(one.body.errors).toBeUndefined();
    const many = await server.gqlCounted(query, { first: 20 });
    expect(many.body.errors).toBeUndefined();
    const edges = many.body.data.campaigns.edges;
    expect(edges.length).toBeGreaterThanOrEqual(3);
    expect(edges.flatMap((e: any) => e.node.accounts.edges).length).toBeGreaterThanOrEqual(6);
    // Loader batches may split across ticks by one or two, never by campaign or account.
    expect(many.statements).toBeLessThanOrEqual(one.statements + 2);
    expect(many.statements).toBeLessThanOrEqual(16);
  });
});

describe('adding hard accounts', () => {
  it('adds every account of the subtree in arrears over an amount, skipping those already in', async () => {
    const big = await owing('88888.88', repStation);
    const small = await owing('10.00', repStation);
    const campaign = (await must(CREATE, { input: campaignInput(repStation) })).createCampaign.campaign.id;
    const first = (await must(ADD, { input: { campaignId: campaign, minArrears: '50000.00' } })).addCampaignAccounts;
    const ids = first.added.map((x: any) => x.customer.id);
    expect(ids).toContain(big.customer);
    expect(ids).not.toContain(small.customer);
    expect(first.added.every((x: any) => Number(x.baseArrears) > 50000)).toBe(true);
    // The same selection again adds nothing: all are in already.
    expect((await must(ADD, { input: { campaignId: campaign, minArrears: '50000.00' } })).addCampaignAccounts.addedCount).toBe(0);
    const { rows } = await server.sql.query(`select count(*)::int as n from campaign_account where campaign_id = $1`, [localId(campaign)]);
    expect(rows[0].n).toBe(first.addedCount);
  });

  it('records one audit entry and one event per customer added', async () => {
    const a = await owing('500.00', repStation);
    const campaign = (await must(CREATE, { input: campaignInput(repStation) })).createCampaign.campaign.id;
    await must(ADD, { input: { campaignId: campaign, customerIds: [a.customer] } });
    const { rows: audits } = await server.sql.query(`select action from audit_entry where entity_type = 'Campaign' and entity_id = $1 order by id`, [localId(campaign)]);
    expect(audits).toEqual([{ action: 'campaign.create' }, { action: 'campaign.add_accounts' }]);
    const { rows: events } = await server.sql.query(`select kind, payload->'changedFields' as fields from domain_event where customer_id = $1 and kind like 'campaign.%'`, [localId(a.customer)]);
    expect(events).toEqual([{ kind: 'campaign.accounts_added', fields: ['campaigns'] }]);
  });

  it('refuses a customer with no arrears overdue at the start, naming it, and writes nothing', async () => {
    const customer = await createCustomer(repStation, null);
    const account = await addAccount(customer, repStation);
    await bill(account, '100.00', inDays(5));
    const campaign = (await must(CREATE, { input: campaignInput(repStation) })).createCampaign.campaign.id;
    const error = await refused(ADD, { campaignId: campaign, customerIds: [customer] });
    expect(error.fields).toEqual([{ field: 'customerIds.0', message: expect.any(String) }]);
  });

  it('refuses a customer outside the viewer\'s subtree as NOT_FOUND and one outside the campaign\'s subtree as bad input', async () => {
    const outside = await owing('100.00', otherArea.station);
    const campaign = (await must(CREATE, { input: campaignInput(repStation) }, bearer(leadGyToken))).createCampaign.campaign.id;
    await refused(ADD, { campaignId: campaign, customerIds: [outside.customer] });
    const { rows } = await server.sql.query(`select c.id from customer c join org_unit o on o.id = c.org_unit_id where o.path not like $1 || '%' order by c.id limit 1`, [branch.path]);
    await refused(ADD, { campaignId: campaign, customerIds: [toGlobalId('Customer', rows[0].id)] }, 'NOT_FOUND', bearer(leadGyToken));
  });

  it('refuses a leader outside the viewer\'s subtree or who is not a LEAD or ADMIN', async () => {
    const a = await owing('100.00', repStation);
    const campaign = (await must(CREATE, { input: campaignInput(repStation) }, bearer(leadGyToken))).createCampaign.campaign.id;
    const { rows } = await server.sql.query(`select id from app_user where login = 'lead'`);
    const companyLead = toGlobalId('User', rows[0].id);
    const error = await refused(ADD, { campaignId: campaign, customerIds: [a.customer], leaderId: companyLead }, 'BAD_USER_INPUT', bearer(leadGyToken));
    expect(error.fields?.[0]?.field).toBe('leaderId');
    await refused(ADD, { campaignId: campaign, customerIds: [a.customer], leaderId: repUser }, 'BAD_USER_INPUT', bearer(leadGyToken));
  });
});

describe('validation and lifecycle', () => {
  it('refuses a campaign ending before it starts, a target of 0 or less, a percent over 100 and a mixed target, writing nothing', async () => {
    expect((await refused(CREATE, campaignInput(repStation, { startsOn: '2026-10-05', endsOn: '2026-10-04' }))).fields?.[0]?.field).toBe('endsOn');
    expect((await refused(CREATE, campaignInput(repStation, { targetKind: 'AMOUNT', targetAmount: '0.00', targetPercent: null }))).fields?.[0]?.field).toBe('targetAmount');
    expect((await refused(CREATE, campaignInput(repStation, { targetKind: 'AMOUNT', targetAmount: '-5.00', targetPercent: null }))).fields?.[0]?.field).toBe('targetAmount');
    expect((await refused(CREATE, campaignInput(repStation, { targetPercent: '0' }))).fields?.[0]?.field).toBe('targetPercent');
    expect((await refused(CREATE, campaignInput(repStation, { targetPercent: '100.01' }))).fields?.[0]?.field).toBe('targetPercent');
    expect((await refused(CREATE, campaignInput(repStation, { targetAmount: '100.00' }))).fields?.[0]?.field).toBe('targetAmount');
    expect((await refused(CREATE, campaignInput(repStation, { startsOn: '2026-02-30' }))).fields?.[0]?.field).toBe('startsOn');
  });

  it('refuses a plan curve that decreases, leaves the window or does not end at 100 %', async () => {
    const end = inDays(60);
    const decreasing = await refused(CREATE, campaignInput(repStation, { planCurve: [{ on: '2026-10-10', share: '60' }, { on: end, share: '50' }] }));
    expect(decreasing.fields?.[0]?.field).toBe('planCurve.1.share');
    const outside = await refused(CREATE, campaignInput(repStation, { planCurve: [{ on: '2026-10-01', share: '10' }, { on: end, share: '100' }] }));
    expect(outside.fields?.[0]?.field).toBe('planCurve.0.on');
    const short = await refused(CREATE, campaignInput(repStation, { planCurve: [{ on: end, share: '90' }] }));
    expect(short.fields?.[0]?.field).toBe('planCurve.0.share');
  });

  it('refuses an org unit outside the lead\'s subtree, and a caller without campaigns:manage', async () => {
    const { rows } = await server.sql.query(`select id from org_unit where kind = 'BRANCH' and path not like $1 || '%' order by id limit 1`, [branch.path]);
    const error = await refused(CREATE, campaignInput(toGlobalId('OrgUnit', rows[0].id)), 'BAD_USER_INPUT', bearer(leadGyToken));
    expect(error.fields?.[0]?.field).toBe('orgUnitId');
    await refused(CREATE, campaignInput(repStation), 'FORBIDDEN', bearer(await server.login('rep')));
  });

  it('derives PLANNED, ACTIVE and CLOSED from the dates and filters by them', async () => {
    const planned = (await must(CREATE, { input: campaignInput(repStation, { startsOn: inDays(3), endsOn: inDays(30) }) })).createCampaign.campaign;
    const past = (await must(CREATE, { input: campaignInput(repStation, { startsOn: '2026-01-01', endsOn: '2026-03-31' }) })).createCampaign.campaign;
    expect([planned.status, past.status]).toEqual(['PLANNED', 'CLOSED']);
    const list = await must(`query($s: [CampaignStatus!]) { campaigns(first: 100, filter: { statuses: $s }) { totalCount edges { node { id status } } } }`, { s: ['PLANNED'] });
    expect(list.campaigns.edges.map((e: any) => e.node.status)).toEqual(list.campaigns.edges.map(() => 'PLANNED'));
    expect(list.campaigns.edges.map((e: any) => e.node.id)).toContain(planned.id);
    expect(list.campaigns.edges.map((e: any) => e.node.id)).not.toContain(past.id);
  });

  it('plans linearly by default: (days elapsed ÷ days in the campaign) of the target', async () => {
    const a = await owing('1000.00', repStation);
    const end = inDays(60);
    const campaign = (await must(CREATE, { input: campaignInput(repStation, { targetKind: 'AMOUNT', targetAmount: '1000.00', targetPercent: null, endsOn: end }) })).createCampaign.campaign.id;
    await must(ADD, { input: { campaignId: campaign, customerIds: [a.customer] } });
    await pay(a.account, '100.00', '2026-10-06T02:00:00Z');
    const week = (await must(REPORT, { id: campaign, weekOf: START })).campaignReport.progress;
    const total = BigInt(daysFrom(START, end) + 1);
    const planCents = (100000n * 7n * 2n + total) / (2n * total); // round(1,000.00 × 7 ÷ total days), in cents
    expect(week.planToDate).toBe(`${planCents / 100n}.${String(planCents % 100n).padStart(2, '0')}`);
    expect(week.percentOfPlan).toBe(percent(10000n, planCents));
  });

  it('fixes the start once accounts exist, refuses changes to a closed campaign and stops counting at the close', async () => {
    const a = await owing('1000.00', repStation);
    const campaign = (await must(CREATE, { input: campaignInput(repStation) })).createCampaign.campaign.id;
    const renamed = (await must(UPDATE, { input: { campaignId: campaign, name: '改名后的行动', targetKind: 'AMOUNT', targetAmount: '500.00' } })).updateCampaign.campaign;
    expect(renamed).toMatchObject({ name: '改名后的行动', targetKind: 'AMOUNT', targetAmount: '500.00', targetPercent: null });
    await must(ADD, { input: { campaignId: campaign, customerIds: [a.customer] } });
    await refused(UPDATE, { campaignId: campaign, startsOn: '2026-10-06' }, 'CONFLICT');
    await pay(a.account, '200.00', '2026-10-06T02:00:00Z');
    const closed = (await must(CLOSE, { input: { campaignId: campaign } })).closeCampaign.campaign;
    expect(closed.status).toBe('CLOSED');
    await pay(a.account, '300.00', new Date().toISOString());
    expect((await must(READ, { id: campaign })).campaign.progress.collected).toBe('200.00');
    await refused(CLOSE, { campaignId: campaign }, 'CONFLICT');
    await refused(UPDATE, { campaignId: campaign, name: '再改' }, 'CONFLICT');
  });
});

describe('scoping', () => {
  it('hides a campaign of the branch from another branch\'s lead and shows it to the stations it covers', async () => {
    const campaign = (await must(CREATE, { input: campaignInput(branch.id) }, bearer(leadGyToken))).createCampaign.campaign.id;
    const { rows } = await server.sql.query(`select u.login from app_user u join org_unit o on o.id = u.org_unit_id where u.role = 'LEAD' and o.kind = 'BRANCH' and o.path not like $1 || '%' order by u.id limit 1`, [branch.path]);
    const stranger = bearer(await server.login(rows[0].login));
    expect((await server.gql(READ, { id: campaign }, stranger)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await must(`{ campaigns(first: 100) { edges { node { id } } } }`, {}, stranger);
    expect(list.campaigns.edges.map((e: any) => e.node.id)).not.toContain(campaign);
    const node = await must(`query($id: ID!) { node(id: $id) { id } }`, { id: campaign }, stranger);
    expect(node.node).toBeNull();
    // The collector at a station of the branch reads it; it may not manage it.
    const collector = bearer(await server.login('collector'));
    expect((await must(READ, { id: campaign }, collector)).campaign.id).toBe(campaign);
    await refused(CLOSE, { campaignId: campaign }, 'FORBIDDEN', collector);
  });
});

describe('demo data', () => {
  it('seeds one campaign per branch whose hard accounts\' base arrears are the sums of their snapshotted bills', async () => {
    const { rows } = await server.sql.query(
      `select o.id as branch, count(distinct cm.id)::int as campaigns, count(ca.id)::int as accounts,
              count(ca.id) filter (where ca.base_arrears <> (select sum(cb.base_open) from campaign_bill cb where cb.campaign_account_id = ca.id))::int as mismatched
       from org_unit o left join campaign cm on cm.org_unit_id = o.id and cm.name like '%秋冬%' left join campaign_account ca on ca.campaign_id = cm.id
       where o.kind = 'BRANCH' group by o.id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ campaigns: 1, mismatched: 0 });
    expect(rows.some((r) => r.accounts > 0)).toBe(true);
    const seeded = (await server.sql.query(`select id from campaign where org_unit_id = $1 and name like '%秋冬%'`, [branch.localId])).rows[0].id;
    const progress = (await must(READ, { id: toGlobalId('Campaign', seeded) }, bearer(leadGyToken))).campaign.progress;
    expect(progress.campaignTarget).toBe(
      (await server.sql.query(`select round(sum(base_arrears) * 74.52 / 100, 2)::text as t from campaign_account where campaign_id = $1`, [seeded])).rows[0].t,
    );
  });
});
