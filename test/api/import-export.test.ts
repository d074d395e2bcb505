/**
 * Customer import and export (issue 5, item 11): a CSV or XLSX file of
 * customers with service accounts and contacts is checked row by row with
 * the mutations' own rules and written all or nothing; the customer list
 * streams out as CSV or XLSX with the API's filter, scoping and
 * personal-data rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../server/src/graphql/limits.config.js';
import { COLUMNS } from '../../server/src/modules/imports/customer-columns.js';
import { readCustomerFile } from '../../server/src/modules/imports/customer-file.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { createKey, testUsccFor, unitOf } from '../support/fixtures-auth.js';

const IMPORT = `mutation($input: ImportCustomersInput!) {
  importCustomers(input: $input) { dryRun written rowsRead created { customers serviceAccounts contacts } errors { line field message } }
}`;

const HEADER = ['客户名称', '统一社会信用代码', '客户类型', '能源品种', '客户等级', '客户状态', '所属单位编码', '客户经理账号', '地址', '月用量',
  '户号', '供能站点编码', '用能地址', '户号区县', '计量点数', '联系人', '职务', '联系人角色', '联系电话', '电子邮箱', '主要联系人'];

type Row = Partial<Record<(typeof HEADER)[number], string>>;

/** A customer row with sensible defaults (an ACTIVE hotel at the demo rep's station). */
function row(values: Row): Row {
  return { 客户类型: '酒店', 能源品种: '燃气', 客户等级: '大客户', 客户状态: '开发成功', 所属单位编码: 'GZ-GY-01-01', ...values };
}

function csv(rows: Row[], header: string[] = HEADER): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
}

/** A USCC with its check character changed. */
const wrongCheckCharacter = (uscc: string) => uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');

let n = 0;
const account = () => `9${String(Date.now() % 1e6).padStart(6, '0')}${String(++n).padStart(4, '0')}`;

let server: TestServer;
let other: TestServer;
let existingAccount: string;

async function counts(s: TestServer) {
  const { rows } = await s.sql.query(`select (select count(*) from customer)::int as customers,
    (select count(*) from service_account)::int as accounts, (select count(*) from contact)::int as contacts,
    (select count(*) from domain_event)::int as events, (select count(*) from audit_entry)::int as audits`);
  return rows[0];
}

async function importFile(s: TestServer, content: string, opts: { dryRun: boolean; format?: 'CSV' | 'XLSX'; headers?: Record<string, string> }) {
  return s.gql(IMPORT, { input: { format: opts.format ?? 'CSV', content, dryRun: opts.dryRun } }, opts.headers);
}

/** GET /export/customers.<file> with a Bearer token (the admin's by default) or another Authorization value. */
async function download(s: TestServer, file: 'csv' | 'xlsx', params: Record<string, string> = {}, token: string | null = s.adminToken, authorization?: string) {
  const query = new URLSearchParams(params).toString();
  const auth = authorization ?? (token ? `Bearer ${token}` : null);
  return fetch(`${s.url}/export/customers.${file}${query ? `?${query}` : ''}`, { headers: auth ? { authorization: auth } : {} });
}

/** The rows of an exported file by Chinese header, read back with the importer's reader. */
async function recordsOf(format: 'CSV' | 'XLSX', file: Buffer): Promise<Array<Record<string, string>>> {
  const { rows, problems } = await readCustomerFile(format, file);
  expect(problems).toEqual([]);
  return rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.header, r.cells[c.key]])));
}

async function exportedCsv(s: TestServer, params: Record<string, string>, token?: string) {
  const res = await download(s, 'csv', params, token);
  expect(res.status).toBe(200);
  const file = Buffer.from(await res.arrayBuffer());
  // UTF-8 with a byte-order mark, the header in Chinese.
  expect(file.toString('utf8')).toMatch(/^\uFEFF客户名称,统一社会信用代码,客户类型,/);
  return { res, records: await recordsOf('CSV', file) };
}

beforeAll(async () => {
  [server, other] = await Promise.all([startTestServer(), startTestServer()]);
  existingAccount = (await server.sql.query(`select account_number from service_account order by id limit 1`)).rows[0].account_number;
});
afterAll(async () => {
  await Promise.all([server?.close(), other?.close()]);
});

