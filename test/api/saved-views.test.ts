/**
 * Saved views 常用筛选 (issue 9 item 4): a staff user keeps named filters of
 * the customer, prospect and expiring-contract lists; a filter is checked
 * against the page's own filter type and tried on the list, so a stored view
 * never holds a filter the list refuses; leads and admins may share a view
 * with their org subtree; only the owner deletes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, createKey, apiKeyHeader, unitOf } from '../support/fixtures-auth.js';
import { gqlData, localId } from '../support/fixtures.js';

const SAVE = `mutation($input: SaveViewInput!) { saveView(input: $input) { view { id name page filter orderBy shared isMine owner { login } createdAt } } }`;
const LIST = `query($page: SavedViewPage!) { savedViews(page: $page) { id name page filter orderBy shared isMine owner { login } } }`;
const DELETE = `mutation($input: DeleteSavedViewInput!) { deleteSavedView(input: $input) { deletedId } }`;

let server: TestServer;
/** Access tokens by login. */
const tokens: Record<string, Record<string, string>> = {};
/** A LEAD of another branch than 贵阳, and the 贵阳 branch's first station (with coordinates). */
let otherLead: string;
let gyStation: string;
let otherBranch: string;
let seq = 0;
const name = (label: string) => `${label} ${++seq}`;

async function as(login: string) {
  tokens[login] ??= bearer(await server.login(login));
  return tokens[login]!;
}

async function viewCount(): Promise<number> {
  return (await server.sql.query(`select count(*)::int as n from saved_view`)).rows[0].n;
}

async function save(login: string, input: Record<string, unknown>) {
  return server.gql(SAVE, { input }, await as(login));
}

async function saved(login: string, input: Record<string, unknown>) {
  return (await gqlData(server, SAVE, { input }, await as(login))).saveView.view;
}

async function list(login: string, page: string): Promise<any[]> {
  return (await gqlData(server, LIST, { page }, await as(login))).savedViews;
}

/** The call is refused with `code`, naming these fields, and writes nothing. */
async function refused(login: string, input: Record<string, unknown>, code: string, fields?: string[]) {
  const before = await viewCount();
  const res = await save(login, input);
  expect(res.data).toBeNull();
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  if (fields) expect(res.errors![0]!.extensions!.fields!.map((f) => f.field)).toEqual(fields);
  expect(await viewCount()).toBe(before);
}

beforeAll(async () => {
  server = await startTestServer();
  const gy = await unitOf(server, 'lead.gy');
  const { rows } = await server.sql.query(
    `select u.login, b.id as branch_id from app_user u join org_unit b on b.id = u.org_unit_id
      where u.role = 'LEAD' and b.kind = 'BRANCH' and b.id <> $1 order by b.id limit 1`,
    [gy.localId],
  );
  otherLead = rows[0].login;
  otherBranch = toGlobalId('OrgUnit', rows[0].branch_id);
  const station = await server.sql.query(
    `select id from org_unit where kind = 'STATION' and path like $1 and latitude is not null order by id limit 1`,
    [`${gy.path}%`],
  );
  gyStation = toGlobalId('OrgUnit', station.rows[0].id);
});
afterAll(async () => {
  await server?.close();
});

