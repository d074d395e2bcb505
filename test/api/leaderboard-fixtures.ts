/** Writes through the public API for the leaderboard and metric tests. */
import { expect } from 'vitest';
import { testUscc } from '../support/fixtures.js';
import type { TestServer } from '../support/harness.js';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${++seq}`;

export async function must(server: TestServer, query: string, variables: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await server.gql(query, variables, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

export async function createCustomer(server: TestServer, orgUnitId: string, repId: string | null, extra: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const data = await must(server, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: {
      name: `排名测试客户${unique()}`,
      uscc: testUscc(700000 + Math.floor(Math.random() * 90000) * 10 + (seq % 10)),
      kind: 'INDUSTRIAL',
      utility: 'GAS',
      tier: 'KEY',
      status: 'ACTIVE',
      orgUnitId,
      responsibleRepId: repId,
      ...extra,
    },
  });
  return data.createCustomer.customer.id;
}

export async function addAccount(server: TestServer, customerId: string, orgUnitId: string): Promise<string> {
  const data = await must(server, `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId, accountNumber: `66${String(Date.now() % 1e8).padStart(8, '0')}${String(++seq).padStart(4, '0')}`, orgUnitId, address: '贵阳市观山湖区排名路1号' },
  });
  return data.addServiceAccount.serviceAccount.id;
}

export async function logVisit(server: TestServer, customerId: string, occurredAt: Date, channel = 'PHONE', headers?: Record<string, string>) {
  const data = await must(
    server,
    `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`,
    {
      input: {
        customerId,
        channel,
        purpose: 'SERVICE',
        occurredAt: occurredAt.toISOString(),
        outcome: `回访${unique()}`,
        satisfaction: 5,
        ...(channel === 'ON_SITE' ? { checkInAt: occurredAt.toISOString(), checkInLatitude: 26.6477, checkInLongitude: 106.6302 } : {}),
      },
    },
    headers,
  );
  return data.logVisit.visit.id as string;
}

export async function recordBill(server: TestServer, serviceAccountId: string, amount: string, dueOn: string) {
  const data = await must(server, `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`, {
    input: { serviceAccountId, periodStart: '2026-08-01', periodEnd: '2026-08-31', amount, dueOn, issuedOn: '2020-01-01', sourceSystem: '营销系统', externalId: `LB${unique()}`, idempotencyKey: `lb-${unique()}` },
  });
  return data.recordBill.bill.id as string;
}

export async function recordPayment(server: TestServer, serviceAccountId: string, amount: string, paidAt: Date) {
  const data = await must(server, `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`, {
    input: { serviceAccountId, amount, channel: 'WECHAT_PAY', paidAt: paidAt.toISOString(), idempotencyKey: `lp-${unique()}` },
  });
  return data.recordPayment.payment.id as string;
}

/** Every non-zero counter row, sorted, for comparing the incremental counters with a rebuild. */
export async function counterRows(server: TestServer): Promise<string[]> {
  const { rows } = await server.sql.query<{ row: string }>(
    `select concat_ws('|', metric, day::text, channel, user_id, org_unit_id, value::text, base::text) as row
     from metric_daily where value <> 0 or base <> 0
     union all
     select concat_ws('|', 'KEY', day::text, channel, user_id, org_unit_id, customer_id) from metric_key_visit
     order by 1`,
  );
  return rows.map((r) => r.row);
}
