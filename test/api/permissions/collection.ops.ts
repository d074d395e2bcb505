/**
 * Collection policies 催收策略 and worklists 工作清单: reading needs
 * receivables:read; changing the policy needs policies:manage (admins);
 * another person's worklist needs users:read (leads, admins) and lies in the
 * caller's subtree.
 */
import type { TestServer } from '../../support/harness.js';
import { only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  /** The demo collector of 贵阳's first station. */
  collectorId: string;
}

const RECEIVABLES_READERS: CallerName[] = ['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'];

const POLICY = `{ collectionPolicy { monitoringThreshold bigUserThresholds { utility threshold unit } bigUserCollectionsPerMonth riskCheckIntervalDays } }`;
const UPDATE = `mutation($input: UpdateCollectionPolicyInput!) { updateCollectionPolicy(input: $input) { collectionPolicy { riskCheckIntervalDays } } }`;
const WORKLIST = `query($ownerId: ID) { worklist(ownerId: $ownerId, limit: 5) { date owner { id }
  accountsInArrears { serviceAccount { id } customer { id } priority } policyVisitsDue { id customer { id } }
  promisesDue { id customer { id } } breachedPlans { id customer { id } } } }`;
const ITEMS = `{ worklistItems(first: 5) { totalCount edges { node { id kind dueOn customer { id } } } } }`;

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, _base: BaseTargets): Promise<Targets> {
    const { rows } = await server.sql.query(`select id from app_user where login = 'collector'`);
    return { collectorId: Buffer.from(`User:${rows[0].id}`, 'utf8').toString('base64url') };
  },
  operations: [
    {
      name: 'query collectionPolicy',
      run: (s, c) => s.gql(POLICY, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateCollectionPolicy',
      // The default interval: the row changes nothing the other rows rely on.
      run: (s, c) => s.gql(UPDATE, { input: { riskCheckIntervalDays: 5 } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query worklist (own)',
      run: (s, c) => s.gql(WORKLIST, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: "query worklist (贵阳's collector)",
      run: (s, c, t) => s.gql(WORKLIST, { ownerId: t.collectorId }, c.headers),
      expect: only(['admin', 'lead', 'lead.gy', 'collector'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query worklistItems',
      run: (s, c) => s.gql(ITEMS, {}, c.headers),
      expect: only(RECEIVABLES_READERS, 'ok', 'FORBIDDEN'),
    },
  ],
};