describe('saveView and savedViews', () => {
  it('keeps a customer filter with its order, normalised as the list reads it, and lists it back as the owner’s', async () => {
    const view = await saved('rep', {
      name: name('重点欠费'),
      page: 'CUSTOMERS',
      filter: { tiers: ['KEY', 'STRATEGIC'], onRiskLedger: true, minMonthlyConsumption: '100000', search: '医院' },
      orderBy: 'CONSUMPTION_DESC',
    });
    expect(view).toMatchObject({
      page: 'CUSTOMERS',
      orderBy: 'CONSUMPTION_DESC',
      shared: false,
      isMine: true,
      owner: { login: 'rep' },
      filter: { tiers: ['KEY', 'STRATEGIC'], onRiskLedger: true, minMonthlyConsumption: '100000.00', search: '医院' },
    });
    const views = await list('rep', 'CUSTOMERS');
    expect(views.find((v) => v.id === view.id)).toMatchObject({ name: view.name, filter: view.filter });
    // A page's views are that page's only.
    expect((await list('rep', 'PROSPECTS')).some((v) => v.id === view.id)).toBe(false);
    // The stored filter is accepted by the list as it is.
    const res = await server.gql(`query($f: CustomerFilter) { customers(first: 1, filter: $f) { totalCount } }`, { f: view.filter }, await as('rep'));
    expect(res.errors).toBeUndefined();
  });

  it('keeps a prospect screening with a station radius', async () => {
    const view = await saved('lead.gy', {
      name: name('站周边30公里'),
      page: 'PROSPECTS',
      filter: { statuses: ['PROSPECT'], nearStation: { stationId: gyStation, withinKm: 30 } },
    });
    expect(view.filter).toEqual({ statuses: ['PROSPECT'], nearStation: { stationId: gyStation, withinKm: 30 } });
    expect(view.orderBy).toBeNull();
  });

  it('refuses a filter that is not the page’s filter type, naming the field, and writes nothing', async () => {
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { colour: 'red' } }, 'BAD_USER_INPUT', ['filter']);
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { tiers: ['GIANT'] } }, 'BAD_USER_INPUT', ['filter.tiers.0']);
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { minMonthlyConsumption: 1e308 } }, 'BAD_USER_INPUT', ['filter.minMonthlyConsumption']);
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { orgUnitId: toGlobalId('Customer', 1) } }, 'BAD_USER_INPUT', ['filter.orgUnitId']);
    // A customer-list field is no expiring-contracts field.
    await refused('rep', { name: name('x'), page: 'CONTRACTS', filter: { statuses: ['ACTIVE'] } }, 'BAD_USER_INPUT', ['filter']);
    await refused('rep', { name: name('x'), page: 'CONTRACTS', filter: { types: ['GAS_SUPPLY'] }, orderBy: 'NAME_ASC' }, 'BAD_USER_INPUT', ['orderBy']);
  });

  it('applies the filter’s own rules: a radius over 500 km, an overlong search, a date that is no date', async () => {
    await refused('lead.gy', { name: name('x'), page: 'PROSPECTS', filter: { nearStation: { stationId: gyStation, withinKm: 501 } } }, 'BAD_USER_INPUT', [
      'filter.nearStation.withinKm',
    ]);
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { search: 'x'.repeat(101) } }, 'BAD_USER_INPUT', ['filter.search']);
    await refused('rep', { name: name('x'), page: 'CUSTOMERS', filter: { developedFrom: '2026-02-30' } }, 'BAD_USER_INPUT', ['filter.developedFrom']);
  });

  it('refuses what the list itself would refuse when run: an org unit outside your subtree, a unit without coordinates', async () => {
    await refused('lead.gy', { name: name('x'), page: 'CUSTOMERS', filter: { orgUnitId: otherBranch } }, 'BAD_USER_INPUT', ['filter.orgUnitId']);
    await refused('lead.gy', { name: name('x'), page: 'CONTRACTS', filter: { orgUnitId: otherBranch } }, 'BAD_USER_INPUT', ['filter.orgUnitId']);
    // A station of 贵阳 whose coordinates are not known (yet).
    const gy = await unitOf(server, 'lead.gy');
    const { rows } = await server.sql.query(
      `update org_unit set latitude = null, longitude = null
        where id = (select id from org_unit where kind = 'STATION' and path like $1 and id <> $2 order by id desc limit 1) returning id`,
      [`${gy.path}%`, localId(gyStation)],
    );
    const unmapped = toGlobalId('OrgUnit', rows[0].id);
    await refused('lead.gy', { name: name('x'), page: 'PROSPECTS', filter: { nearStation: { stationId: unmapped, withinKm: 30 } } }, 'BAD_USER_INPUT', [
      'filter.nearStation.stationId',
    ]);
  });

  it('takes a name of 1 to 60 characters, unique among the owner’s views of a page (CONFLICT)', async () => {
    await refused('rep', { name: '   ', page: 'CUSTOMERS', filter: {} }, 'BAD_USER_INPUT', ['name']);
    await refused('rep', { name: '名'.repeat(61), page: 'CUSTOMERS', filter: {} }, 'BAD_USER_INPUT', ['name']);
    const long = await saved('rep', { name: '名'.repeat(60), page: 'CUSTOMERS', filter: {} });
    expect(long.name).toHaveLength(60);
    const first = await saved('rep', { name: '  我的客户  ', page: 'CUSTOMERS', filter: { statuses: ['ACTIVE'] } });
    expect(first.name).toBe('我的客户');
    await refused('rep', { name: '我的客户', page: 'CUSTOMERS', filter: {} }, 'CONFLICT', ['name']);
    // The same name on another page, or another user's, is a different view.
    await saved('rep', { name: '我的客户', page: 'PROSPECTS', filter: {} });
    await saved('collector', { name: '我的客户', page: 'CUSTOMERS', filter: {} });
  });

  it('keeps at most 50 views per user and page', async () => {
    const { rows } = await server.sql.query(`select id, org_unit_id from app_user where login = 'viewer'`);
    const [viewer] = rows;
    const { rows: count } = await server.sql.query(`select count(*)::int as n from saved_view where owner_id = $1 and page = 'CONTRACTS'`, [viewer.id]);
    // Fill up to 49 directly; the API saves the 50th and refuses the 51st.
    await server.sql.query(
      `insert into saved_view (owner_id, org_unit_id, page, name, filter)
       select $1, $2, 'CONTRACTS', '批量 ' || g, '{}'::jsonb from generate_series(1, $3::int) g`,
      [viewer.id, viewer.org_unit_id, 49 - count[0].n],
    );
    await saved('viewer', { name: '第五十个', page: 'CONTRACTS', filter: {} });
    await refused('viewer', { name: '第五十一个', page: 'CONTRACTS', filter: {} }, 'BAD_USER_INPUT', ['name']);
    // Another page has room of its own.
    await saved('viewer', { name: '第五十一个', page: 'CUSTOMERS', filter: {} });
  });

  it('keeps views from partner API keys: they have none', async () => {
    const unit = await unitOf(server, 'admin');
    const key = await createKey(server, ['CUSTOMERS_READ', 'CUSTOMERS_WRITE'], unit.id);
    const before = await viewCount();
    const res = await server.gql(SAVE, { input: { name: 'key', page: 'CUSTOMERS', filter: {} } }, apiKeyHeader(key.secret));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await server.gql(LIST, { page: 'CUSTOMERS' }, apiKeyHeader(key.secret));
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await viewCount()).toBe(before);
  });
});

