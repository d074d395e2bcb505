/**
 * Demo inspections 安全检查/巡检, rectification notices 整改通知书 and return
 * visits 回访 (modules/inspections, modules/return-visits; seed 003 §3(3)):
 * over the year before BASE_DATE every ACTIVE gas STRATEGIC or KEY account
 * gets its routine inspections (monthly or quarterly, as the default
 * policies say, at a random phase) and one annual safety inspection, by
 * its rep. About a third of inspections find hazards; most open a notice
 * with a 15–30 day deadline. Notices whose deadline passed well before
 * BASE_DATE are mostly closed with evidence — a day or two before the
 * customer's next RETURN_VISIT visit when it had one within 60 days, so that
 * visit completes the RECTIFICATION return visit the closing scheduled and
 * lends it its satisfaction; otherwise the return visit stays SCHEDULED.
 * The rest stay open, overdue; the most recent ones have deadlines after
 * BASE_DATE. Deterministic (its own PRNG, ids in order), a few statements,
 * and no new visits (the seed's visit counts stay as they were).
 */
import type { ClientBase } from 'pg';
import { chance, pick, randInt, type Rng } from './prng.js';

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

const FINDINGS: Array<[string, string, string]> = [
  ['METER', 'MINOR', '计量表铅封缺失，需重新加封'],
  ['METER', 'MAJOR', '计量表超过周检期限未送检'],
  ['REGULATOR', 'MAJOR', '调压器切断压力设定偏高'],
  ['DOUBLE_REGULATOR_LINE', 'MAJOR', '备用调压路阀门锈死，无法及时启用'],
  ['BYPASS_VALVE_LOCK', 'CRITICAL', '旁通阀未加锁，存在未计量用气风险'],
  ['PIPE', 'MINOR', '架空管道局部锈蚀，需除锈防腐'],
  ['PIPE', 'MAJOR', '燃气管道被杂物覆盖'],
  ['LEAK', 'CRITICAL', '阀门接口处检测到微量泄漏'],
  ['OTHER', 'MINOR', '燃气泄漏报警器未按期例检'],
];

const EVIDENCE = ['已更换并复查合格', '已加锁并拍照留档', '已除锈防腐，复查无隐患', '已送检并换表，记录归档'];

export interface InspectionCounts {
  inspections: number;
  notices: number;
  returnVisits: number;
}

const day = (ms: number) => new Date(ms + CST_MS).toISOString().slice(0, 10);

