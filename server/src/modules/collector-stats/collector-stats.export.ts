/**
 * `GET /export/collector-statistics.csv` and `.xlsx`: collector monthly
 * statistics 收费员月度统计 as the department head publishes them (seed 004),
 * with Chinese headers and a 合计 (totals) row. Authenticated like /graphql
 * (Bearer token or API key), counted against the same rate limit, and read
 * through the schema's own `collectorStatistics` query page by page, so the
 * permission, the org-subtree scoping and the figures are exactly the API's
 * (http/table-export.ts streams it, as it does the customer export).
 *
 * Query parameters: `month` (YYYY-MM, required), `orgUnitId`, `collectorId`
 * (global IDs, optional).
 */
import type express from 'express';
import { Decimal } from 'decimal.js';
import { parse } from 'graphql';
import { AppError } from '../../graphql/errors.js';
import { exportParams, tableExport, type ExportDeps } from '../../http/table-export.js';
import { ApiKeyScope } from '../auth/permissions.js';

const FIGURES = `accountsHandled billsDue dueAmount collectedAmount collectionRate visits averageSatisfaction`;
const QUERY = parse(`
  query ExportCollectorStatistics($month: String!, $orgUnitId: ID, $collectorId: ID, $first: Int!, $after: String) {
    collectorStatistics(month: $month, orgUnitId: $orgUnitId, collectorId: $collectorId, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      orgUnit { name }
      totals { ${FIGURES} }
      edges { node { collector { name login } orgUnit { name } ${FIGURES} } }
    }
  }
`);

interface Figures {
  accountsHandled: number;
  billsDue: number;
  dueAmount: string;
  collectedAmount: string;
  collectionRate: string | null;
  visits: number;
  averageSatisfaction: string | null;
}

interface Page {
  collectorStatistics: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    orgUnit: { name: string };
    totals: Figures;
    edges: Array<{ node: Figures & { collector: { name: string; login: string }; orgUnit: { name: string } } }>;
  };
}

export const HEADERS = ['收费员', '登录名', '所属单位', '户数', '应收笔数', '应收', '实收', '回收率', '走访', '满意度'];

/** A rate as a percentage with 2 decimals ("98.50%"), exact: decimal.js, never a float. */
const percent = (rate: string | null) => (rate === null ? '' : `${new Decimal(rate).times(100).toFixed(2)}%`);

function cells(f: Figures): string[] {
  return [String(f.accountsHandled), String(f.billsDue), f.dueAmount, f.collectedAmount, percent(f.collectionRate), String(f.visits), f.averageSatisfaction ?? ''];
}

/** `month`, `orgUnitId`, `collectorId` from the query string; anything else is refused. */
function exportVariables(query: unknown): Record<string, unknown> {
  const params = exportParams(query, ['month', 'orgUnitId', 'collectorId']);
  if (!params.month) throw AppError.badInput([{ field: 'month', message: 'is required, e.g. month=2026-11' }]);
  return { month: params.month, orgUnitId: params.orgUnitId || null, collectorId: params.collectorId || null };
}

/** The express handler of both export URLs. */
export function exportCollectorStatistics(deps: ExportDeps): express.RequestHandler {
  return tableExport<Page>(deps, {
    name: 'collector statistics export',
    permission: ApiKeyScope.RECEIVABLES_READ,
    query: QUERY,
    variables: exportVariables,
    pageInfo: (data) => data.collectorStatistics.pageInfo,
    file: ({ month }) => ({ name: `collector-statistics-${month}`, localName: `收费员月度统计-${month}`, sheet: `收费员统计 ${month}` }),
    header: HEADERS,
    rows: (data) => data.collectorStatistics.edges.map(({ node }) => [node.collector.name, node.collector.login, node.orgUnit.name, ...cells(node)]),
    // The unit's totals close the sheet 合计, as of the first page (the same for every page).
    footer: (first) => [['合计', '', first.collectorStatistics.orgUnit.name, ...cells(first.collectorStatistics.totals)]],
  });
}