describe('shared views', () => {
  it('lets only leads and admins share', async () => {
    await refused('rep', { name: name('共享'), page: 'CUSTOMERS', filter: {}, shared: true }, 'FORBIDDEN');
    await refused('collector', { name: name('共享'), page: 'CUSTOMERS', filter: {}, shared: true }, 'FORBIDDEN');
    expect((await saved('lead.gy', { name: name('共享'), page: 'CUSTOMERS', filter: {}, shared: true })).shared).toBe(true);
    expect((await saved('admin', { name: name('共享'), page: 'CUSTOMERS', filter: {}, shared: true })).shared).toBe(true);
  });

  it('shows a shared view to the colleagues of the sharer’s subtree only, and a private one to nobody else', async () => {
    const shared = await saved('lead.gy', { name: name('贵阳分公司大客户'), page: 'CUSTOMERS', filter: { tiers: ['KEY'] }, shared: true });
    const own = await saved('lead.gy', { name: name('我自己的'), page: 'CUSTOMERS', filter: {} });
    for (const colleague of ['rep', 'collector']) {
      const views = await list(colleague, 'CUSTOMERS');
      expect(views.find((v) => v.id === shared.id)).toMatchObject({ isMine: false, shared: true, owner: { login: 'lead.gy' } });
      expect(views.some((v) => v.id === own.id)).toBe(false);
    }
    // Above the sharer (the company lead) and beside it (another branch): not theirs.
    for (const outsider of ['lead', otherLead]) expect((await list(outsider, 'CUSTOMERS')).some((v) => v.id === shared.id)).toBe(false);
    // A company-wide share reaches everyone below the company.
    const companyWide = await saved('admin', { name: name('全公司'), page: 'CUSTOMERS', filter: {}, shared: true });
    for (const login of ['rep', 'lead.gy', otherLead, 'viewer']) expect((await list(login, 'CUSTOMERS')).some((v) => v.id === companyWide.id)).toBe(true);
  });

  it('resolves a view by node(id) for those who may see it, null for others', async () => {
    const shared = await saved('lead.gy', { name: name('节点'), page: 'CONTRACTS', filter: { types: ['GAS_SUPPLY'] }, shared: true });
    const NODE = `query($id: ID!) { node(id: $id) { id ... on SavedView { name } } }`;
    expect((await gqlData(server, NODE, { id: shared.id }, await as('rep'))).node).toEqual({ id: shared.id, name: shared.name });
    expect((await gqlData(server, NODE, { id: shared.id }, await as(otherLead))).node).toBeNull();
  });
});

describe('deleteSavedView', () => {
  it('deletes one of your own views', async () => {
    const view = await saved('rep', { name: name('删掉'), page: 'CUSTOMERS', filter: {} });
    const res = await gqlData(server, DELETE, { input: { id: view.id } }, await as('rep'));
    expect(res.deleteSavedView.deletedId).toBe(view.id);
    expect((await list('rep', 'CUSTOMERS')).some((v) => v.id === view.id)).toBe(false);
  });

  it('treats anyone else’s view, even a shared one you can see, as NOT_FOUND and deletes nothing', async () => {
    const shared = await saved('lead.gy', { name: name('别删我的'), page: 'CUSTOMERS', filter: {}, shared: true });
    const before = await viewCount();
    for (const login of ['rep', 'admin']) {
      const res = await server.gql(DELETE, { input: { id: shared.id } }, await as(login));
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const missing = await server.gql(DELETE, { input: { id: toGlobalId('SavedView', 999999) } }, await as('rep'));
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongType = await server.gql(DELETE, { input: { id: toGlobalId('Customer', 1) } }, await as('rep'));
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await viewCount()).toBe(before);
  });
});
