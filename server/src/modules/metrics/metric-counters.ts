/**
 * Keeps the daily metric counters (metric-counter.entity.ts) in step with the
 * facts, inside the transaction that writes each fact (issue 7 item 2; the
 * metric definitions are in metric.enums.ts). One upsert statement per hook
 * call; a write that rolls back takes its counts with it.
 *
 * Who is credited (documented choices):
 * - NEW_ACCOUNTS: the customer's responsible rep, on the day of `developed_at`.
 * - PROSPECTS_CONVERTED: the customer's responsible rep, on the day the
 *   customer left PROSPECT (customer_status_change).
 * - VISITS, KEY_ACCOUNTS_COVERED: the person who recorded the visit (also one
 *   of its participants), on the visit's `occurred_at` day, by channel.
 *   Crediting every participant would count a leader's joint visit twice in a
 *   unit's total.
 * - AMOUNT_COLLECTED, COLLECTION_RATE, ARREARS_REDUCED: the service account's
 *   collector, else the customer's rep. Payments count on their paid-at day, a
 *   refund subtracts on the day it is made (a closed day's board never
 *   changes); COLLECTION_RATE counts by the bill's due day (numerator:
 *   allocations, denominator: amount plus adjustments); ARREARS_REDUCED counts
 *   allocations to bills already past due on the payment's paid-at day.
 * The unit is always the customer's own org unit. Credit goes to whoever is
 * responsible when the fact is written; `rebuildMetricCounters` recomputes
 * from the current assignments (the two agree unless customers were reassigned).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE } from '../../calendar.js';
import { onCustomerChange, type CustomerChangeHook } from '../../events/customer-change.js';
import { onLedgerChange, type LedgerHook } from '../receivables/receivables.service.js';

/** Something that runs SQL: an EntityManager or a pg client (the seed). */
export interface SqlRunner {
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

const UPSERT = `on conflict (metric, day, channel, user_id, org_unit_id)
  do update set value = metric_daily.value + excluded.value, base = metric_daily.base + excluded.base`;

/** Who a ledger fact is credited to, from the account `sa` and customer `c`. */
const LEDGER_USER = 'coalesce(sa.collector_id, c.responsible_rep_id, 0)';

const day = (column: string) => `(${column} at time zone '${COMPANY_TIME_ZONE.replaceAll("'", "''")}')::date`;

const countVisit = (em: EntityManager, visitId: number) =>
  em.execute(
    `with v as (
       select ${day('v.occurred_at')} as day, v.channel, v.recorded_by_id as user_id, c.org_unit_id, c.id as customer_id, c.tier
       from visit v join customer c on c.id = v.customer_id where v.id = ?
     ), k as (
       insert into metric_key_visit (day, customer_id, user_id, org_unit_id, channel)
       select day, customer_id, user_id, org_unit_id, channel from v where tier in ('KEY', 'STRATEGIC')
       on conflict (day, customer_id, user_id, channel) do nothing
     )
     insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
     select 'VISITS', day, channel, user_id, org_unit_id, 1, 0 from v
     ${UPSERT}`,
    [visitId],
  );

const countCustomer = (em: EntityManager, customerId: number, developed: boolean, converted: boolean) =>
  em.execute(
    `insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
     select x.metric, x.day, '', coalesce(c.responsible_rep_id, 0), c.org_unit_id, 1, 0
     from customer c
     cross join lateral (values ('NEW_ACCOUNTS', ${day('c.developed_at')}, ?::boolean), ('PROSPECTS_CONVERTED', ${day('c.status_changed_at')}, ?::boolean)) as x(metric, day, wanted)
     where c.id = ? and x.wanted and x.day is not null
     ${UPSERT}`,
    [developed, converted, customerId],
  );

/** The statement counting one ledger row; every branch is one insert … select … on conflict. */
const ledgerSql = (): Record<'bill' | 'payment' | 'adjustment' | 'refund', string> => ({
  bill: `insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
    select 'COLLECTION_RATE', b.due_on, '', ${LEDGER_USER}, c.org_unit_id, 0, b.amount
    from bill b join service_account sa on sa.id = b.service_account_id join customer c on c.id = b.customer_id
    where b.id = ?
    ${UPSERT}`,
  adjustment: `insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
    select 'COLLECTION_RATE', b.due_on, '', ${LEDGER_USER}, c.org_unit_id, 0, d.amount
    from adjustment d join bill b on b.id = d.bill_id join service_account sa on sa.id = d.service_account_id join customer c on c.id = d.customer_id
    where d.id = ?
    ${UPSERT}`,
  refund: `insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
    select 'AMOUNT_COLLECTED', ${day('f.created_at')}, '', ${LEDGER_USER}, c.org_unit_id, -f.amount, 0
    from refund f join payment p on p.id = f.payment_id join service_account sa on sa.id = p.service_account_id join customer c on c.id = p.customer_id
    where f.id = ?
    ${UPSERT}`,
  payment: `with p as (
      select p.id, p.amount, ${day('p.paid_at')} as day, ${LEDGER_USER} as user_id, c.org_unit_id
      from payment p join service_account sa on sa.id = p.service_account_id join customer c on c.id = p.customer_id
      where p.id = ?
    ), parts as (
      select 'AMOUNT_COLLECTED' as metric, p.day, p.amount as value from p
      union all
      select 'COLLECTION_RATE', b.due_on, a.amount from allocation a join bill b on b.id = a.bill_id where a.payment_id = (select id from p)
      union all
      select 'ARREARS_REDUCED', p.day, a.amount from p join allocation a on a.payment_id = p.id join bill b on b.id = a.bill_id where b.due_on < p.day
    )
    insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
    select parts.metric, parts.day, '', p.user_id, p.org_unit_id, sum(parts.value), 0
    from parts cross join p
    group by parts.metric, parts.day, p.user_id, p.org_unit_id
    ${UPSERT}`,
});
let ledgerStatements: ReturnType<typeof ledgerSql> | null = null;

export const countCustomerChange: CustomerChangeHook = async (em, _actor, customer, change) => {
  if (change.action === 'visit.log') {
    await countVisit(em, change.entityId);
    return;
  }
  if (change.entityType !== 'Customer') return;
  const payload = change.payload ?? {};
  const developed = typeof payload.developedAt === 'string';
  const converted = payload.fromStatus === 'PROSPECT' && payload.toStatus !== undefined && payload.toStatus !== 'PROSPECT';
  if (developed || converted) await countCustomer(em, customer.id, developed, converted);
};

export const countLedgerChange: LedgerHook = async (em, _actor, change) => {
  ledgerStatements ??= ledgerSql();
  await em.execute(ledgerStatements[change.kind], [change.rowId]);
};

let installed = false;

/** Registers the counting hooks (once per process); called by startGridline. */
export function installMetricCounters(): void {
  if (installed) return;
  installed = true;
  onCustomerChange(countCustomerChange);
  onLedgerChange(countLedgerChange);
}

/**
 * The counters recomputed from the facts, in the same SQL terms as the hooks:
 * the seed's last step (it inserts facts in bulk, without hooks) and the
 * oracle of the property test. Replaces every counter row.
 */
export const rebuildMetricCountersSql = () => `
  delete from metric_daily;
  delete from metric_key_visit;
  insert into metric_daily (metric, day, channel, user_id, org_unit_id, value, base)
  select metric, day, channel, user_id, org_unit_id, sum(value), sum(base) from (
    select 'NEW_ACCOUNTS' as metric, ${day('c.developed_at')} as day, '' as channel, coalesce(c.responsible_rep_id, 0) as user_id, c.org_unit_id, 1::numeric as value, 0::numeric as base
    from customer c where c.developed_at is not null
    union all
    select 'PROSPECTS_CONVERTED', ${day('s.changed_at')}, '', coalesce(c.responsible_rep_id, 0), c.org_unit_id, 1, 0
    from customer_status_change s join customer c on c.id = s.customer_id
    where s.from_status = 'PROSPECT' and s.to_status <> 'PROSPECT'
    union all
    select 'VISITS', ${day('v.occurred_at')}, v.channel, v.recorded_by_id, c.org_unit_id, 1, 0
    from visit v join customer c on c.id = v.customer_id
    union all
    select 'AMOUNT_COLLECTED', ${day('p.paid_at')}, '', ${LEDGER_USER}, c.org_unit_id, p.amount, 0
    from payment p join service_account sa on sa.id = p.service_account_id join customer c on c.id = p.customer_id
    union all
    select 'AMOUNT_COLLECTED', ${day('f.created_at')}, '', ${LEDGER_USER}, c.org_unit_id, -f.amount, 0
    from refund f join payment p on p.id = f.payment_id join service_account sa on sa.id = p.service_account_id join customer c on c.id = p.customer_id
    union all
    select 'COLLECTION_RATE', b.due_on, '', ${LEDGER_USER}, c.org_unit_id, 0, b.amount
    from bill b join service_account sa on sa.id = b.service_account_id join customer c on c.id = b.customer_id
    union all
    select 'COLLECTION_RATE', b.due_on, '', ${LEDGER_USER}, c.org_unit_id, 0, d.amount
    from adjustment d join bill b on b.id = d.bill_id join service_account sa on sa.id = d.service_account_id join customer c on c.id = d.customer_id
    union all
    select 'COLLECTION_RATE', b.due_on, '', ${LEDGER_USER}, c.org_unit_id, a.amount, 0
    from allocation a join bill b on b.id = a.bill_id join service_account sa on sa.id = b.service_account_id join customer c on c.id = b.customer_id
    union all
    select 'ARREARS_REDUCED', ${day('p.paid_at')}, '', ${LEDGER_USER}, c.org_unit_id, a.amount, 0
    from allocation a join payment p on p.id = a.payment_id join bill b on b.id = a.bill_id
      join service_account sa on sa.id = p.service_account_id join customer c on c.id = p.customer_id
    where b.due_on < ${day('p.paid_at')}
  ) facts
  group by metric, day, channel, user_id, org_unit_id;
  insert into metric_key_visit (day, customer_id, user_id, org_unit_id, channel)
  select distinct ${day('v.occurred_at')}, c.id, v.recorded_by_id, c.org_unit_id, v.channel
  from visit v join customer c on c.id = v.customer_id
  where c.tier in ('KEY', 'STRATEGIC')
  on conflict (day, customer_id, user_id, channel) do nothing;
`;

/** Recomputes every counter from the facts (see rebuildMetricCountersSql). */
export async function rebuildMetricCounters(runner: SqlRunner | { query(sql: string): Promise<unknown> }): Promise<void> {
  const statements = rebuildMetricCountersSql().split(';').map((s) => s.trim()).filter(Boolean);
  for (const statement of statements) {
    if ('execute' in runner) await runner.execute(statement, []);
    else await runner.query(statement);
  }
}
