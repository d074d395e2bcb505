/**
 * Demo targets 考核目标 (modules/targets; seed 001: 分公司负责195家重点客户的
 * 精准对接, targets pushed down 三级联动): for the year of BASE_DATE, each
 * branch must cover its 195 key accounts, split evenly over its areas (the
 * first areas take the remainder); for the month of BASE_DATE, every station
 * must develop 3 new accounts, rolled up to its area and branch, each level
 * split to the one below — so the console shows a full cascade with live
 * attainment. Pure SQL from the fixed org tree: deterministic and instant.
 */
import type { ClientBase } from 'pg';

/** Inserts the demo targets; returns how many. `baseDate` is 'YYYY-MM-DD…'. */
export async function seedTargets(client: ClientBase, baseDate: string): Promise<number> {
  const year = baseDate.slice(0, 4);
  const month = baseDate.slice(0, 7);
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const monthStart = `${month}-01`;
  const monthEnd = `(date '${monthStart}' + interval '1 month' - interval '1 day')::date`;
  const before = Number((await client.query(`select count(*) from target`)).rows[0].count);

  // 195 key accounts per branch for the year, split over its areas.
  await client.query(
    `insert into target (metric, period_kind, period_start, period_end, org_unit_id, value)
     select 'KEY_ACCOUNTS_COVERED', 'YEAR', $1::date, $2::date, id, 195 from org_unit where kind = 'BRANCH' order by id`,
    [yearStart, yearEnd],
  );
  await client.query(
    `insert into target (metric, period_kind, period_start, period_end, org_unit_id, value, parent_id)
     select 'KEY_ACCOUNTS_COVERED', 'YEAR', $1::date, $2::date, a.id,
            195 / a.areas + case when a.rn <= 195 % a.areas then 1 else 0 end, p.id
     from (select id, parent_id, row_number() over (partition by parent_id order by id) as rn,
                  count(*) over (partition by parent_id) as areas
           from org_unit where kind = 'AREA') a
     join target p on p.org_unit_id = a.parent_id and p.metric = 'KEY_ACCOUNTS_COVERED' and p.period_start = $1::date and p.user_id is null
     order by a.id`,
    [yearStart, yearEnd],
  );

  // 3 new accounts per station this month, rolled up and split level by level.
  const stationsUnder = `(select count(*) from org_unit s where s.kind = 'STATION' and s.path like u.path || '%')`;
  await client.query(
    `insert into target (metric, period_kind, period_start, period_end, org_unit_id, value)
     select 'NEW_ACCOUNTS', 'MONTH', $1::date, ${monthEnd}, u.id, 3 * ${stationsUnder} from org_unit u where u.kind = 'BRANCH' order by u.id`,
    [monthStart],
  );
  for (const kind of ['AREA', 'STATION']) {
    await client.query(
      `insert into target (metric, period_kind, period_start, period_end, org_unit_id, value, parent_id)
       select 'NEW_ACCOUNTS', 'MONTH', $1::date, ${monthEnd}, u.id, 3 * ${stationsUnder}, p.id
       from org_unit u
       join target p on p.org_unit_id = u.parent_id and p.metric = 'NEW_ACCOUNTS' and p.period_start = $1::date and p.user_id is null
       where u.kind = $2 order by u.id`,
      [monthStart, kind],
    );
  }
  return Number((await client.query(`select count(*) from target`)).rows[0].count) - before;
}
