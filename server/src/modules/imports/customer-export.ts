/**
 * `GET /export/customers.csv` and `/export/customers.xlsx`: the customer list
 * a viewer sees, every row of it, in the import file's layout
 * (customer-columns.ts) with Chinese headers — streamed page by page, never
 * held in memory (http/table-export.ts). Authenticated like /graphql and
 * read through the schema's own `customers` query, so the filter, the order,
 * the org-subtree scoping and the personal-data rule are exactly the API's:
 * without pii:read the phone, e-mail and WeChat columns are blank.
 *
 * Query parameters: `filter` — a CustomerFilter as JSON; `orderBy` — a
 * CustomerOrder (default CREATED_AT_DESC).
 */
import type express from 'express';
import { parse } from 'graphql';
import { todayIn } from '../../calendar.js';
import { exportParams, tableExport, type ExportDeps } from '../../http/table-export.js';
import { AppError } from '../../graphql/errors.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { can } from '../auth/viewer.js';
import { COLUMNS, labelOf, type ColumnKey } from './customer-columns.js';

const QUERY = parse(`
  query ExportCustomers($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          name uscc kind utility tier status
          statusHistory { toStatus reason }
          orgUnit { code name }
          responsibleRep { login }
          responsibleLeader { login }
          address district industry source sourceDetail latitude longitude estimatedMonthlyConsumption
          serviceAccounts { accountNumber orgUnit { code } address district utility meterPoints status }
          contacts { name title role phone email wechat isPrimary }
        }
      }
    }
  }
`);

interface ExportedCustomer {
  name: string;
  uscc: string | null;
  kind: string;
  utility: string;
  tier: string;
  status: string;
  statusHistory: Array<{ toStatus: string; reason: string | null }>;
  orgUnit: { code: string; name: string };
  responsibleRep: { login: string } | null;
  responsibleLeader: { login: string } | null;
  address: string | null;
  district: string | null;
  industry: string | null;
  source: string | null;
  sourceDetail: string | null;
  latitude: number | null;
  longitude: number | null;
  estimatedMonthlyConsumption: string | null;
  serviceAccounts: Array<{
    accountNumber: string;
    orgUnit: { code: string } | null;
    address: string;
    district: string | null;
    utility: string;
    meterPoints: number;
    status: string;
  }>;
  contacts: Array<{ name: string; title: string | null; role: string; phone: string | null; email: string | null; wechat: string | null; isPrimary: boolean }>;
}

interface Page {
  customers: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: ExportedCustomer }>;
  };
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** The file rows of one customer: one per service account and/or contact, at least one. */
function rowsOf(c: ExportedCustomer): string[][] {
  const lastStatus = c.statusHistory.at(-1);
  const customer: Partial<Record<ColumnKey, string>> = {
    name: c.name,
    uscc: text(c.uscc),
    kind: labelOf('kind', c.kind),
    utility: labelOf('utility', c.utility),
    tier: labelOf('tier', c.tier),
    status: labelOf('status', c.status),
    statusReason: lastStatus?.toStatus === c.status ? text(lastStatus.reason) : '',
    orgUnitCode: c.orgUnit.code,
    orgUnitName: c.orgUnit.name,
    repLogin: text(c.responsibleRep?.login),
    leaderLogin: text(c.responsibleLeader?.login),
    address: text(c.address),
    district: text(c.district),
    industry: text(c.industry),
    source: labelOf('source', c.source),
    sourceDetail: text(c.sourceDetail),
    latitude: text(c.latitude),
    longitude: text(c.longitude),
    estimatedMonthlyConsumption: text(c.estimatedMonthlyConsumption),
  };
  const count = Math.max(1, c.serviceAccounts.length, c.contacts.length);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const cells: Partial<Record<ColumnKey, string>> = { ...customer };
    const account = c.serviceAccounts[i];
    if (account) {
      Object.assign(cells, {
        accountNumber: account.accountNumber,
        accountOrgUnitCode: text(account.orgUnit?.code),
        accountAddress: account.address,
        accountDistrict: text(account.district),
        accountUtility: labelOf('utility', account.utility),
        meterPoints: text(account.meterPoints),
        accountStatus: labelOf('accountStatus', account.status),
      });
    }
    const contact = c.contacts[i];
    if (contact) {
      Object.assign(cells, {
        contactName: contact.name,
        contactTitle: text(contact.title),
        contactRole: labelOf('contactRole', contact.role),
        contactPhone: text(contact.phone),
        contactEmail: text(contact.email),
        contactWechat: text(contact.wechat),
        contactPrimary: contact.isPrimary ? '是' : '否',
      });
    }
    rows.push(COLUMNS.map((column) => cells[column.key] ?? ''));
  }
  return rows;
}

/** The express handler of both export URLs. */
export function exportCustomers(deps: ExportDeps): express.RequestHandler {
  return tableExport<Page>(deps, {
    name: 'customer export',
    permission: ApiKeyScope.CUSTOMERS_READ,
    query: QUERY,
    variables: exportVariables,
    pageInfo: (data) => data.customers.pageInfo,
    file: () => {
      const stamp = todayIn().replaceAll('-', '');
      return { name: `customers-${stamp}`, localName: `客户-${stamp}`, sheet: '客户' };
    },
    // Without pii:read the API blanks these columns; a response header names them.
    responseHeaders: (viewer): Record<string, string> =>
      can(viewer, ApiKeyScope.PII_READ) ? {} : { 'x-redacted-columns': COLUMNS.filter((c) => 'pii' in c && c.pii).map((c) => c.key).join(',') },
    header: COLUMNS.map((c) => c.header),
    rows: (data) => data.customers.edges.flatMap(({ node }) => rowsOf(node)),
  });
}

/** `filter` (JSON of a CustomerFilter) and `orderBy` from the query string. */
function exportVariables(query: unknown): Record<string, unknown> {
  const params = exportParams(query, ['filter', 'orderBy']);
  const variables: Record<string, unknown> = {};
  if (params.filter?.trim()) {
    try {
      variables.filter = JSON.parse(params.filter);
    } catch {
      throw AppError.badInput([{ field: 'filter', message: 'must be a CustomerFilter written as JSON, e.g. {"tiers":["KEY"]}' }]);
    }
  }
  if (params.orderBy) variables.orderBy = params.orderBy;
  return variables;
}