/** Seeds inspections for the customers already in the database (run after the visits). */
export async function seedInspections(client: ClientBase, rng: Rng, baseMs: number): Promise<InspectionCounts> {
  const { rows: customers } = await client.query<{ id: number; tier: string; rep: number | null; account: number | null }>(
    `select c.id, c.tier, c.responsible_rep_id as rep, (select min(sa.id) from service_account sa where sa.customer_id = c.id) as account
     from customer c where c.utility = 'GAS' and c.tier in ('STRATEGIC', 'KEY') and c.status = 'ACTIVE' order by c.id`,
  );
  const inspections: Array<[number, number, number | null, string, string, string, number | null, string]> = [];
  const inspectors: Array<[number, number]> = [];
  const findings: Array<[number, number, number, string, string, string]> = [];
  const notices: Array<{ id: number; customer: number; account: number | null; inspection: number; finding: number; deadline: string; owner: number | null; openedMs: number; closedMs: number | null; evidence: string | null; reference: string | null }> = [];
  const startMs = baseMs - 365 * DAY_MS;
  // The customers' return visits 回访 of the year: a notice closes shortly before one, so that visit completes its return visit.
  const { rows: visits } = await client.query<{ customerId: number; ms: string }>(
    `select customer_id as "customerId", (extract(epoch from occurred_at) * 1000)::bigint::text as ms from visit
     where purpose = 'RETURN_VISIT' and occurred_at >= $1 and customer_id = any($2::int[]) order by customer_id, occurred_at, id`,
    [new Date(startMs).toISOString(), customers.map((c) => c.id)],
  );
  const returnVisitsOf = new Map<number, number[]>();
  for (const v of visits) returnVisitsOf.set(v.customerId, [...(returnVisitsOf.get(v.customerId) ?? []), Number(v.ms)]);
  for (const c of customers) {
    const everyDays = c.tier === 'STRATEGIC' ? 30 : 91;
    const phase = randInt(rng, 0, everyDays - 1);
    const annualAt = randInt(rng, 0, 360);
    let annualDone = false;
    for (let offsetDays = phase; offsetDays < 365; offsetDays += everyDays) {
      const performedMs = startMs + (offsetDays + randInt(rng, 0, 4)) * DAY_MS + 10 * 3_600_000;
      if (performedMs >= baseMs) continue;
      const annual: boolean = !annualDone && offsetDays + everyDays > annualAt;
      annualDone ||= annual;
      const kind = annual ? 'ANNUAL_SAFETY' : 'ROUTINE';
      const hazards = chance(rng, annual ? 0.45 : 0.3);
      const id = inspections.length + 1;
      inspections.push([id, c.id, c.account, kind, day(performedMs), hazards ? 'HAZARDS_FOUND' : 'PASSED', c.rep, new Date(performedMs + 8 * 3_600_000).toISOString()]);
      if (c.rep) inspectors.push([id, c.rep]);
      if (!hazards) continue;
      for (let f = 1, n = randInt(rng, 1, 2); f <= n; f++) {
        const [category, severity, description] = pick(rng, FINDINGS);
        const findingId = findings.length + 1;
        findings.push([findingId, id, f, category, severity, description]);
        if (severity === 'MINOR' && chance(rng, 0.4)) continue;
        const deadlineMs = performedMs + randInt(rng, 15, 30) * DAY_MS;
        // Recent ones are still running (deadline after BASE_DATE); older ones mostly closed, some left overdue.
        const recent = baseMs - performedMs < 25 * DAY_MS;
        const closed = !recent && deadlineMs < baseMs - 10 * DAY_MS && chance(rng, 0.75);
        let closedMs: number | null = null;
        if (closed) {
          const next = (returnVisitsOf.get(c.id) ?? []).find((ms) => ms > performedMs + 3 * DAY_MS && ms < performedMs + 60 * DAY_MS);
          closedMs = next !== undefined ? next - randInt(rng, 1, 2) * DAY_MS : Math.min(deadlineMs, performedMs + randInt(rng, 3, 25) * DAY_MS);
        }
        notices.push({
          id: notices.length + 1,
          customer: c.id,
          account: c.account,
          inspection: id,
          finding: findingId,
          deadline: day(recent ? baseMs + randInt(rng, 45, 90) * DAY_MS : deadlineMs),
          owner: c.rep,
          openedMs: performedMs + 8 * 3_600_000,
          closedMs,
          evidence: closed ? pick(rng, EVIDENCE) : null,
          reference: closed ? `FC-${day(closedMs!).replaceAll('-', '')}-${String(notices.length + 1).padStart(4, '0')}` : null,
        });
      }
    }
  }
  if (!inspections.length) return { inspections: 0, notices: 0, returnVisits: 0 };
  const col = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);
  await client.query(
    `insert into inspection (id, customer_id, service_account_id, kind, performed_on, result, recorded_by_id, created_at)
     select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::date[], $6::text[], $7::int[], $8::timestamptz[])`,
    [0, 1, 2, 3, 4, 5, 6, 7].map((i) => inspections.map((r) => r[i])),
  );
  await client.query(`insert into inspection_inspector (inspection_id, user_id) select * from unnest($1::int[], $2::int[])`, [
    inspectors.map((r) => r[0]),
    inspectors.map((r) => r[1]),
  ]);
  if (findings.length) {
    await client.query(
      `insert into inspection_finding (id, inspection_id, sequence, category, severity, description)
       select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[])`,
      [0, 1, 2, 3, 4, 5].map((i) => findings.map((r) => r[i])),
    );
  }
  let returnVisits = 0;
  if (notices.length) {
    await client.query(
      `insert into rectification_notice (id, number, customer_id, service_account_id, inspection_id, finding_id, deadline, original_deadline,
                                         owner_id, status, opened_at, closed_at, closed_by_id, evidence_note, evidence_reference)
       select n.id, 'ZG-' || to_char(n.opened_at at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(n.id::text, 6, '0'), n.customer_id, n.account_id,
              n.inspection_id, n.finding_id, n.deadline, n.deadline, n.owner_id, case when n.closed_at is null then 'OPEN' else 'CLOSED' end,
              n.opened_at, n.closed_at, case when n.closed_at is null then null else n.owner_id end, n.evidence, n.reference
       from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::date[], $7::int[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[])
         as n(id, customer_id, account_id, inspection_id, finding_id, deadline, owner_id, opened_at, closed_at, evidence, reference)`,
      [
        col(notices, 'id'),
        col(notices, 'customer'),
        col(notices, 'account'),
        col(notices, 'inspection'),
        col(notices, 'finding'),
        col(notices, 'deadline'),
        col(notices, 'owner'),
        notices.map((n) => new Date(n.openedMs).toISOString()),
        notices.map((n) => (n.closedMs === null ? null : new Date(n.closedMs).toISOString())),
        col(notices, 'evidence'),
        col(notices, 'reference'),
      ],
    );
    // A return visit after each closed notice, due 3 days later; DONE by the customer's first later
    // RETURN_VISIT visit not taken by an earlier one (one visit completes one return visit).
    const { rowCount } = await client.query(
      `with closed as (
         select n.id, n.customer_id, n.service_account_id, n.owner_id, n.number, n.closed_at, row_number() over (order by n.id) as rn
         from rectification_notice n where n.status = 'CLOSED'),
       -- One scan of visit (the bulk load has dropped its indexes): a hash join, no per-notice lookup.
       first_after as (
         select distinct on (c.id) c.id as notice_id, v.id as visit_id, v.occurred_at, v.satisfaction
         from closed c join visit v on v.customer_id = c.customer_id and v.purpose = 'RETURN_VISIT' and v.occurred_at >= c.closed_at
         order by c.id, v.occurred_at, v.id),
       matched as (
         select c.*, f.visit_id, f.occurred_at, f.satisfaction,
                row_number() over (partition by f.visit_id order by c.id) as taken
         from closed c left join first_after f on f.notice_id = c.id)
       insert into return_visit (id, customer_id, service_account_id, reason, notice_id, note, due_on, owner_id, status, scheduled_at, visit_id, completed_at, satisfaction)
       select rn, customer_id, service_account_id, 'RECTIFICATION', id, '整改通知书 ' || number || ' 整改后回访',
              ((closed_at at time zone 'Asia/Shanghai')::date + 3), owner_id,
              case when visit_id is not null and taken = 1 then 'DONE' else 'SCHEDULED' end, closed_at,
              case when taken = 1 then visit_id end, case when taken = 1 then occurred_at end, case when taken = 1 then satisfaction end
       from matched order by rn`,
    );
    returnVisits = rowCount ?? 0;
  }
  return { inspections: inspections.length, notices: notices.length, returnVisits };
}
