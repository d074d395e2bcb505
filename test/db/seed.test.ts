import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../server/src/db/seed/demo-data.js';
import { usccProblem } from '../../server/src/modules/customers/uscc.js';
import { createMigratedDatabase } from '../support/harness.js';

const FINGERPRINT = `select md5(string_agg(concat_ws('|', id, name, uscc, kind, utility, tier, status, org_unit_id,
  responsible_rep_id, address, estimated_monthly_consumption, created_at), ',' order by id)) as customers,
  (select md5(string_agg(concat_ws('|', id, customer_id, name, phone, is_primary), ',' order by id)) from contact) as contacts,
  (select md5(string_agg(concat_ws('|', id, path, name), ',' order by id)) from org_unit) as tree
  from customer`;

async function seeded(customers: number, seed?: number) {
  const database = await createMigratedDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('begin');
  const summary = await seedDemoData(client, { customers, seed });
  await client.query('commit');
  return { database, client, summary };
}

type Seeded = Awaited<ReturnType<typeof seeded>>;
const opened: Seeded[] = [];

afterAll(async () => {
  for (const { client, database } of opened) {
    await client.end();
    await database.drop();
  }
});

describe('demo seed', () => {
  let a: Seeded;
  let b: Seeded;
  let other: Seeded;
  beforeAll(async () => {
    [a, b, other] = await Promise.all([seeded(400), seeded(400), seeded(400, 7)]);
    opened.push(a, b, other);
  });

  it('gives identical data for the same options and different customers for another seed', async () => {
    const [fa, fb, fo] = await Promise.all([a, b, other].map((s) => s.client.query(FINGERPRINT).then((r) => r.rows[0])));
    expect(fa).toEqual(fb);
    expect(fo.tree).toBe(fa.tree);
    expect(fo.customers).not.toBe(fa.customers);
  });

  it('creates the customers asked for, with USCCs the server accepts', async () => {
    expect(a.summary.customers).toBe(400);
    const { rows } = await a.client.query<{ uscc: string | null; status: string }>(`select uscc, status from customer`);
    expect(rows).toHaveLength(400);
    const withCode = rows.filter((r) => r.uscc !== null);
    expect(withCode.length).toBeGreaterThan(350);
    expect(withCode.filter((r) => usccProblem(r.uscc!) !== null)).toEqual([]);
    expect(rows.filter((r) => r.uscc === null && ['ACTIVE', 'SUSPENDED', 'CLOSED'].includes(r.status))).toEqual([]);
  });

  it('puts every customer at a station with a rep of that station and exactly one primary contact', async () => {
    const { rows } = await a.client.query(`
      select
        (select count(*) from customer c join org_unit o on o.id = c.org_unit_id where o.kind <> 'STATION')::int as off_station,
        (select count(*) from customer c join app_user u on u.id = c.responsible_rep_id
          where u.org_unit_id <> c.org_unit_id or u.role <> 'REP')::int as foreign_reps,
        (select count(*) from customer c where (select count(*) from contact k where k.customer_id = c.id and k.is_primary) <> 1)::int as bad_primary`);
    expect(rows[0]).toEqual({ off_station: 0, foreign_reps: 0, bad_primary: 0 });
  });

  it('refuses to seed a database that already has data', async () => {
    await a.client.query('begin');
    await expect(seedDemoData(a.client, { customers: 5 })).rejects.toThrow();
    await a.client.query('rollback');
  });
});
