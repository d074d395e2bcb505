/**
 * `GET /export/expiring-contracts.csv` and `.xlsx`: the contracts expiring
 * within N days 到期合同 (DOMAIN.md "Contracts": expiry must be seen before
 * it happens), soonest first, with Chinese headers and the days left as of
 * today in the company time zone. Authenticated like /graphql, counted
 * against the same rate limit, and read through the schema's own
 * `expiringContracts` query page by page, so the permission, the
 * org-subtree scoping and the rows are exactly the API's
 * (http/table-export.ts streams it, as it does the customer export).
 *
 * Query parameters: `withinDays` (1–365, required), `filter` — an
 * ExpiringContractsFilter as JSON (optional).
 */
import type express from 'express';
import { parse } from 'graphql';
import { todayIn } from '../../calendar.js';
import { AppError } from '../../graphql/errors.js';
import { exportParams, tableExport, type ExportDeps } from '../../http/table-export.js';
import { ApiKeyScope } from '../auth/permissions.js';

const QUERY = parse(`
  query ExportExpiringContracts($withinDays: Int!, $filter: ExpiringContractsFilter, $first: Int!, $after: String) {
    expiringContracts(withinDays: $withinDays, filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { number type endsOn startsOn signer supplierParty customer { name uscc orgUnit { name } responsibleRep { name } } } }
    }
  }
`);

interface Page {
  expiringContracts: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        number: string;
        type: string;
        endsOn: string;
        startsOn: string;
        signer: string | null;
        supplierParty: string;
        customer: { name: string; uscc: string | null; orgUnit: { name: string }; responsibleRep: { name: string } | null };
      };
    }>;
  };
}

export const HEADERS = ['合同编号', '合同类型', '客户名称', '统一社会信用代码', '所属单位', '客户经理', '供方', '签约人', '起始日', '到期日', '剩余天数'];

const TYPE_LABELS: Record<string, string> = {
  GAS_SUPPLY: '供气合同',
  POWER_SUPPLY: '供电合同',
  HEAT_SUPPLY: '供热合同',
  DESIGN_INSTALLATION: '设计安装合同',
  ENERGY_SERVICES: '综合能源服务合同',
  SETTLEMENT_AGREEMENT: '电费结算协议',
};

/** Whole days from one calendar date to another (both YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  const utc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** `withinDays` and `filter` from the query string; anything else is refused. */
function exportVariables(query: unknown): Record<string, unknown> {
  const params = exportParams(query, ['withinDays', 'filter']);
  if (!params.withinDays || !/^\d{1,3}$/.test(params.withinDays)) {
    throw AppError.badInput([{ field: 'withinDays', message: 'is required: a whole number of days, 1 to 365, e.g. withinDays=30' }]);
  }
  const variables: Record<string, unknown> = { withinDays: Number(params.withinDays) };
  if (params.filter?.trim()) {
    try {
      variables.filter = JSON.parse(params.filter);
    } catch {
      throw AppError.badInput([{ field: 'filter', message: 'must be an ExpiringContractsFilter written as JSON, e.g. {"types":["GAS_SUPPLY"]}' }]);
    }
  }
  return variables;
}

/** The express handler of both export URLs. */
export function exportExpiringContracts(deps: ExportDeps): express.RequestHandler {
  return tableExport<Page>(deps, {
    name: 'expiring contracts export',
    permission: ApiKeyScope.CUSTOMERS_READ,
    query: QUERY,
    variables: exportVariables,
    pageInfo: (data) => data.expiringContracts.pageInfo,
    file: ({ withinDays }) => {
      const stamp = todayIn().replaceAll('-', '');
      return { name: `expiring-contracts-${withinDays}d-${stamp}`, localName: `到期合同-${withinDays}天-${stamp}`, sheet: `${withinDays}天内到期合同` };
    },
    header: HEADERS,
    rows: (data) => {
      // One "today" per page: a download that crosses midnight still counts each row from the day it was read.
      const today = todayIn();
      return data.expiringContracts.edges.map(({ node }) => [
        node.number,
        TYPE_LABELS[node.type] ?? node.type,
        node.customer.name,
        node.customer.uscc ?? '',
        node.customer.orgUnit.name,
        node.customer.responsibleRep?.name ?? '',
        node.supplierParty,
        node.signer ?? '',
        node.startsOn,
        node.endsOn,
        String(daysBetween(today, node.endsOn)),
      ]);
    },
  });
}
