/**
 * Shared by the fault-injection tests that move money: fresh accounts with
 * known bills, payments with one idempotency key each, retried with that key
 * until they succeed, and what every failed attempt may (not) look like.
 */
import type pg from 'pg';
import { expect } from 'vitest';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import type { GraphQLResponse } from '../support/harness.js';
import { testUscc } from '../support/fixtures.js';

export type Call = (query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse>;

export const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { replayed payment { id amount } } }`;
const BILLS = `mutation($input: ImportBillsInput!) { importBills(input: $input) { recordedCount } }`;
export const BALANCE = `query($id: ID!) { node(id: $id) { ... on ServiceAccount { balance { billed paid balance credit } } } }`;

async function must(call: Call, query: string, variables: Record<string, unknown>) {
  const res = await call(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/**
 * A new customer with `accounts` service accounts, each owing `bills` bills of
 * `billAmount`, in the station of the demo rep. Returns the accounts' global IDs.
 */
export async function ledgerAccounts(call: Call, sql: pg.Pool, tag: number, accounts: number, bills: number, billAmount: string): Promise<string[]> {
  const { rows } = await sql.query<{ org_unit_id: number }>(`select org_unit_id from app_user where login = 'rep'`);
  const station = toGlobalId('OrgUnit', rows[0]!.org_unit_id);
  const customer = (await must(call, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name: `故障注入测试用户${tag}`, uscc: testUscc(61000 + tag), kind: 'INDUSTRIAL', utility: 'POWER', tier: 'KEY', status: 'ACTIVE', orgUnitId: station },
  })).createCustomer.customer.id;
  const ids: string[] = [];
  for (let a = 0; a < accounts; a++) {
    const res = await must(call, `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
      input: { customerId: customer, accountNumber: `7722${tag}${String(a).padStart(6, '0')}`, orgUnitId: station, address: '故障注入测试地址' },
    });
    const account = res.addServiceAccount.serviceAccount.id as string;
    ids.push(account);
    const items = Array.from({ length: bills }, (_, i) => ({
      serviceAccountId: account, periodStart: '2026-01-01', periodEnd: '2026-01-31', amount: billAmount,
      dueOn: `2026-02-${String(10 + i).padStart(2, '0')}`, issuedOn: '2026-02-01', sourceSystem: '故障注入', externalId: `F${tag}-${a}-${i}`,
    }));
    expect((await must(call, BILLS, { input: { items, mode: 'ALL_OR_NOTHING', idempotencyKey: `fault-bills-${tag}-${a}` } })).importBills.recordedCount).toBe(bills);
  }
  return ids;
}

export interface PaymentPlan {
  key: string;
  input: Record<string, unknown>;
}

/** `count` payments of `amount`, round-robin over the accounts; the key doubles as the bank reference, so rows can be counted by key. */
export function paymentPlan(tag: string, accounts: string[], count: number, amount: string): PaymentPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `${tag}-pay-${i}`;
    return {
      key,
      input: { serviceAccountId: accounts[i % accounts.length], amount, channel: 'BANK', paidAt: '2026-11-20T01:00:00Z', externalReference: key, idempotencyKey: key },
    };
  });
}

/** Signs of SQL, stack traces or file paths that must never reach a client. */
const LEAKS = /\b(select|insert|update|delete)\s|\bcommit\b|relation "|syntax error|\n\s+at |\.ts:\d|\/src\/|ECONNRE|Connection terminated/i;

/** A failed attempt's answer: every error carries a code, and nothing internal leaks. */
export function expectCleanErrors(body: GraphQLResponse): void {
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  for (const error of body.errors ?? []) {
    expect(typeof error.extensions?.code, JSON.stringify(error)).toBe('string');
    expect(error.message, JSON.stringify(error)).not.toMatch(LEAKS);
    expect(JSON.stringify(error.extensions ?? {})).not.toMatch(LEAKS);
  }
}

/** The payment rows per key (bank reference) and what each key's idempotency record points at. */
export async function paymentsByKey(sql: pg.Pool, keys: string[]): Promise<Map<string, { rows: number[]; recorded: number | null }>> {
  const { rows } = await sql.query<{ key: string; ids: number[]; recorded: number | null }>(
    `select k.key, coalesce((select array_agg(p.id order by p.id) from payment p where p.channel = 'BANK' and p.external_reference = k.key), '{}') as ids,
            (select (r.result->>'paymentId')::int from idempotency_record r where r.idempotency_key = k.key and r.operation = 'recordPayment') as recorded
     from unnest($1::text[]) as k(key)`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, { rows: r.ids, recorded: r.recorded }]));
}

export const localIds = (ids: string[]): number[] => ids.map((id) => parseGlobalId(id)!.id);
