/** The alert rows: the board's list, working alerts, node lookups and the two alert subscriptions. */
import { toGlobalId, parseGlobalId } from '../../../server/src/graphql/global-id.js';
import { initOrm } from '../../../server/src/db/orm.js';
import { SYSTEM_ACTOR } from '../../../server/src/modules/audit/audit.service.js';
import { AlertKind, AlertSeverity } from '../../../server/src/modules/alerts/alert.entity.js';
import { raiseAlert } from '../../../server/src/modules/alerts/alert.service.js';
import { subscribe, type GraphQLResponse, type TestServer } from '../../support/harness.js';
import { wsOutcome } from '../../support/fixtures-auth.js';
import { COMPANY_WIDE, next, only, type Caller, type CallerName, type OperationSet } from './matrix.js';

interface AlertTargets {
  /** The seq just before the own customer's alert: a replay from it pushes that alert. */
  sinceOwn: string;
  /** An alert of the customer in another branch. */
  alertB: string;
}

/** Every staff role has receivables:read and alerts:subscribe; the matrix's partner keys have neither. */
const STAFF: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];
/** Who follows up on customers (visits:write). */
const FOLLOW_UP: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector'];

/** Raises open alerts for customers (global IDs), each in its own committed transaction; returns their global IDs. */
async function raise(s: TestServer, customerIds: string[]): Promise<string[]> {
  const orm = await initOrm(s.databaseUrl);
  try {
    const ids: string[] = [];
    for (const customerId of customerIds) {
      const message = `权限矩阵预警${next()}`;
      const alert = await orm.em.fork().transactional((em) =>
        raiseAlert(em, SYSTEM_ACTOR, { kind: AlertKind.ARREARS_OVER_THRESHOLD, severity: AlertSeverity.WARNING, customerId: parseGlobalId(customerId)!.id, amount: '800.00', message, dedupeKey: message }),
      );
      ids.push(toGlobalId('Alert', alert.id));
    }
    return ids;
  } finally {
    await orm.close();
  }
}

/** Runs a subscription as the caller: a refused one answers at once with its error, an allowed one its first push after `prime`. */
async function subscription(s: TestServer, c: Caller, query: string, variables: Record<string, unknown>, prime: () => Promise<unknown>): Promise<GraphQLResponse> {
  if (!c.connectionParams) {
    const raw = await wsOutcome(s, null);
    raw.socket.close();
    return raw.code === 4403 ? { errors: [{ message: 'closed with 4403', extensions: { code: 'UNAUTHENTICATED' } }] } : { data: {} };
  }
  const client = s.ws(c.connectionParams);
  try {
    const sub = subscribe(client, query, variables);
    await sub.prime(prime);
    return sub.received[0]!;
  } finally {
    await client.dispose();
  }
}

const ALERT_FIELDS = 'id seq kind customer { id orgUnit { id } } orgUnit { id } owner { id } acknowledgedBy { id } assignedTo { id } resolvedBy { id }';

export const matrix: OperationSet<AlertTargets> = {
  async setup(server, base) {
    const { rows } = await server.sql.query(`select coalesce(max(seq), 0)::text as max from alert`);
    const [, alertB] = await raise(server, [base.custOwn, base.custB]);
    return { sinceOwn: rows[0].max as string, alertB: alertB! };
  },
  operations: [
    {
      name: 'query alerts',
      run: (s, c) => s.gql(`{ alerts(first: 50) { totalCount edges { node { ${ALERT_FIELDS} } } } }`, {}, c.headers),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (alert, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Alert { customer { id } } } }`, { id: t.alertB }, c.headers),
      expect: only(COMPANY_WIDE.filter((name) => name !== 'key:pii@company'), 'ok', 'null'),
    },
    {
      name: 'mutation acknowledgeAlert (own customer, 贵阳)',
      async run(s, c, t) {
        const [alertId] = await raise(s, [t.custOwn]);
        return s.gql(`mutation($input: AcknowledgeAlertInput!) { acknowledgeAlert(input: $input) { alert { ${ALERT_FIELDS} } } }`, { input: { alertId } }, c.headers);
      },
      expect: only(FOLLOW_UP, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation assignAlert (own customer, 贵阳, to lead.gy)',
      async run(s, c, t) {
        const [alertId] = await raise(s, [t.custOwn]);
        return s.gql(`mutation($input: AssignAlertInput!) { assignAlert(input: $input) { alert { ${ALERT_FIELDS} } } }`, { input: { alertId, assigneeId: t.leadGyId } }, c.headers);
      },
      expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation resolveAlert (own customer, 贵阳)',
      async run(s, c, t) {
        const [alertId] = await raise(s, [t.custOwn]);
        return s.gql(`mutation($input: ResolveAlertInput!) { resolveAlert(input: $input) { alert { ${ALERT_FIELDS} } } }`, { input: { alertId, note: '权限矩阵已处理' } }, c.headers);
      },
      expect: only(FOLLOW_UP, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation resolveAlert (other branch)',
      async run(s, c, t) {
        const [alertId] = await raise(s, [t.custB]);
        return s.gql(`mutation($input: ResolveAlertInput!) { resolveAlert(input: $input) { alert { id } } }`, { input: { alertId, note: '权限矩阵已处理' } }, c.headers);
      },
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'subscription arrearsAlerts (over WebSocket, replaying the own 贵阳 customer\'s alert)',
      run: (s, c, t) =>
        subscription(s, c, `subscription($since: ID) { arrearsAlerts(since: $since) { seq replayed alert { ${ALERT_FIELDS} } } }`, { since: t.sinceOwn }, () => raise(s, [t.custOwn])),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'subscription alertChanged (over WebSocket, the own 贵阳 customer\'s alert acknowledged)',
      run: (s, c, t) =>
        subscription(s, c, `subscription { alertChanged { eventId change alert { ${ALERT_FIELDS} } } }`, {}, async () => {
          const [alertId] = await raise(s, [t.custOwn]);
          await s.gql(`mutation($input: AcknowledgeAlertInput!) { acknowledgeAlert(input: $input) { alert { id } } }`, { input: { alertId } });
        }),
      expect: only(STAFF, 'ok', 'FORBIDDEN'),
    },
  ],
};
