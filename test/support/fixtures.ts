/** Well-known rows of the template's demo data, and valid test inputs. */
import type pg from 'pg';
import { usccCheckCharacter } from '../../server/src/modules/customers/uscc.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';

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
