/**
 * A customer's history written straight into the tables (plain SQL, no
 * API): what the timeline and the customer-360 tests read. Each helper
 * writes one row with the time given and returns its id.
 */
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';

type Db = Pick<pg.Pool, 'query'>;
let seq = 0;

/** Ids of demo users and units the rows refer to. */
export interface Staff {
  /** The demo `rep` and its station. */
  repId: number;
  stationId: number;
  /** lead.gy, the leader of 贵阳分公司. */
  leaderId: number;
}

export async function staff(sql: Db): Promise<Staff> {
  const { rows } = await sql.query<{ login: string; id: number; org_unit_id: number }>(
    `select login, id, org_unit_id from app_user where login in ('rep', 'lead.gy')`,
  );
  const by = new Map(rows.map((r) => [r.login, r]));
  return { repId: by.get('rep')!.id, stationId: by.get('rep')!.org_unit_id, leaderId: by.get('lead.gy')!.id };
}

/** A customer at `orgUnitId` with `repId` responsible; returns its id and global ID. */
export async function insertCustomer(sql: Db, orgUnitId: number, repId: number | null, name = '时间线测试'): Promise<{ id: number; gid: string }> {
  const { rows } = await sql.query<{ id: number }>(
    `insert into customer (name, kind, utility, tier, status, org_unit_id, responsible_rep_id, address)
     values ($1, 'HOTEL', 'GAS', 'KEY', 'NEGOTIATING', $2, $3, '贵阳市南明区测试路1号') returning id`,
    [`${name}${++seq}大酒店`, orgUnitId, repId],
  );
  return { id: rows[0]!.id, gid: toGlobalId('Customer', rows[0]!.id) };
}

export const insert = {
  async statusChange(sql: Db, customerId: number, at: string, by: number | null, to = 'CONTACTED'): Promise<number> {
    const { rows } = await sql.query(
      `insert into customer_status_change (customer_id, from_status, to_status, reason, changed_by_id, changed_at)
       values ($1, 'PROSPECT', $2, '测试', $3, $4) returning id`,
      [customerId, to, by, at],
    );
    return rows[0].id;
  },
  async visit(sql: Db, customerId: number, at: string, by: number, purpose = 'COLLECTION', serviceAccountId: number | null = null): Promise<number> {
    const { rows } = await sql.query(
      `insert into visit (customer_id, service_account_id, channel, purpose, occurred_at, outcome, recorded_by_id)
       values ($1, $5, 'ON_SITE', $2, $3, '客户承诺月底前结清', $4) returning id`,
      [customerId, purpose, at, by, serviceAccountId],
    );
    await sql.query(`insert into visit_participant (visit_id, user_id) values ($1, $2)`, [rows[0].id, by]);
    return rows[0].id;
  },
  async contract(sql: Db, customerId: number, at: string): Promise<number> {
    const { rows } = await sql.query(
      `insert into contract (customer_id, number, type, supplier_party, customer_party, starts_on, created_at, updated_at)
       values ($1, $2, 'GAS_SUPPLY', '黔能能源销售有限公司贵阳分公司', '测试大酒店', '2026-01-01', $3, $3) returning id`,
      [customerId, `TL-${customerId}-${++seq}`, at],
    );
    return rows[0].id;
  },
  async contractEvent(sql: Db, customerId: number, contractId: number, at: string, by: number | null, kind = 'SIGNED'): Promise<number> {
    const { rows } = await sql.query(
      `insert into contract_event (contract_id, customer_id, kind, actor_id, occurred_at) values ($1, $2, $3, $4, $5) returning id`,
      [contractId, customerId, kind, by, at],
    );
    return rows[0].id;
  },
  /** A risk-ledger entry opened at `at`, closed at `closedAt` when given. */
  async risk(sql: Db, customerId: number, at: string, leaderId: number, closedAt: string | null = null): Promise<number> {
    const { rows } = await sql.query(
      `insert into risk_entry (customer_id, level, reason, responsible_leader_id, plan, opened_by_id, opened_at, closed_at, close_reason, closed_by_id)
       values ($1, 'HIGH', '连续三个月欠费', $2, '[]'::jsonb, $2, $3, $4, $5, $6) returning id`,
      [customerId, leaderId, at, closedAt, closedAt ? '欠费已结清' : null, closedAt ? leaderId : null],
    );
    return rows[0].id;
  },
  async contact(sql: Db, customerId: number, at: string, archivedAt: string | null = null, phone = '13812345678'): Promise<number> {
    const { rows } = await sql.query(
      `insert into contact (customer_id, name, role, phone, email, is_primary, created_at, archived_at)
       values ($1, $2, 'FINANCE', $3, 'cw@example.cn', false, $4, $5) returning id`,
      [customerId, `联系人${++seq}`, phone, at, archivedAt],
    );
    return rows[0].id;
  },
  async contactRevision(sql: Db, contactId: number, at: string, by: number | null): Promise<number> {
    const { rows } = await sql.query(
      `insert into contact_revision (contact_id, before, after, changed_by_id, changed_at)
       values ($1, '{"phone": "13812345678", "title": "会计"}'::jsonb, '{"phone": "13987654321", "title": "财务经理"}'::jsonb, $2, $3) returning id`,
      [contactId, by, at],
    );
    return rows[0].id;
  },
  async serviceAccount(sql: Db, customerId: number, orgUnitId: number, openedAt: string | null, createdAt: string, closedAt: string | null = null): Promise<number> {
    const { rows } = await sql.query(
      `insert into service_account (customer_id, org_unit_id, account_number, address, utility, status, opened_at, closed_at, created_at)
       values ($1, $2, $3, '贵阳市南明区测试路1号', 'GAS', $4, $5, $6, $7) returning id`,
      [customerId, orgUnitId, `9${String(customerId).padStart(6, '0')}${String(++seq).padStart(5, '0')}`, closedAt ? 'CLOSED' : 'ACTIVE', openedAt, closedAt, createdAt],
    );
    return rows[0].id;
  },
};
