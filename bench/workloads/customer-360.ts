/**
 * W-360 "customer-360 view": one customer with its service accounts,
 * contacts, last visits, contracts, risk ledger, lifecycle history and the
 * first page of its timeline, as a rep reads it before a visit (DOMAIN.md
 * "read a customer's whole history before a visit"). Two ways to the same
 * JSON:
 *
 * - GraphQL: the query below, posted to the real server.
 * - SQL baseline: one hand-written statement on `pg` (correlated `json_agg`
 *   subqueries, the timeline as a UNION ALL with LIMIT), shaped into the same
 *   JSON in a few lines here.
 *
 * Customers are sampled evenly by id from whatever the seed made; with
 * `--profile large` that is ~100 visits and ~3 service accounts each
 * (2 M visits for 20 k customers).
 */
import type pg from 'pg';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { KIND_CODES } from '../../server/src/modules/timeline/timeline-entry.js';
import { sourceOfKind, timelineSources } from '../../server/src/modules/timeline/timeline.sources.js';
import { ApiKeyScope } from '../../server/src/modules/auth/permissions.js';
import { READ_SCOPES, type StatementCount } from './customer-list.js';

/** Visits in `lastVisits`, entries in the timeline page. */
export const LAST_VISITS = 10;
export const TIMELINE_PAGE = 20;

export const CUSTOMER_360_QUERY = `query Customer360($id: ID!) { customer(id: $id) {
  id name uscc status tier orgUnit { name } responsibleRep { name }
  serviceAccounts { id accountNumber address status }
  contacts { id name role phone isPrimary }
  lastVisits(count: ${LAST_VISITS}) { id channel purpose occurredAt outcome recordedBy { name } }
  contracts { id number type startsOn endsOn }
  riskEntries { id level reason openedAt closedAt }
  statusHistory { fromStatus toStatus changedAt }
  timeline(first: ${TIMELINE_PAGE}) { edges { cursor node { id kind occurredAt actor { name } subject { __typename ... on Node { id } } } } }
} }`;

export interface Sample {
  id: number;
  globalId: string;
}

/** `n` customers spread evenly over the ids the seed made. */
export async function sampleCustomers(pool: pg.Pool, n: number): Promise<Sample[]> {
  const { rows } = await pool.query<{ id: number }>(`select id from customer order by id`);
  const picked = new Set<number>();
  for (let i = 0; i < Math.min(n, rows.length); i++) picked.add(rows[Math.floor((i * rows.length) / Math.min(n, rows.length))]!.id);
  return [...picked].map((id) => ({ id, globalId: toGlobalId('Customer', id) }));
}

/** What the sampled customers hold, for the report. */
export async function sampleSizes(pool: pg.Pool, ids: number[]) {
  const { rows } = await pool.query<{ accounts: number; contacts: number; visits: number; contracts: number; risks: number; statuses: number }>(
    `select (select count(*)::int from service_account where customer_id = any($1)) as accounts,
            (select count(*)::int from contact where customer_id = any($1)) as contacts,
            (select count(*)::int from visit where customer_id = any($1)) as visits,
            (select count(*)::int from contract where customer_id = any($1)) as contracts,
            (select count(*)::int from risk_entry where customer_id = any($1)) as risks,
            (select count(*)::int from customer_status_change where customer_id = any($1)) as statuses`,
    [ids],
  );
  const per = (v: number) => v / ids.length;
  const r = rows[0]!;
  return {
    customers: ids.length,
    perCustomer: {
      serviceAccounts: per(r.accounts),
      contacts: per(r.contacts),
      visits: per(r.visits),
      contracts: per(r.contracts),
      riskEntries: per(r.risks),
      statusChanges: per(r.statuses),
    },
  };
}

// ------------------------------------------------------------- SQL baseline

/** Milliseconds, UTC, as GraphQL's DateTime prints a JavaScript Date. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The timeline's sources are the server's own registry (modules register
 * theirs when the server is loaded): the baseline reads the same tables with
 * the same expressions, so it cannot drift from the API when a module adds one.
 * Read on first use, once the server has been started; the 360 workload
 * reads with the READ_SCOPES key.
 */
function timelineSql(): string {
  // Entries whose source needs more than the bench key holds (the ledger's need receivables:read) are left out, as the API leaves them out.
  const held = new Set<string>(READ_SCOPES.map((name) => ApiKeyScope[name]));
  return timelineSources()
    .filter((t) => !t.requires || held.has(t.requires))
    .map((t) => `(select '${t.kind}'::text as kind, ${t.occurredAt} as occurred_at, x.id, (${t.actorId})::int as actor_id from ${t.from}
           where ${t.customerId} = c.id${t.where ? ` and ${t.where}` : ''} order by 2 desc, 3 desc limit ${TIMELINE_PAGE})`)
    .join(' union all ');
}

