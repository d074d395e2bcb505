/** Contacts: changes with their history, archiving, and reading the history. */
import type { TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type BaseTargets, type CallerName, type OperationSet, type Outcome } from './matrix.js';

interface Targets {
  contactOwn: string;
  contactB: string;
  revisionB: string;
}

const FIELDS = 'id isPrimary archivedAt revisions { id before after changedBy { id } }';
const UPDATE = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { ${FIELDS} } customer { id contacts { id } } } }`;
const ARCHIVE = `mutation($input: ArchiveContactInput!) { archiveContact(input: $input) { contact { ${FIELDS} } customer { id contacts { id } } } }`;

const SCOPED_NOT_FOUND: Partial<Record<CallerName, Outcome>> = { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' };

async function addAsAdmin(server: TestServer, customerId: string): Promise<string> {
  const res = await server.gql(`mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`, {
    input: { customerId, name: `矩阵联系人${next()}`, role: 'SITE', phone: '13800138000' },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.addContact.contact.id;
}

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const contactOwn = await addAsAdmin(server, base.custOwn);
    const contactB = await addAsAdmin(server, base.custB);
    const res = await server.gql(UPDATE, { input: { id: contactB, phone: '13900139000' } });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { contactOwn, contactB, revisionB: res.data.updateContact.contact.revisions[0].id };
  },
  operations: [
    {
      name: 'mutation updateContact (own, 贵阳)',
      run: (s, c, t) => s.gql(UPDATE, { input: { id: t.contactOwn, title: `矩阵职务${next()}` } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateContact (other branch)',
      run: (s, c, t) => s.gql(UPDATE, { input: { id: t.contactB, title: `矩阵外部职务${next()}` } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'mutation archiveContact (own, 贵阳)',
      // A fresh, non-primary contact per caller (the customer already has a primary one).
      run: async (s, c, t) => s.gql(ARCHIVE, { input: { id: await addAsAdmin(s, t.custOwn), reason: '矩阵离职' } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation archiveContact (other branch)',
      run: async (s, c, t) => s.gql(ARCHIVE, { input: { id: await addAsAdmin(s, t.custB), reason: '矩阵离职' } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', SCOPED_NOT_FOUND),
    },
    {
      name: 'query customer contacts with revisions (own, 贵阳, including archived)',
      run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { id contacts(includeArchived: true) { ${FIELDS} } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (contact revision, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on ContactRevision { after } } }`, { id: t.revisionB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
