/**
 * Development rewards 开发专项奖励 (DOMAIN.md "Targets, leaderboards and
 * rewards"; issue 7 item 5; seed 001's tiers by average monthly spend over
 * the first 3 months): every tier boundary through bills recorded with the
 * API, the explanation, idempotent computation (by hand and in the daily
 * scan), the lead's approval or rejection, scoping, and the scheme's
 * validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/src/calendar.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf, userIdOf } from '../support/fixtures-auth.js';
import { fen, gqlData, localId as local, testUscc, yuan } from '../support/fixtures.js';

const REWARD_FIELDS = `id status amount totalSpend averageMonthlySpend windowMonths windowStart windowEnd decisionNote decidedAt
  customer { id } developer { id login } orgUnit { id } decidedBy { login }
  explanation { developerSource total average windowMonths bills { billId periodStart periodEnd amount } tier { lowerBound upperBound amount } tiers { lowerBound } }`;
const COMPUTE = `mutation($input: ComputeRewardsInput!) { computeRewards(input: $input) { skipped proposed { ${REWARD_FIELDS} } } }`;
const APPROVE = `mutation($input: ApproveRewardInput!) { approveReward(input: $input) { reward { ${REWARD_FIELDS} } } }`;
const REJECT = `mutation($input: RejectRewardInput!) { rejectReward(input: $input) { reward { ${REWARD_FIELDS} } } }`;
const TIERS = `{ rewardTiers { windowMonths isDefault tiers { lowerBound upperBound amount } } }`;
const UPDATE = `mutation($input: UpdateRewardTiersInput!) { updateRewardTiers(input: $input) { scheme { windowMonths isDefault tiers { lowerBound upperBound amount } } } }`;
const LIST = `query($filter: RewardFilter) { rewards(first: 100, filter: $filter) { totalCount edges { node { id customer { id } developer { login } status } } } }`;

let server: TestServer;
let station: string;
let rep: string;
let seq = 0;

/** The first day of the month `n` months before today's (company time zone). */
function monthsBack(n: number): string {
  const [y, m] = todayIn().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 10);
}
function monthEnd(start: string): string {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const must = (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => gqlData(server, query, variables, headers);

async function counts() {
  const { rows } = await server.sql.query(`select (select count(*)::int from reward) as rewards, (select count(*)::int from reward_tier) as tiers,
    (select count(*)::int from reward_scheme) as schemes, (select count(*)::int from audit_entry) as audits, (select count(*)::int from domain_event) as events`);
  return rows[0];
}

/**
 * A customer developed on `developedOn` (as admin, with `responsibleRep`, or
 * created ACTIVE by the rep itself with `headers`), with one service account.
 */
async function developed(developedOn: string, options: { responsibleRep?: string | null; headers?: Record<string, string> } = {}) {
  seq += 1;
  const customer = (await must(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `奖励测试新开卡单位${seq}`, uscc: testUscc(83000 + seq), kind: 'TRANSPORT_FLEET', utility: 'FUEL', tier: 'REGULAR', status: 'ACTIVE', orgUnitId: station, responsibleRepId: options.responsibleRep === undefined ? rep : options.responsibleRep },
  }, options.headers)).createCustomer.customer.id as string;
  await server.sql.query(`update customer set developed_at = ($1::date + time '10:00') at time zone 'Asia/Shanghai' where id = $2`, [developedOn, local(customer)]);
  const account = (await must(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId: customer, accountNumber: `5566${String(seq).padStart(10, '0')}`, orgUnitId: station, address: '贵阳市观山湖区奖励路8号' },
  })).addServiceAccount.serviceAccount.id as string;
  return { customer, account };
}

