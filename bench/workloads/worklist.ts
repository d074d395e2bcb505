/**
 * W2 "arrears worklist" (issue 10): the collector's day as the console asks
 * for it — the `worklist` query's arrears section 欠费户, which ranks the
 * 1,000 longest-overdue accounts in scope (MAX_CANDIDATES in
 * server/src/modules/worklists/worklist.service.ts) by priority and returns the
 * top `limit` (the API's maximum page, 100) with account and customer.
 *
 * The baseline is one hand-written statement on `pg` that finds the same
 * candidates, their arrears and priority (the same formula, in SQL numeric),
 * and shapes the same JSON (global IDs, 2-decimal strings). The caller is a
 * partner API key on the whole company (no owner: everyone's accounts).
 */
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { todayIn } from '../../server/src/calendar.js';
import { DEFAULT_POLICY } from '../../server/src/modules/collection-policies/collection-policy.service.js';
import { MAX_CANDIDATES } from '../../server/src/modules/worklists/worklist.service.js';
import type { StatementCount } from './customer-list.js';

/** Rows the arrears section returns (the API's page maximum). */
export const WORKLIST_ROWS = 100;

export const WORKLIST_QUERY = `query ArrearsWorklist($limit: Int!) { worklist(limit: $limit) {
  date
  accountsInArrears { arrears oldestOverdueDays onRiskLedger brokenPromises priority serviceAccount { id accountNumber } customer { id name } }
} }`;

export function worklistBody(): string {
  return JSON.stringify({ query: WORKLIST_QUERY, variables: { limit: WORKLIST_ROWS } });
}

export async function fetchWorklistGraphql(serverUrl: string, headers: Record<string, string>): Promise<{ body: any; statements: number }> {
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: worklistBody(),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (res.status !== 200 || body.errors) throw new Error(`worklist answered HTTP ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { body, statements: Number(res.headers.get('x-sql-statements')) };
}

/**
 * The candidates (an unpaid bill past due; the longest overdue first, at most
 * MAX_CANDIDATES), their arrears (open amounts of bills past due), risk
 * ledger, broken promises of the last 365 days and priority, ranked — in one
 * statement. A bill's open amount (amount − allocations + adjustments) is kept
 * on the bill (`bill.open_amount`, Migration20261126090000_bill_open_amount),
 * as the server reads it.
 */
const BASELINE_SQL = `
with p as (select $1::date as today, $2::numeric as threshold),
open_bill as (
  select b.service_account_id as sa_id, b.due_on, b.open_amount as open
  from bill b, p where b.due_on < p.today and b.open_amount > 0),
acct as (
  select sa_id, min(due_on) as oldest_due, sum(open) as arrears from open_bill where open > 0 group by sa_id
  order by min(due_on), sa_id limit ${MAX_CANDIDATES}),
ranked as (
  select a.sa_id, sa.account_number, c.id as customer_id, c.name, a.arrears, p.today - a.oldest_due as oldest_days,
         c.risk_level is not null as on_risk,
         (select count(*) from alert al where al.kind = 'PROMISE_BROKEN' and al.customer_id = c.id
            and (al.service_account_id = a.sa_id or al.service_account_id is null) and al.created_at > now() - interval '365 days')::int as broken,
         coalesce(cp.monitoring_threshold, p.threshold) as threshold
  from acct a cross join p join service_account sa on sa.id = a.sa_id join customer c on c.id = sa.customer_id
  join org_unit o on o.id = c.org_unit_id left join collection_policy cp on cp.company_id = split_part(o.path, '/', 2)::int)
select sa_id, account_number, customer_id, name, arrears::numeric(14,2)::text as arrears, oldest_days, on_risk, broken,
       round(arrears / threshold + oldest_days / 30.0 + case when on_risk then 5 else 0 end + 3 * broken, 2)::text as priority
from ranked
order by round(arrears / threshold + oldest_days / 30.0 + case when on_risk then 5 else 0 end + 3 * broken, 2) desc, arrears desc, sa_id
limit $3`;

/** The baseline: one statement, shaped into the GraphQL answer's JSON. */
export async function baselineWorklist(pool: pg.Pool, counter?: StatementCount): Promise<any> {
  const today = todayIn();
  if (counter) counter.statements++;
  const { rows } = await pool.query<{
    sa_id: number;
    account_number: string;
    customer_id: number;
    name: string;
    arrears: string;
    oldest_days: number;
    on_risk: boolean;
    broken: number;
    priority: string;
  }>(BASELINE_SQL, [today, DEFAULT_POLICY.monitoringThreshold, WORKLIST_ROWS]);
  return {
    data: {
      worklist: {
        date: today,
        accountsInArrears: rows.map((r) => ({
          arrears: r.arrears,
          oldestOverdueDays: r.oldest_days,
          onRiskLedger: r.on_risk,
          brokenPromises: r.broken,
          priority: r.priority,
          serviceAccount: { id: toGlobalId('ServiceAccount', r.sa_id), accountNumber: r.account_number },
          customer: { id: toGlobalId('Customer', r.customer_id), name: r.name },
        })),
      },
    },
  };
}

/** How many accounts are in arrears at all (the candidates are the longest-overdue MAX_CANDIDATES of them). */
export async function accountsInArrears(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(distinct b.service_account_id)::int as n from bill b
      where b.due_on < $1::date
        and b.open_amount > 0`,
    [todayIn()],
  );
  return rows[0]!.n;
}