describe('importCustomers', () => {
  it('checks good rows on a dry run, reports what they would create and writes nothing', async () => {
    const before = await counts(server);
    const rows = [
      row({ 客户名称: '试导入大酒店', 统一社会信用代码: testUsccFor(91001), 户号: account(), 供能站点编码: 'GZ-GY-01-01', 用能地址: '贵阳市南明区试导入路1号', 联系人: '王芳', 联系人角色: '决策人', 联系电话: '13812345678' }),
      row({ 客户名称: '试导入大酒店', 统一社会信用代码: testUsccFor(91001), 户号: account(), 供能站点编码: 'GZ-ZY-01-01', 用能地址: '遵义市红花岗区试导入路2号', 联系人: '李强', 联系人角色: 'FINANCE' }),
      row({ 客户名称: '试导入潜在客户', 客户等级: '潜在客户', 客户状态: '潜在', 联系人: '赵敏' }),
    ];
    const res = await importFile(server, csv(rows), { dryRun: true });
    expect(res.errors).toBeUndefined();
    expect(res.data.importCustomers).toEqual({
      dryRun: true,
      written: false,
      rowsRead: 3,
      created: { customers: 2, serviceAccounts: 2, contacts: 3 },
      errors: [],
    });
    expect(await counts(server)).toEqual(before);
  });

  it('imports good rows in one go: customers, their service accounts (another branch\'s station too) and contacts', async () => {
    const uscc = testUsccFor(91002);
    const [a1, a2] = [account(), account()];
    const rows = [
      row({ 客户名称: '导入联办大酒店', 统一社会信用代码: uscc, 客户经理账号: 'rep', 地址: '贵阳市南明区导入路8号', 月用量: '120000.5', 户号: a1, 供能站点编码: 'GZ-GY-01-01', 用能地址: '贵阳市南明区导入路8号', 户号区县: '南明区', 计量点数: '2', 联系人: '张伟', 职务: '总经理', 联系人角色: '决策人', 联系电话: '13912345678', 电子邮箱: 'zhangwei@example.com', 主要联系人: '是' }),
      row({ 客户名称: '导入联办大酒店', 统一社会信用代码: uscc, 户号: a2, 供能站点编码: 'GZ-ZY-01-01', 用能地址: '遵义市红花岗区导入路9号', 联系人: '陈静', 职务: '财务经理', 联系人角色: '财务', 联系电话: '0851-86543210' }),
    ];
    const before = await counts(server);
    const res = await importFile(server, csv(rows), { dryRun: false });
    expect(res.data.importCustomers).toMatchObject({ dryRun: false, written: true, rowsRead: 2, created: { customers: 1, serviceAccounts: 2, contacts: 2 }, errors: [] });
    const after = await counts(server);
    expect(after.customers - before.customers).toBe(1);
    expect(after.accounts - before.accounts).toBe(2);
    expect(after.contacts - before.contacts).toBe(2);
    // Each write is audited and announced, as when typed in.
    expect(after.audits - before.audits).toBe(5);
    expect(after.events - before.events).toBe(5);

    const { rows: [customer] } = await server.sql.query(`select c.name, c.status, c.estimated_monthly_consumption, u.login
      from customer c join app_user u on u.id = c.responsible_rep_id where c.uscc = $1`, [uscc]);
    expect(customer).toEqual({ name: '导入联办大酒店', status: 'ACTIVE', estimated_monthly_consumption: '120000.50', login: 'rep' });
    const { rows: accounts } = await server.sql.query(`select sa.account_number, o.code, sa.meter_points from service_account sa
      join org_unit o on o.id = sa.org_unit_id where sa.account_number = any($1) order by sa.account_number`, [[a1, a2]]);
    expect(accounts).toEqual([
      { account_number: a1, code: 'GZ-GY-01-01', meter_points: 2 },
      { account_number: a2, code: 'GZ-ZY-01-01', meter_points: 1 },
    ]);
  });

  it('adds the rows of a customer that already exists (same USCC) to it instead of creating it again', async () => {
    const uscc = testUsccFor(91002);
    const res = await importFile(server, csv([row({ 客户名称: '导入联办大酒店', 统一社会信用代码: uscc, 联系人: '周杰', 联系人角色: '技术' })]), { dryRun: false });
    expect(res.data.importCustomers).toMatchObject({ written: true, created: { customers: 0, serviceAccounts: 0, contacts: 1 }, errors: [] });
    const { rows } = await server.sql.query(`select count(*)::int as n from contact k join customer c on c.id = k.customer_id where c.uscc = $1`, [uscc]);
    expect(rows[0].n).toBe(3);
  });

  describe('a file with bad rows', () => {
    const dup = account();
    const rows = () => [
      row({ 客户名称: '好客户甲', 统一社会信用代码: testUsccFor(91010), 户号: dup, 供能站点编码: 'GZ-GY-01-01', 用能地址: '贵阳市南明区好路1号' }),
      row({ 客户名称: '坏代码公司', 统一社会信用代码: wrongCheckCharacter(testUsccFor(91019)) }),
      row({ 客户名称: '无单位公司', 统一社会信用代码: testUsccFor(91011), 所属单位编码: 'GZ-XX-99-99' }),
      row({ 客户名称: '重复户号公司', 统一社会信用代码: testUsccFor(91012), 户号: dup, 供能站点编码: 'GZ-GY-01-01', 用能地址: '贵阳市南明区重复路2号' }),
      row({ 客户名称: '已有户号公司', 统一社会信用代码: testUsccFor(91013), 户号: existingAccount, 供能站点编码: 'GZ-GY-01-01', 用能地址: '贵阳市南明区已有路3号' }),
      row({ 客户名称: '坏电话公司', 统一社会信用代码: testUsccFor(91014), 联系人: '孙丽', 联系人角色: '现场', 联系电话: '12345' }),
      row({ 客户名称: '坏类型公司', 统一社会信用代码: testUsccFor(91015), 客户类型: '宇宙飞船' }),
      row({ 客户名称: '好客户乙', 统一社会信用代码: testUsccFor(91016), 联系人: '吴刚' }),
    ];
    const expected = [
      { line: 3, field: '统一社会信用代码', message: 'has a wrong check character' },
      { line: 4, field: '所属单位编码', message: 'does not exist' },
      { line: 5, field: '户号', message: 'appears again in the file (first on line 2)' },
      { line: 6, field: '户号', message: 'is already in use' },
      { line: 7, field: '联系电话', message: 'must be a mobile number (11 digits starting 13–19) or a landline with area code' },
      { line: 8, field: '客户类型', message: expect.stringMatching(/^must be one of 工业 \(INDUSTRIAL\), 商业 \(COMMERCIAL\)/) },
    ];

    it('reports each bad row with its line, column and reason on a dry run, and writes nothing', async () => {
      const before = await counts(server);
      const res = await importFile(server, csv(rows()), { dryRun: true });
      expect(res.errors).toBeUndefined();
      expect(res.data.importCustomers.errors).toEqual(expected);
      expect(res.data.importCustomers).toMatchObject({ dryRun: true, written: false, rowsRead: 8 });
      expect(await counts(server)).toEqual(before);
    });

    it('writes nothing at all when not a dry run either, and says so', async () => {
      const before = await counts(server);
      const res = await importFile(server, csv(rows()), { dryRun: false });
      expect(res.data.importCustomers.errors).toEqual(expected);
      expect(res.data.importCustomers).toMatchObject({ dryRun: false, written: false, rowsRead: 8 });
      expect(await counts(server)).toEqual(before);
      const { rows: found } = await server.sql.query(`select count(*)::int as n from customer where name in ('好客户甲', '好客户乙')`);
      expect(found[0].n).toBe(0);
    });
  });

  it('names a required column the header lacks, and reads no rows', async () => {
    const header = HEADER.filter((h) => h !== '客户类型' && h !== '所属单位编码');
    const res = await importFile(server, csv([row({ 客户名称: '缺列公司' })], header), { dryRun: true });
    expect(res.data.importCustomers.errors).toEqual([
      { line: 1, field: '客户类型', message: 'required column is missing' },
      { line: 1, field: '所属单位编码', message: 'required column is missing' },
    ]);
    expect(res.data.importCustomers.created).toEqual({ customers: 0, serviceAccounts: 0, contacts: 0 });
  });

  it('treats an org unit outside the importer\'s subtree as one that does not exist', async () => {
    const token = await server.login('lead.gy');
    const file = csv([row({ 客户名称: '外地公司', 统一社会信用代码: testUsccFor(91020), 所属单位编码: 'GZ-ZY-01-01' })]);
    const asLead = await importFile(server, file, { dryRun: true, headers: { authorization: `Bearer ${token}` } });
    expect(asLead.data.importCustomers.errors).toEqual([{ line: 2, field: '所属单位编码', message: 'does not exist' }]);
    const asAdmin = await importFile(server, file, { dryRun: true });
    expect(asAdmin.data.importCustomers.errors).toEqual([]);
  });

  it('lets a rep import only its own customers: naming another rep needs customers:assign', async () => {
    const token = await server.login('rep');
    const file = csv([row({ 客户名称: '代他人导入公司', 统一社会信用代码: testUsccFor(91021), 客户经理账号: 'lead.gy' })]);
    const res = await importFile(server, file, { dryRun: true, headers: { authorization: `Bearer ${token}` } });
    expect(res.data.importCustomers.errors).toEqual([
      { line: 2, field: '客户经理账号', message: expect.stringMatching(/requires the permission customers:assign$/) },
    ]);
  });

  it('needs customers:write', async () => {
    const token = await server.login('viewer');
    const res = await importFile(server, csv([row({ 客户名称: '只读公司' })]), { dryRun: true, headers: { authorization: `Bearer ${token}` } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('turns down a file over the size limit, naming the limit', async () => {
    const content = Buffer.alloc(IMPORT_LIMITS.maxFileBytes + 1, 0x41).toString('base64');
    const res = await importFile(server, content, { dryRun: true });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'import file size',
      max: IMPORT_LIMITS.maxFileBytes,
      fields: [{ field: 'content', message: expect.stringContaining('at most 5 MB') }],
    });
  });

  it('turns down content that is not a file in base64, or a CSV that is not UTF-8', async () => {
    const notBase64 = await importFile(server, '这不是base64', { dryRun: true });
    expect(notBase64.errors?.[0]?.extensions?.fields).toEqual([{ field: 'content', message: 'must be the file encoded in base64' }]);
    const gbk = Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0x0a]).toString('base64');
    const notUtf8 = await importFile(server, gbk, { dryRun: true });
    expect(notUtf8.errors?.[0]?.extensions?.fields?.[0]?.message).toMatch(/UTF-8/);
  });
});

