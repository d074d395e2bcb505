/**
 * Responsibility history 责任人履历 of the demo data (modules/rotation): the
 * bulk inserts above bypass the customer-change hook, so every current rep,
 * leader 包保领导 and collector 收费员 gets its open period here, starting when
 * the customer or account was recorded. Idempotent: rows that already have an
 * open period are left alone. A few accounts also show a past handover
 * (DEMO_ROTATION_SQL). No imports, so config.ts → demo-data.ts stays
 * free of cycles.
 */
import type { ClientBase } from 'pg';

const REASON = '存量责任人 (backfilled)';

export const BACKFILL_SQL = [
  `insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
   select c.id, null, 'REP', c.responsible_rep_id, c.created_at, $1
   from customer c
   where c.responsible_rep_id is not null and not exists (
     select 1 from responsibility_period rp where rp.customer_id = c.id and rp.role = 'REP' and rp.ended_at is null)`,
  `insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
   select c.id, null, 'LEADER', c.responsible_leader_id, c.created_at, $1
   from customer c
   where c.responsible_leader_id is not null and not exists (
     select 1 from responsibility_period rp where rp.customer_id = c.id and rp.role = 'LEADER' and rp.ended_at is null)`,
  `insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
   select sa.customer_id, sa.id, 'COLLECTOR', sa.collector_id, sa.created_at, $1
   from service_account sa
   where sa.collector_id is not null and not exists (
     select 1 from responsibility_period rp where rp.service_account_id = sa.id and rp.role = 'COLLECTOR' and rp.ended_at is null)`,
];

/** When the demo's one rotation 轮岗 took effect (seed 003: 定期片区轮岗), company time. */
export const DEMO_ROTATION_AT = '2026-09-01T00:00:00+08:00';

/**
 * A demo rotation, so histories and monthly statistics show a handover:
 * every 12th service account of a station with two or more collectors was
 * collected by the station's other collector until DEMO_ROTATION_AT. Only
 * history rows change; the current collector stays. Skipped for accounts
 * that already have a closed period (idempotent).
 */
const DEMO_ROTATION_SQL = `
  with rotated as (
    select rp.id, rp.service_account_id, rp.customer_id, rp.started_at, other.id as previous
    from responsibility_period rp
    join service_account sa on sa.id = rp.service_account_id
    join lateral (
      select u.id from app_user u where u.org_unit_id = sa.org_unit_id and u.role = 'COLLECTOR' and u.id <> rp.user_id order by u.id limit 1
    ) other on true
    where rp.role = 'COLLECTOR' and rp.ended_at is null and sa.id % 12 = 0 and rp.started_at < $1::timestamptz
      and not exists (select 1 from responsibility_period old where old.service_account_id = sa.id and old.ended_at is not null)),
  earlier as (
    insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, ended_at, reason)
    select customer_id, service_account_id, 'COLLECTOR', previous, started_at, $1::timestamptz, $3 from rotated)
  update responsibility_period rp set started_at = $1::timestamptz, reason = $2 from rotated r where rp.id = r.id`;

/** Opens the missing periods and writes the demo rotation; returns how many periods were opened. */
export async function seedResponsibilityHistory(client: ClientBase): Promise<number> {
  let written = 0;
  for (const sql of BACKFILL_SQL) written += (await client.query(sql, [REASON])).rowCount ?? 0;
  await client.query(DEMO_ROTATION_SQL, [DEMO_ROTATION_AT, '2026年秋季片区轮岗 (demo rotation)', REASON]);
  return written;
}
