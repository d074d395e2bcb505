/** The core rows: identity, org tree, customers, contacts, users, API keys, audit. */
import { testUsccFor } from '../../support/fixtures-auth.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type OperationSet } from './matrix.js';

const CUSTOMER_FIELDS = 'id name orgUnit { id path: code } contacts { id name }';

export const matrix: OperationSet = {
  operations: [
  {
    name: 'query me',
    run: (s, c) => s.gql(`{ me { kind orgUnit { id } } }`, {}, c.headers),
    expect: only([], 'ok', 'ok'),
  },
  {
    name: 'query orgUnits',
    run: (s, c) => s.gql(`{ orgUnits { id kind parent { id } } }`, {}, c.headers),
    expect: only(['key:pii@company'], 'FORBIDDEN', 'ok'),
  },
  {
    name: 'query customers',
    run: (s, c) => s.gql(`{ customers(first: 100) { edges { node { ${CUSTOMER_FIELDS} } } } }`, {}, c.headers),
    expect: only(READERS, 'ok', 'FORBIDDEN'),
  },
  {
    name: 'query customer (own, 贵阳)',
    run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id: t.custOwn }, c.headers),
    expect: only(READERS, 'ok', 'FORBIDDEN'),
  },
  {
    name: "query customer (another rep's, 贵阳)",
    run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id: t.custOther }, c.headers),
    expect: only(READERS, 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND' }),
  },
  {
    name: 'query customer (other branch)',
    run: (s, c, t) => s.gql(`query($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`, { id: t.custB }, c.headers),
    expect: only(COMPANY_WIDE, 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', collector: 'NOT_FOUND', 'key:read@gy': 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' }),
  },
  {
    name: 'query node (customer, other branch)',
    run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: t.custB }, c.headers),
    expect: only(COMPANY_WIDE, 'ok', 'null'),
  },
  {
    name: 'query nodes (org units A and B)',
    run: (s, c, t) => s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [t.stationA, t.stationB] }, c.headers),
    expect: only([], 'ok', 'ok'),
  },
  {
    name: 'query users',
    run: (s, c) => s.gql(`{ users { id orgUnit { id } } }`, {}, c.headers),
    expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'query apiKeys',
    run: (s, c) => s.gql(`{ apiKeys { id orgUnit { id } } }`, {}, c.headers),
    expect: only(['admin'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'query auditEntries',
    run: (s, c) => s.gql(`{ auditEntries(first: 5) { totalCount } }`, {}, c.headers),
    expect: only(['admin'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation createCustomer (贵阳 station)',
    run: (s, c, t) =>
      s.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } } }`, {
        input: { name: `权限矩阵公司${next()}`, uscc: testUsccFor(70000 + next()), kind: 'COMMERCIAL', utility: 'GAS', tier: 'REGULAR', status: 'ACTIVE', orgUnitId: t.stationA },
      }, c.headers),
    expect: only(WRITERS, 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation createCustomer (other branch)',
    run: (s, c, t) =>
      s.gql(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
        input: { name: `权限矩阵外部公司${next()}`, uscc: testUsccFor(80000 + next()), kind: 'COMMERCIAL', utility: 'GAS', tier: 'REGULAR', status: 'ACTIVE', orgUnitId: t.stationB },
      }, c.headers),
    expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'BAD_USER_INPUT', rep: 'BAD_USER_INPUT', 'key:write@gy': 'BAD_USER_INPUT' }),
  },
  {
    name: 'mutation updateCustomer (own, 贵阳)',
    run: (s, c, t) => s.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } } }`, { input: { id: t.custOwn, address: `贵阳市南明区矩阵路${next()}号` } }, c.headers),
    expect: only(WRITERS, 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation updateCustomer (other branch)',
    run: (s, c, t) => s.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: t.custB, address: `遵义市矩阵路${next()}号` } }, c.headers),
    expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' }),
  },
  {
    name: 'mutation updateCustomer (assign a rep)',
    run: (s, c, t) => s.gql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { id } } }`, { input: { id: t.custOther, responsibleRepId: t.leadGyId } }, c.headers),
    expect: only(['admin', 'lead', 'lead.gy'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation addContact (own, 贵阳)',
    run: (s, c, t) => s.gql(`mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`, { input: { customerId: t.custOwn, name: `联系人${next()}`, role: 'SITE' } }, c.headers),
    expect: only(WRITERS, 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation createUser',
    run: (s, c, t) =>
      s.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`, {
        input: { login: `matrix.${next()}`, name: '矩阵用户', role: 'VIEWER', orgUnitId: t.stationA, password: 'matrix password 1' },
      }, c.headers),
    expect: only(['admin'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation disableUser + enableUser',
    async run(s, c, t) {
      const res = await s.gql(`mutation($input: UserIdInput!) { disableUser(input: $input) { user { id } } }`, { input: { id: t.victimId } }, c.headers);
      if (!res.errors) await s.gql(`mutation($input: UserIdInput!) { enableUser(input: $input) { user { id } } }`, { input: { id: t.victimId } }, c.headers);
      return res;
    },
    expect: only(['admin'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation createApiKey + revokeApiKey',
    async run(s, c, t) {
      const res = await s.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`, {
        input: { name: '矩阵密钥', scopes: ['CUSTOMERS_READ'], orgUnitId: t.stationA },
      }, c.headers);
      if (res.errors) return res;
      return s.gql(`mutation($input: ApiKeyIdInput!) { revokeApiKey(input: $input) { apiKey { id } } }`, { input: { id: res.data.createApiKey.apiKey.id } }, c.headers);
    },
    expect: only(['admin'], 'ok', 'FORBIDDEN'),
  },
  {
    name: 'mutation changePassword (wrong current password)',
    run: (s, c) => s.gql(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ok } }`, { input: { currentPassword: 'not it at all', newPassword: 'irrelevant passphrase' } }, c.headers),
    expect: only(['admin', 'lead', 'lead.gy', 'rep', 'collector', 'viewer'], 'BAD_USER_INPUT', 'FORBIDDEN'),
  },
],
};
