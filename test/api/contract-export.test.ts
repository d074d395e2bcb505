/**
 * Expiring contracts export (issue 9 item 4): `GET /export/expiring-contracts
 * .csv|.xlsx` lists the contracts the caller may see that expire within N
 * days — the rows of the `expiringContracts` query, soonest first, with the
 * days left as of today in the company time zone — and answers like
 * /graphql to a missing login or bad parameters.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { bearer, unitOf } from '../support/fixtures-auth.js';
import { gqlData, inDays } from '../support/fixtures.js';

// exceljs is the server's dependency; read the exported workbook with the same library.
const ExcelJS = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs') as {
  Workbook: new () => { xlsx: { load(data: Buffer): Promise<unknown> }; worksheets: Array<{ name: string; eachRow(cb: (row: { values: unknown }) => void): void }> };
};

const HEADER = ['合同编号', '合同类型', '客户名称', '统一社会信用代码', '所属单位', '客户经理', '供方', '签约人', '起始日', '到期日', '剩余天数'];
const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id } } }`;
const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { contract { id status } } }`;
const EXPIRING = `query($withinDays: Int!, $filter: ExpiringContractsFilter, $after: String) {
  expiringContracts(withinDays: $withinDays, filter: $filter, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { number } } } }`;

let server: TestServer;
let leadGy: Record<string, string>;
let gyCustomer: { id: string; name: string };
let otherCustomer: { id: string; name: string };
let seq = 0;
/** Contract numbers by label. */
const numbers: Record<string, string> = {};

async function activeContract(label: string, customerId: string, endsOn: string, type = 'GAS_SUPPLY') {
  const number = `EXP-TEST-${Date.now() % 100000}-${++seq}`;
  const created = await gqlData(server, CREATE, {
    input: { customerId, number, type, supplierParty: '黔能能源销售有限公司贵阳分公司', customerParty: '到期测试客户', startsOn: '2026-01-01', endsOn, settlementCycle: 'MONTHLY_READ_MONTHLY_SETTLE' },
  });
  await gqlData(server, SIGN, { input: { id: created.createContract.contract.id, signedOn: '2025-12-20', signer: '王建国' } });
  numbers[label] = number;
}

/** Every number the API lists, in order. */
async function apiNumbers(withinDays: number, filter: Record<string, unknown> | null, headers?: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await gqlData(server, EXPIRING, { withinDays, filter, after }, headers);
    out.push(...data.expiringContracts.edges.map((e: { node: { number: string } }) => e.node.number));
    if (!data.expiringContracts.pageInfo.hasNextPage) return out;
    after = data.expiringContracts.pageInfo.endCursor;
  }
}

const download = (file: 'csv' | 'xlsx', params: Record<string, string>, headers: Record<string, string> = bearer(server.adminToken)) =>
  fetch(`${server.url}/export/expiring-contracts.${file}?${new URLSearchParams(params)}`, { headers });

/** The CSV's rows (no field of these rows holds a comma or a quote). */
async function csvRows(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').trim().split(/\r?\n/).map((line) => line.split(','));
}

beforeAll(async () => {
  server = await startTestServer();
  leadGy = bearer(await server.login('lead.gy'));
  const gy = await unitOf(server, 'lead.gy');
  const pick = async (condition: string) => {
    const { rows } = await server.sql.query(
      `select c.id, c.name from customer c join org_unit o on o.id = c.org_unit_id where ${condition} and c.name not like '%,%' order by c.id limit 1`,
      [`${gy.path}%`],
    );
    return { id: toGlobalId('Customer', rows[0].id), name: rows[0].name as string };
  };
  gyCustomer = await pick(`o.path like $1`);
  otherCustomer = await pick(`o.path not like $1`);
  await activeContract('gy5', gyCustomer.id, inDays(5));
  await activeContract('gy20heat', gyCustomer.id, inDays(20), 'HEAT_SUPPLY');
  await activeContract('other10', otherCustomer.id, inDays(10));
  await activeContract('gy100', gyCustomer.id, inDays(100));
});
afterAll(async () => {
  await server?.close();
});

describe('expiring contracts export', () => {
  it('streams the API’s rows as CSV with Chinese headers, soonest first, with the days left', async () => {
    const res = await download('csv', { withinDays: '30' });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="expiring-contracts-30d-\d{8}\.csv"/);
    const [header, ...rows] = await csvRows(res);
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r[0])).toEqual(await apiNumbers(30, null));
    const row = (label: string) => rows.find((r) => r[0] === numbers[label]);
    expect(row('gy5')).toEqual([numbers.gy5, '供气合同', gyCustomer.name, expect.any(String), expect.any(String), expect.any(String), '黔能能源销售有限公司贵阳分公司', '王建国', '2026-01-01', inDays(5), '5']);
    expect(row('gy20heat')!.slice(1, 2).concat(row('gy20heat')!.slice(9))).toEqual(['供热合同', inDays(20), '20']);
    expect(row('other10')!.at(-1)).toBe('10');
    // Past the window: not listed.
    expect(row('gy100')).toBeUndefined();
    // Days left never decrease down the file.
    const left = rows.map((r) => Number(r.at(-1)));
    expect(left).toEqual([...left].sort((a, b) => a - b));
  });

  it('honours the filter and exports only what the caller may see', async () => {
    const filter = { types: ['GAS_SUPPLY'] };
    const [, ...rows] = await csvRows(await download('csv', { withinDays: '120', filter: JSON.stringify(filter) }, leadGy));
    expect(rows.map((r) => r[0])).toEqual(await apiNumbers(120, filter, leadGy));
    const listed = new Set(rows.map((r) => r[0]));
    expect(listed.has(numbers.gy5!)).toBe(true);
    expect(listed.has(numbers.gy100!)).toBe(true);
    expect(listed.has(numbers.gy20heat!)).toBe(false);
    // Another branch's contract is not the 贵阳 lead's.
    expect(listed.has(numbers.other10!)).toBe(false);
  });

  it('exports the same rows as XLSX', async () => {
    const csv = await csvRows(await download('csv', { withinDays: '60' }));
    const res = await download('xlsx', { withinDays: '60' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="expiring-contracts-60d-\d{8}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()));
    expect(workbook.worksheets[0]!.name).toBe('60天内到期合同');
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows).toEqual(csv.map((r) => r.map((v) => v)));
  });

  it('answers like /graphql to a missing login, bad parameters and another branch', async () => {
    const anonymous = await download('csv', { withinDays: '30' }, {});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'withinDays'],
      [{ withinDays: 'soon' }, 'withinDays'],
      [{ withinDays: '30', filter: '{types:' }, 'filter'],
      [{ withinDays: '30', sort: 'x' }, 'sort'],
    ];
    for (const [params, field] of cases) {
      const res = await download('csv', params);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
    }
    const refusedValues: Array<Record<string, string>> = [{ withinDays: '0' }, { withinDays: '366' }, { withinDays: '30', filter: JSON.stringify({ types: ['LEASE'] }) }];
    for (const params of refusedValues) {
      const res = await download('csv', params);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const gy = await unitOf(server, 'lead.gy');
    const other = await server.sql.query(`select id from org_unit where path not like $1 || '%' and kind = 'BRANCH' limit 1`, [gy.path]);
    const outside = await download('csv', { withinDays: '30', filter: JSON.stringify({ orgUnitId: toGlobalId('OrgUnit', other.rows[0].id) }) }, leadGy);
    expect(outside.status).toBe(400);
  });
});
