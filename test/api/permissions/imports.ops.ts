/** Customer import: a dry run at a station of one's own branch, and at another branch's station. */
import { parseGlobalId } from '../../../server/src/graphql/global-id.js';
import { testUsccFor } from '../../support/fixtures-auth.js';
import type { GraphQLResponse } from '../../support/harness.js';
import { WRITERS, next, only, type OperationSet } from './matrix.js';

const IMPORT = `mutation($input: ImportCustomersInput!) {
  importCustomers(input: $input) { dryRun written rowsRead created { customers } errors { line field message } }
}`;

/** A one-customer CSV file at the station with this code, base64-encoded. */
function file(stationCode: string): string {
  const rows = [
    '客户名称,统一社会信用代码,客户类型,能源品种,客户等级,客户状态,所属单位编码',
    `权限矩阵导入公司${next()},${testUsccFor(75000 + next())},酒店,燃气,大客户,开发成功,${stationCode}`,
  ];
  return Buffer.from(rows.join('\n'), 'utf8').toString('base64');
}

/** Rows the import turned down count as BAD_USER_INPUT, like the mutation they stand for. */
function outcome(res: GraphQLResponse): GraphQLResponse {
  const errors = res.data?.importCustomers?.errors ?? [];
  return errors.length ? { errors: [{ message: errors[0].message, extensions: { code: 'BAD_USER_INPUT' } }] } : res;
}

export const matrix: OperationSet<{ codeA: string; codeB: string }> = {
  async setup(server, base) {
    const code = async (globalId: string) =>
      (await server.sql.query(`select code from org_unit where id = $1`, [parseGlobalId(globalId)!.id])).rows[0].code as string;
    return { codeA: await code(base.stationA), codeB: await code(base.stationB) };
  },
  operations: [
    {
      name: 'mutation importCustomers (dry run, 贵阳 station)',
      run: async (s, c, t) => outcome(await s.gql(IMPORT, { input: { format: 'CSV', content: file(t.codeA), dryRun: true } }, c.headers)),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation importCustomers (dry run, other branch)',
      run: async (s, c, t) => outcome(await s.gql(IMPORT, { input: { format: 'CSV', content: file(t.codeB), dryRun: true } }, c.headers)),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'BAD_USER_INPUT', rep: 'BAD_USER_INPUT', 'key:write@gy': 'BAD_USER_INPUT' }),
    },
  ],
};
