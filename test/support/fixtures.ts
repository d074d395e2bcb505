/** Well-known rows of the template's demo data, and valid test inputs. */
import type pg from 'pg';
import { usccCheckCharacter } from '../../server/src/modules/customers/uscc.js';
import { parseGlobalId, toGlobalId } from '../../server/src/graphql/global-id.js';
import { addDays, todayIn } from '../../server/src/calendar.js';
import type { TestServer } from './harness.js';

/** A valid USCC built from a number, unique per number. */
export function testUscc(n: number): string {
  const first17 = `91520102${String(n).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

export interface DemoTree {
  companyId: string;
  /** Two different branches, each with one station and a REP of that station. */
  branches: Array<{ id: string; path: string; stationId: string; repId: string }>;
}

/** Picks ids from the seeded org tree for tests. */
export async function demoTree(sql: pg.Pool): Promise<DemoTree> {
  const company = await sql.query<{ id: number }>(`select id from org_unit where kind = 'COMPANY'`);
  const stations = await sql.query<{ branch_id: number; branch_path: string; station_id: number; rep_id: number }>(`
    select distinct on (b.id) b.id as branch_id, b.path as branch_path, s.id as station_id, u.id as rep_id
    from org_unit b
    join org_unit s on s.kind = 'STATION' and s.path like b.path || '%'
    join app_user u on u.org_unit_id = s.id and u.role = 'REP'
    where b.kind = 'BRANCH'
    order by b.id, s.id, u.id
    limit 2`);
  return {
    companyId: toGlobalId('OrgUnit', company.rows[0]!.id),
    branches: stations.rows.map((r) => ({
      id: toGlobalId('OrgUnit', r.branch_id),
      path: r.branch_path,
      stationId: toGlobalId('OrgUnit', r.station_id),
      repId: toGlobalId('User', r.rep_id),
    })),
  };
}

/** Row counts of the tables a customer write touches. */
export async function writeCounts(sql: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ customers: string; contacts: string; events: string }>(
    `select (select count(*) from customer) as customers, (select count(*) from contact) as contacts,
            (select count(*) from domain_event) as events`,
  );
  return { customers: Number(rows[0]!.customers), contacts: Number(rows[0]!.contacts), events: Number(rows[0]!.events) };
}

/** The data of a GraphQL call that must succeed; throws with its errors otherwise. */
export async function gqlData(server: TestServer, query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await server.gql(query, variables, headers);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** The day `days` from today in the company time zone (negative: before), YYYY-MM-DD. */
export const inDays = (days: number): string => addDays(todayIn(), days);

/** The database id inside a global ID. */
export const localId = (id: string): number => parseGlobalId(id)!.id;

/** Exact money arithmetic in tests: an amount string as fen (分) in a BigInt. */
export const fen = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2));
  return amount.startsWith('-') ? -value : value;
};

/** Fen back to an amount string with 2 decimals. */
export const yuan = (value: bigint): string => {
  const abs = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