const customer360Sql = (): string => `
  select c.id, c.name, c.uscc, c.status, c.tier, o.name as org_unit_name, rep.name as rep_name,
    (select coalesce(json_agg(json_build_object('id', a.id, 'accountNumber', a.account_number, 'address', a.address, 'status', a.status)
                              order by a.account_number, a.id), '[]')
       from service_account a where a.customer_id = c.id) as accounts,
    (select coalesce(json_agg(json_build_object('id', k.id, 'name', k.name, 'role', k.role, 'phone', k.phone, 'isPrimary', k.is_primary)
                              order by k.is_primary desc, k.id), '[]')
       from contact k where k.customer_id = c.id and k.archived_at is null) as contacts,
    (select coalesce(json_agg(json_build_object('id', v.id, 'channel', v.channel, 'purpose', v.purpose, 'occurredAt', ${iso('v.occurred_at')},
                                                'outcome', v.outcome, 'recordedBy', json_build_object('name', r.name))
                              order by v.occurred_at desc, v.id desc), '[]')
       from (select * from visit where customer_id = c.id order by occurred_at desc, id desc limit ${LAST_VISITS}) v
       join app_user r on r.id = v.recorded_by_id) as visits,
    (select coalesce(json_agg(json_build_object('id', k.id, 'number', k.number, 'type', k.type, 'startsOn', k.starts_on, 'endsOn', k.ends_on)
                              order by k.id desc), '[]')
       from contract k where k.customer_id = c.id) as contracts,
    (select coalesce(json_agg(json_build_object('id', r.id, 'level', r.level, 'reason', r.reason, 'openedAt', ${iso('r.opened_at')},
                                                'closedAt', ${iso('r.closed_at')})
                              order by r.opened_at desc, r.id desc), '[]')
       from risk_entry r where r.customer_id = c.id) as risks,
    (select coalesce(json_agg(json_build_object('fromStatus', s.from_status, 'toStatus', s.to_status, 'changedAt', ${iso('s.changed_at')})
                              order by s.changed_at, s.id), '[]')
       from customer_status_change s where s.customer_id = c.id) as statuses,
    (select coalesce(json_agg(json_build_object('kind', t.kind, 'id', t.id, 'occurredKey', to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                                'actor', u.name)
                              order by t.occurred_at desc, t.kind collate "C", t.id desc), '[]')
       from (select * from (${timelineSql()}) s order by occurred_at desc, kind collate "C", id desc limit ${TIMELINE_PAGE}) t
       left join app_user u on u.id = t.actor_id) as timeline
  from customer c
  join org_unit o on o.id = c.org_unit_id
  left join app_user rep on rep.id = c.responsible_rep_id
  where c.id = $1`;

interface Row360 {
  id: number;
  name: string;
  uscc: string | null;
  status: string;
  tier: string;
  org_unit_name: string;
  rep_name: string | null;
  accounts: Array<{ id: number; accountNumber: string; address: string; status: string }>;
  contacts: Array<{ id: number; name: string; role: string; phone: string | null; isPrimary: boolean }>;
  visits: Array<{ id: number; channel: string; purpose: string; occurredAt: string; outcome: string; recordedBy: { name: string } }>;
  contracts: Array<{ id: number; number: string; type: string; startsOn: string; endsOn: string | null }>;
  risks: Array<{ id: number; level: string; reason: string; openedAt: string; closedAt: string | null }>;
  statuses: Array<{ fromStatus: string | null; toStatus: string; changedAt: string }>;
  timeline: Array<{ kind: string; id: number; occurredKey: string; actor: string | null }>;
}

export interface Customer360Body {
  data: { customer: Record<string, unknown> };
}

const withGid = <T extends { id: number }>(type: string, rows: T[]) => rows.map((r) => ({ ...r, id: toGlobalId(type, r.id) }));

/** The 360 view in one statement, shaped into the GraphQL answer's JSON. */
/** The baseline's statement, built on first use (see timelineSql). */
let sql: string | undefined;

export async function baseline360(pool: pg.Pool, customerId: number, counter?: StatementCount): Promise<Customer360Body> {
  if (counter) counter.statements++;
  const { rows } = await pool.query<Row360>((sql ??= customer360Sql()), [customerId]);
  const r = rows[0];
  if (!r) throw new Error(`customer ${customerId} not found`);
  return {
    data: {
      customer: {
        id: toGlobalId('Customer', r.id),
        name: r.name,
        uscc: r.uscc,
        status: r.status,
        tier: r.tier,
        orgUnit: { name: r.org_unit_name },
        responsibleRep: r.rep_name === null ? null : { name: r.rep_name },
        serviceAccounts: withGid('ServiceAccount', r.accounts),
        contacts: withGid('Contact', r.contacts),
        lastVisits: withGid('Visit', r.visits),
        contracts: withGid('Contract', r.contracts),
        riskEntries: withGid('RiskEntry', r.risks),
        statusHistory: r.statuses,
        timeline: {
          edges: r.timeline.map((t) => ({
            cursor: Buffer.from(JSON.stringify([t.occurredKey, t.kind, t.id]), 'utf8').toString('base64url'),
            node: {
              id: toGlobalId('TimelineEntry', t.id * KIND_CODES + sourceOfKind(t.kind)!.code),
              kind: t.kind,
              occurredAt: `${t.occurredKey.slice(0, 23)}Z`,
              actor: t.actor === null ? null : { name: t.actor },
              subject: { __typename: sourceOfKind(t.kind)!.subject.name, id: toGlobalId(sourceOfKind(t.kind)!.subject.name, t.id) },
            },
          })),
        },
      },
    },
  };
}

/** The 360 view over GraphQL, once; throws on anything but a clean 200 answer. */
export async function fetch360Graphql(serverUrl: string, headers: Record<string, string>, customerGlobalId: string): Promise<{ body: Customer360Body; statements: number }> {
  const res = await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: CUSTOMER_360_QUERY, variables: { id: customerGlobalId } }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GraphQL answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as Customer360Body & { errors?: unknown };
  if (body.errors) throw new Error(`GraphQL answered with errors: ${JSON.stringify(body.errors).slice(0, 1000)}`);
  return { body, statements: Number(res.headers.get('x-sql-statements')) };
}

/** Request bodies for the load generator, one per sampled customer. */
export function customer360Bodies(samples: Sample[]): string[] {
  return samples.map((s) => JSON.stringify({ query: CUSTOMER_360_QUERY, variables: { id: s.globalId } }));
}