/** A monthly bill for the month starting `periodStart`. */
async function bill(account: string, periodStart: string, amount: string): Promise<string> {
  seq += 1;
  const end = monthEnd(periodStart);
  return (await must(`mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId: account, periodStart, periodEnd: end, amount, dueOn: end, issuedOn: end, sourceSystem: '营销系统', externalId: `RW-${seq}`, idempotencyKey: `reward-bill-${seq}-${Date.now()}` },
  })).recordBill.bill.id;
}

function compute(asOf: string = todayIn(), headers?: Record<string, string>) {
  return server.gql(COMPUTE, { input: { asOf } }, headers);
}

beforeAll(async () => {
  server = await startTestServer();
  station = (await unitOf(server, 'rep')).id;
  rep = await userIdOf(server, 'rep');
});
afterAll(() => server?.close());

describe('computing rewards when the window closes', () => {
  // Developed on the 1st, four months back: the 3-month window closed two months ago, within the lookback.
  const start = () => monthsBack(4);
  const inWindow = () => [monthsBack(4), monthsBack(3), monthsBack(2)];
  const BOUNDARIES: Array<[string, string]> = [
    ['0.00', '50.00'],
    ['4999.99', '50.00'],
    ['5000.00', '100.00'],
    ['9999.99', '100.00'],
    ['10000.00', '150.00'],
    ['99999.99', '150.00'],
    ['100000.00', '300.00'],
    ['499999.99', '300.00'],
    ['500000.00', '500.00'],
  ];
  const customers = new Map<string, { customer: string; bills: string[] }>();
  let proposed: any[];

  beforeAll(async () => {
    for (const [average] of BOUNDARIES) {
      const { customer, account } = await developed(start());
      const bills: string[] = [];
      if (average !== '0.00') {
        // Three monthly bills of `average` each: total = 3 × average exactly.
        const amounts = [average, average, average];
        for (const [i, month] of inWindow().entries()) bills.push(await bill(account, month, amounts[i]!));
      }
      // Bills before the window and after it do not count.
      await bill(account, monthsBack(5), '777777.77');
      await bill(account, monthsBack(1), '888888.88');
      customers.set(average, { customer, bills });
    }
    const res = await compute();
    expect(res.errors).toBeUndefined();
    proposed = res.data.computeRewards.proposed;
  });

  for (const [average, amount] of BOUNDARIES) {
    it(`pays ${amount} for an average monthly spend of ${average}`, () => {
      const { customer, bills } = customers.get(average)!;
      const reward = proposed.find((r) => r.customer.id === customer);
      expect(reward).toMatchObject({ status: 'PROPOSED', amount, averageMonthlySpend: average, windowMonths: 3, totalSpend: yuan(fen(average) * 3n) });
      expect(reward.explanation.tier.amount).toBe(amount);
      expect(fen(average) >= fen(reward.explanation.tier.lowerBound)).toBe(true);
      if (reward.explanation.tier.upperBound) expect(fen(average) < fen(reward.explanation.tier.upperBound)).toBe(true);
      expect(reward.explanation.bills.map((b: { billId: string }) => b.billId)).toEqual(bills);
    });
  }

  it('explains the window, the developer and the scheme in force, and records an audit entry and an event per reward', async () => {
    const { customer } = customers.get('5000.00')!;
    const reward = proposed.find((r) => r.customer.id === customer);
    expect(reward).toMatchObject({
      windowStart: start(),
      windowEnd: monthEnd(monthsBack(2)),
      developer: { id: rep, login: 'rep' },
      orgUnit: { id: station },
      explanation: { developerSource: 'RESPONSIBLE_REP', total: '15000.00', average: '5000.00', windowMonths: 3, tier: { lowerBound: '5000.00', upperBound: '10000.00', amount: '100.00' } },
    });
    expect(reward.explanation.tiers.map((t: { lowerBound: string }) => t.lowerBound)).toEqual(['0.00', '5000.00', '10000.00', '100000.00', '500000.00']);
    const { rows } = await server.sql.query(
      `select (select count(*)::int from audit_entry where entity_type = 'Reward' and entity_id = $1 and action = 'reward.propose') as audits,
              (select count(*)::int from domain_event where kind = 'reward.proposed' and customer_id = $2 and (payload->>'rewardId')::int = $1) as events`,
      [local(reward.id), local(customer)],
    );
    expect(rows[0]).toEqual({ audits: 1, events: 1 });
  });

  it('proposes nothing twice: computing again, or in the daily scan, writes no reward', async () => {
    const before = await counts();
    const again = await compute();
    expect(again.data.computeRewards.proposed).toEqual([]);
    const scan = await server.gql(`mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow } }`, { input: { date: todayIn() } });
    expect(scan.errors).toBeUndefined();
    expect((await counts()).rewards).toBe(before.rewards);
  });

  it('proposes one reward when two computations run at once', async () => {
    const { customer, account } = await developed(start());
    await bill(account, inWindow()[0]!, '30000.00');
    const [a, b] = await Promise.all([compute(), compute()]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    const hits = [...a.data.computeRewards.proposed, ...b.data.computeRewards.proposed].filter((r: { customer: { id: string } }) => r.customer.id === customer);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ amount: '150.00', averageMonthlySpend: '10000.00' });
    const { rows } = await server.sql.query(`select count(*)::int as n from reward where customer_id = $1`, [local(customer)]);
    expect(rows[0].n).toBe(1);
  });

  it('waits for the window to close, then the daily scan proposes it', async () => {
    const { customer, account } = await developed(monthsBack(2));
    await bill(account, monthsBack(2), '6000.00');
    expect((await compute()).data.computeRewards.proposed.map((r: { customer: { id: string } }) => r.customer.id)).not.toContain(customer);
    // Move the development two months back, as if time passed: the window has closed.
    await server.sql.query(`update customer set developed_at = developed_at - interval '2 months' where id = $1`, [local(customer)]);
    await server.sql.query(`delete from daily_scan_run where business_date = $1`, [todayIn()]);
    const scan = await server.gql(`mutation($input: RunDailyScanInput!) { runDailyScan(input: $input) { ranNow } }`, { input: { date: todayIn() } });
    expect(scan.data.runDailyScan.ranNow).toBe(true);
    const { rows } = await server.sql.query(`select amount::text, status from reward where customer_id = $1`, [local(customer)]);
    expect(rows).toEqual([{ amount: '50.00', status: 'PROPOSED' }]);
  });

  it('credits the rep who made the customer ACTIVE even after the responsible rep changed', async () => {
    const repToken = bearer(await server.login('rep'));
    const { customer } = await developed(start(), { headers: repToken });
    const other = (await server.sql.query(`select id from app_user where role = 'REP' and org_unit_id = $1 and login <> 'rep' order by id limit 1`, [local(station)])).rows[0];
    if (other) await server.sql.query(`update customer set responsible_rep_id = $1 where id = $2`, [other.id, local(customer)]);
    const reward = (await compute()).data.computeRewards.proposed.find((r: { customer: { id: string } | null }) => r.customer?.id === customer);
    expect(reward).toMatchObject({ developer: { login: 'rep' }, explanation: { developerSource: 'ACTIVATED_BY' } });
  });

  it('skips a customer nobody developed: no rep made it ACTIVE and none is responsible', async () => {
    const { customer } = await developed(start(), { responsibleRep: null });
    const res = (await compute()).data.computeRewards;
    expect(res.skipped).toBeGreaterThanOrEqual(1);
    expect(res.proposed.map((r: { customer: { id: string } }) => r.customer.id)).not.toContain(customer);
  });

  it('refuses to compute as of a day after today, writing nothing', async () => {
    const before = await counts();
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    const res = await compute(tomorrow > todayIn() ? tomorrow : '2099-01-01');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'asOf' }] });
    expect(await counts()).toEqual(before);
  });

  it('lets only admins compute by hand', async () => {
    const res = await compute(todayIn(), bearer(await server.login('lead.gy')));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('review by a lead', () => {
    const rewardOf = (average: string) => proposed.find((r) => r.customer.id === customers.get(average)!.customer).id as string;

    it('approves a proposed reward with a note, audited and announced; a second decision is a CONFLICT', async () => {
      const lead = bearer(await server.login('lead.gy'));
      const before = await counts();
      const approved = (await must(APPROVE, { input: { rewardId: rewardOf('100000.00'), note: '季度兑现' } }, lead)).approveReward.reward;
      expect(approved).toMatchObject({ status: 'APPROVED', amount: '300.00', decisionNote: '季度兑现', decidedBy: { login: 'lead.gy' } });
      expect(approved.decidedAt).toBeTruthy();
      const after = await counts();
      expect([after.audits - before.audits, after.events - before.events]).toEqual([1, 1]);
      const again = await server.gql(REJECT, { input: { rewardId: rewardOf('100000.00'), note: '改判' } }, lead);
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await counts()).toEqual(after);
    });

    it('rejects only with a reason', async () => {
      const before = await counts();
      const blank = await server.gql(REJECT, { input: { rewardId: rewardOf('4999.99'), note: '  ' } });
      expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
      expect(await counts()).toEqual(before);
      const rejected = (await must(REJECT, { input: { rewardId: rewardOf('4999.99'), note: '客户为关联企业转户，不属新开发' } })).rejectReward.reward;
      expect(rejected).toMatchObject({ status: 'REJECTED', decisionNote: '客户为关联企业转户，不属新开发', decidedBy: { login: 'admin' } });
    });

    it('refuses reps, and a lead reviewing a reward of its own', async () => {
      const repRes = await server.gql(APPROVE, { input: { rewardId: rewardOf('5000.00') } }, bearer(await server.login('rep')));
      expect(repRes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // The rep is promoted to lead: its own reward is still someone else's to review.
      await server.sql.query(`update app_user set role = 'LEAD' where login = 'rep'`);
      try {
        const own = await server.gql(APPROVE, { input: { rewardId: rewardOf('5000.00') } }, bearer(await server.login('rep')));
        expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      } finally {
        await server.sql.query(`update app_user set role = 'REP' where login = 'rep'`);
      }
      expect((await must(`query($id: ID!) { reward(id: $id) { status } }`, { id: rewardOf('5000.00') })).reward.status).toBe('PROPOSED');
    });

    it('shows a rep only its own rewards and a lead of another branch none of these', async () => {
      const mine = (await must(LIST, {}, bearer(await server.login('rep')))).rewards;
      expect(mine.edges.length).toBeGreaterThan(0);
      expect(mine.edges.every((e: { node: { developer: { login: string } } }) => e.node.developer.login === 'rep')).toBe(true);
      const otherLead = (await server.sql.query(`select login from app_user where role = 'LEAD' and login like 'lead.%' and login <> 'lead.gy' and login not like 'lead.gy%' order by id limit 1`)).rows[0].login;
      const theirs = (await must(LIST, { filter: { statuses: ['PROPOSED', 'APPROVED', 'REJECTED'] } }, bearer(await server.login(otherLead)))).rewards;
      const ours = new Set([...customers.values()].map((c) => c.customer));
      expect(theirs.edges.some((e: { node: { customer: { id: string } | null } }) => e.node.customer && ours.has(e.node.customer.id))).toBe(false);
      const approve = await server.gql(APPROVE, { input: { rewardId: rewardOf('9999.99') } }, bearer(await server.login(otherLead)));
      expect(approve.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const filtered = (await must(LIST, { filter: { statuses: ['APPROVED'], userId: rep } })).rewards;
      expect(filtered.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(filtered.edges.map(() => 'APPROVED'));
      expect(filtered.totalCount).toBeGreaterThanOrEqual(1);
    });
  });
});

describe('the reward scheme 奖励方案', () => {
  const SEED_001 = [
    { lowerBound: '0.00', upperBound: '5000.00', amount: '50.00' },
    { lowerBound: '5000.00', upperBound: '10000.00', amount: '100.00' },
    { lowerBound: '10000.00', upperBound: '100000.00', amount: '150.00' },
    { lowerBound: '100000.00', upperBound: '500000.00', amount: '300.00' },
    { lowerBound: '500000.00', upperBound: null, amount: '500.00' },
  ];

  it('starts from seed 001: 3 months and five tiers', async () => {
    expect((await must(TIERS, {})).rewardTiers).toEqual({ windowMonths: 3, isDefault: true, tiers: SEED_001 });
  });

  it('refuses gaps, overlaps, a first tier above 0, a bounded top tier and a window of 4 months, writing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', upperBound: '5000.00', amount: '50.00' }, { lowerBound: '5000.01', amount: '100.00' }] }, 'tiers.1.lowerBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', upperBound: '5000.00', amount: '50.00' }, { lowerBound: '4000.00', amount: '100.00' }] }, 'tiers.1.lowerBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '100.00', upperBound: '5000.00', amount: '50.00' }, { lowerBound: '5000.00', amount: '100.00' }] }, 'tiers.0.lowerBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', upperBound: '5000.00', amount: '50.00' }] }, 'tiers.0.upperBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', amount: '50.00' }, { lowerBound: '5000.00', amount: '100.00' }] }, 'tiers.0.upperBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', upperBound: '0.00', amount: '50.00' }, { lowerBound: '0.00', amount: '100.00' }] }, 'tiers.0.upperBound'],
      [{ windowMonths: 3, tiers: [{ lowerBound: '0.00', amount: '-1.00' }] }, 'tiers.0.amount'],
      [{ windowMonths: 4, tiers: [{ lowerBound: '0.00', amount: '50.00' }] }, 'windowMonths'],
    ];
    for (const [input, field] of cases) {
      const before = await counts();
      const res = await server.gql(UPDATE, { input });
      expect(res.errors?.[0]?.extensions?.code, field).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.fields!.map((f) => f.field)).toContain(field);
      expect(await counts()).toEqual(before);
    }
  });

  it('lets only admins change it', async () => {
    const res = await server.gql(UPDATE, { input: { windowMonths: 6, tiers: [{ lowerBound: '0.00', amount: '1.00' }] } }, bearer(await server.login('lead')));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('applies a new scheme to windows closing afterwards, keeping what was proposed before', async () => {
    const earlier = (await server.sql.query(`select amount::text, explanation->'tier'->>'amount' as tier from reward order by id limit 1`)).rows[0];
    const scheme = (await must(UPDATE, {
      input: { windowMonths: 6, tiers: [{ lowerBound: '0.00', upperBound: '8000.00', amount: '80.00' }, { lowerBound: '8000.00', amount: '800.00' }] },
    })).updateRewardTiers.scheme;
    expect(scheme).toEqual({ windowMonths: 6, isDefault: false, tiers: [{ lowerBound: '0.00', upperBound: '8000.00', amount: '80.00' }, { lowerBound: '8000.00', upperBound: null, amount: '800.00' }] });
    expect((await must(TIERS, {})).rewardTiers.isDefault).toBe(false);
    const { customer, account } = await developed(monthsBack(7));
    for (const n of [7, 6, 5, 4, 3, 2]) await bill(account, monthsBack(n), '8000.00');
    await bill(account, monthsBack(1), '1.00');
    const reward = (await compute()).data.computeRewards.proposed.find((r: { customer: { id: string } }) => r.customer.id === customer);
    expect(reward).toMatchObject({ windowMonths: 6, totalSpend: '48000.00', averageMonthlySpend: '8000.00', amount: '800.00', windowEnd: monthEnd(monthsBack(2)) });
    const still = (await server.sql.query(`select amount::text, explanation->'tier'->>'amount' as tier from reward order by id limit 1`)).rows[0];
    expect(still).toEqual(earlier);
    const audit = await server.sql.query(`select before, after from audit_entry where action = 'reward_scheme.update' order by id desc limit 1`);
    expect(audit.rows[0].before.windowMonths).toBe(3);
    expect(audit.rows[0].after.windowMonths).toBe(6);
  });
});
