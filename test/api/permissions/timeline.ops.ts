/**
 * The timeline's rows. `Customer.timeline` is a field, not a root operation:
 * these rows show who may read it, through `customer(id) { timeline }` and
 * an entry's own ID through `node(id:)`.
 */
import { parseGlobalId } from '../../../server/src/graphql/global-id.js';
import { insert, staff } from '../../support/history-rows.js';
import { COMPANY_WIDE, READERS, only, type OperationSet } from './matrix.js';

interface TimelineTargets {
  /** An entry of the other branch's customer. */
  entryB: string;
}

const TIMELINE = `query($id: ID!) { customer(id: $id) { id timeline(first: 5) { totalCount edges { node {
  id kind occurredAt actor { id } customer { id } subject { __typename ... on Node { id } } } } } } }`;

const OUTSIDE_GY = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND', 'key:read@gy': 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' } as const;

export const matrix: OperationSet<TimelineTargets> = {
  async setup(server, base) {
    const people = await staff(server.sql);
    for (const customer of [base.custOwn, base.custOther, base.custB]) {
      const id = parseGlobalId(customer)!.id;
      await insert.visit(server.sql, id, '2026-09-01T10:00:00+08:00', people.repId);
      await insert.statusChange(server.sql, id, '2026-09-02T10:00:00+08:00', people.leaderId);
    }
    const res = await server.gql(TIMELINE, { id: base.custB });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { entryB: res.data.customer.timeline.edges[0].node.id as string };
  },
  operations: [
    {
      name: 'query customer.timeline (own, 贵阳)',
      run: (s, c, t) => s.gql(TIMELINE, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: "query customer.timeline (another rep's, 贵阳)",
      run: (s, c, t) => s.gql(TIMELINE, { id: t.custOther }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
    },
    {
      name: 'query customer.timeline (other branch)',
      run: (s, c, t) => s.gql(TIMELINE, { id: t.custB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'FORBIDDEN', OUTSIDE_GY),
    },
    {
      name: 'query node (timeline entry, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on TimelineEntry { kind customer { id } } } }`, { id: t.entryB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
