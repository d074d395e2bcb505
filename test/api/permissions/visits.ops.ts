/** The visit rows: logging visits, listing them, a customer's visit fields, node lookups and the visitLogged subscription. */
import { subscribe, type GraphQLResponse, type TestServer } from '../../support/harness.js';
import { wsOutcome } from '../../support/fixtures-auth.js';
import { COMPANY_WIDE, READERS, next, only, type BaseTargets, type OperationSet } from './matrix.js';

interface VisitTargets {
  /** A visit to a customer in another branch. */
  visitB: string;
}

const LOG = `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id customer { id } participants { id } } } }`;
const VISIT_FIELDS = 'id channel purpose occurredAt customer { id orgUnit { id } } recordedBy { id } participants { id }';

const call = (customerId: string, participantIds: string[] = []) => ({
  customerId,
  channel: 'PHONE',
  purpose: 'DEVELOPMENT',
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  outcome: `权限矩阵电话拜访${next()}`,
  participantIds,
});

async function logAsAdmin(server: TestServer, customerId: string): Promise<string> {
  const res = await server.gql(LOG, { input: call(customerId) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.logVisit.visit.id;
}

export const matrix: OperationSet<VisitTargets> = {
  async setup(server: TestServer, base: BaseTargets) {
    await logAsAdmin(server, base.custOwn);
    await logAsAdmin(server, base.custOther);
    return { visitB: await logAsAdmin(server, base.custB) };
  },
  operations: [
    {
      name: 'mutation logVisit (own, 贵阳)',
      // An API key has no person behind it: the first participant (lead.gy) is the recorder.
      run: (s, c, t) => s.gql(LOG, { input: call(t.custOwn, [t.leadGyId]) }, c.headers),
      // visits:write: staff who go out (collectors included), not the customers:write partner key.
      expect: only(['admin', 'lead', 'lead.gy', 'rep', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation logVisit (other branch)',
      run: (s, c, t) => s.gql(LOG, { input: call(t.custB, [t.leadGyId]) }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'query visits',
      run: (s, c) => s.gql(`{ visits(first: 100) { totalCount edges { node { ${VISIT_FIELDS} } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query customer visits, lastVisits and visitSummary (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(
          `query($id: ID!) { customer(id: $id) { id visits(first: 5) { totalCount edges { node { ${VISIT_FIELDS} } } }
             lastVisits(count: 3) { id customer { id } } visitSummary { total byChannel { channel count } lastVisitAt openPromises } } }`,
          { id: t.custOwn },
          c.headers,
        ),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (visit, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Visit { customer { id } } } }`, { id: t.visitB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
    {
      name: 'subscription visitLogged (over WebSocket, a visit to the own 贵阳 customer)',
      async run(s, c, t): Promise<GraphQLResponse> {
        if (!c.connectionParams) {
          const raw = await wsOutcome(s, null);
          raw.socket.close();
          return raw.code === 4403 ? { errors: [{ message: 'closed with 4403', extensions: { code: 'UNAUTHENTICATED' } }] } : { data: {} };
        }
        const client = s.ws(c.connectionParams);
        try {
          const sub = subscribe(client, `subscription { visitLogged { eventId visit { id customer { id orgUnit { id } } } } }`);
          // A refused subscription answers at once with its error; an allowed one hears the admin's visit.
          await sub.prime(() => logAsAdmin(s, t.custOwn));
          return sub.received[0]!;
        } finally {
          await client.dispose();
        }
      },
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
  ],
};