describe('customer export', () => {
  it('streams every customer the caller may see as CSV with Chinese headers', async () => {
    const { res, records } = await exportedCsv(server, {});
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="customers-\d{8}\.csv"/);
    const { rows } = await server.sql.query(`select count(*)::int as n from customer`);
    expect(new Set(records.map((r) => r['统一社会信用代码'] || r['客户名称'])).size).toBe(rows[0].n);
    // One row per service account: every account appears once.
    const accounts = await server.sql.query(`select count(*)::int as n from service_account`);
    expect(records.filter((r) => r['户号']).length).toBe(accounts.rows[0].n);
  });

  it('honours the filter and the order', async () => {
    const { records } = await exportedCsv(server, { filter: JSON.stringify({ tiers: ['STRATEGIC', 'KEY'] }), orderBy: 'NAME_ASC' });
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r['客户等级']))).toEqual(new Set(['战略客户', '大客户'].filter((t) => records.some((r) => r['客户等级'] === t))));
    const names = [...new Set(records.map((r) => r['客户名称']))];
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('exports only what the caller may see', async () => {
    const token = await server.login('lead.gy');
    const { records } = await exportedCsv(server, {}, token);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r['所属单位编码']!.startsWith('GZ-GY-'))).toBe(true);
    const rep = await server.login('rep');
    const own = await exportedCsv(server, {}, rep);
    const { rows } = await server.sql.query(`select count(*)::int as n from customer c join app_user u on u.id = c.responsible_rep_id where u.login = 'rep'`);
    expect(new Set(own.records.map((r) => r['统一社会信用代码'] || r['客户名称'])).size).toBe(rows[0].n);
  });

  it('leaves the personal-data columns blank without pii:read', async () => {
    const full = await exportedCsv(server, {});
    expect(full.records.some((r) => /^1[3-9]\d{9}$|^0\d{2,3}-/.test(r['联系电话'] ?? ''))).toBe(true);
    expect(full.res.headers.get('x-redacted-columns')).toBeNull();
    const viewer = await server.login('viewer');
    const redacted = await exportedCsv(server, {}, viewer);
    expect(redacted.records.filter((r) => r['联系人']).length).toBeGreaterThan(0);
    expect(redacted.records.every((r) => r['联系电话'] === '' && r['电子邮箱'] === '' && r['微信'] === '')).toBe(true);
    expect(redacted.res.headers.get('x-redacted-columns')).toBe('contactPhone,contactEmail,contactWechat');
  });

  it('answers like /graphql to a missing login, a bad filter and a forbidden caller', async () => {
    const anonymous = await download(server, 'csv', {}, null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const badJson = await download(server, 'csv', { filter: '{tiers:' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as any).errors[0].extensions.fields).toEqual([{ field: 'filter', message: expect.stringContaining('JSON') }]);
    const badValue = await download(server, 'csv', { filter: JSON.stringify({ tiers: ['GIANT'] }) });
    expect(badValue.status).toBe(400);
    expect(((await badValue.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const unit = await unitOf(server, 'admin');
    const orgOnly = await createKey(server, ['ORG_READ'], unit.id);
    const forbidden = await download(server, 'csv', {}, null, `ApiKey ${orgOnly.secret}`);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    const reader = await createKey(server, ['CUSTOMERS_READ'], unit.id);
    const allowed = await download(server, 'xlsx', {}, null, `ApiKey ${reader.secret}`);
    expect(allowed.status).toBe(200);
    await allowed.arrayBuffer();
    const outside = await download(server, 'xlsx', { filter: JSON.stringify({ orgUnitId: 'not-an-id' }) });
    expect(outside.status).toBe(400);
  });
});

describe('XLSX round trip', () => {
  it('gives the same customers, service accounts and contacts when an export is imported into another database', async () => {
    const base = 91100;
    const rows = [
      row({ 客户名称: '往返大酒店', 统一社会信用代码: testUsccFor(base), 客户经理账号: 'rep', 地址: '贵阳市南明区往返路1号', 月用量: '250000', 户号: account(), 供能站点编码: 'GZ-GY-01-02', 用能地址: '贵阳市南明区往返路1号', 户号区县: '南明区', 计量点数: '3', 联系人: '钱勇', 职务: '总经理', 联系人角色: '决策人', 联系电话: '13612345678', 电子邮箱: 'qy@example.com', 主要联系人: '是' }),
      row({ 客户名称: '往返大酒店', 统一社会信用代码: testUsccFor(base), 户号: account(), 供能站点编码: 'GZ-GY-02-01', 用能地址: '贵阳市云岩区往返路2号' }),
      row({ 客户名称: '往返小区物业', 统一社会信用代码: testUsccFor(base + 1), 客户类型: '居民小区', 能源品种: '热力', 客户等级: '普通客户', 联系人: '孙梅', 联系人角色: '财务', 联系电话: '0851-85551234' }),
      row({ 客户名称: '往返潜在客户', 客户类型: '商业', 客户等级: '潜在客户', 客户状态: '洽谈中' }),
    ];
    const first = await importFile(server, csv(rows), { dryRun: false });
    expect(first.data.importCustomers.errors).toEqual([]);

    const res = await download(server, 'xlsx', { filter: JSON.stringify({ search: '往返' }), orderBy: 'NAME_ASC' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const file = Buffer.from(await res.arrayBuffer());
    const exported = await recordsOf('XLSX', file);
    expect(exported.map((r) => [r['客户名称'], r['户号'] !== '', r['联系人']])).toEqual([
      ['往返大酒店', true, '钱勇'],
      ['往返大酒店', true, ''],
      ['往返小区物业', false, '孙梅'],
      ['往返潜在客户', false, ''],
    ]);

    const second = await importFile(other, file.toString('base64'), { format: 'XLSX', dryRun: false });
    expect(second.data.importCustomers).toMatchObject({ written: true, rowsRead: 4, created: { customers: 3, serviceAccounts: 2, contacts: 2 }, errors: [] });

    const snapshot = async (s: TestServer) =>
      (await s.sql.query(`
        select c.name, c.uscc, c.kind, c.utility, c.tier, c.status, o.code as org_unit, u.login as rep, c.address,
               c.estimated_monthly_consumption as consumption,
               (select json_agg(json_build_object('number', sa.account_number, 'station', so.code, 'address', sa.address,
                  'district', sa.district, 'utility', sa.utility, 'meterPoints', sa.meter_points) order by sa.account_number)
                  from service_account sa join org_unit so on so.id = sa.org_unit_id where sa.customer_id = c.id) as accounts,
               (select json_agg(json_build_object('name', k.name, 'title', k.title, 'role', k.role, 'phone', k.phone,
                  'email', k.email, 'primary', k.is_primary) order by k.name) from contact k where k.customer_id = c.id) as contacts
          from customer c join org_unit o on o.id = c.org_unit_id left join app_user u on u.id = c.responsible_rep_id
         where c.name like '往返%' order by c.name`)).rows;
    const [here, there] = await Promise.all([snapshot(server), snapshot(other)]);
    expect(here).toHaveLength(3);
    expect(there).toEqual(here);
  });
});
