/**
 * `GET /export/customers.csv` and `/export/customers.xlsx`: the customer list
 * a viewer sees, every row of it, in the import file's layout
 * (customer-columns.ts) with Chinese headers — streamed page by page, never
 * held in memory. Authenticated like /graphql (Bearer token or API key) and
 * read through the schema's own `customers` query, so the filter, the order,
 * the org-subtree scoping and the personal-data rule are exactly the API's:
 * without pii:read the phone, e-mail and WeChat columns are blank.
 *
 * Query parameters: `filter` — a CustomerFilter as JSON; `orderBy` — a
 * CustomerOrder (default CREATED_AT_DESC).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type express from 'express';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { execute, parse, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createContext, type Context, type Services } from '../../graphql/context.js';
import { AppError, ErrorCode, createFormatError } from '../../graphql/errors.js';
import { AuthService } from '../auth/auth.service.js';
import { credentialsFrom } from '../auth/credentials.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { can, requirePermission, type AuthenticatedViewer } from '../auth/viewer.js';
import { COLUMNS, labelOf, type ColumnKey } from './customer-columns.js';

const PAGE = 100;

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

/** Writes rows to a CSV or XLSX body. */
interface SheetWriter {
  write(row: string[]): Promise<void>;
  end(): Promise<void>;
}

function csvWriter(out: Writable): SheetWriter {
  // A byte-order mark, so that Excel reads the UTF-8 Chinese right.
  const csv = stringify({ bom: true });
  csv.pipe(out);
  return {
    async write(row) {
      // Wait for a slow reader, but not for one that went away.
      if (!csv.write(row)) await Promise.race([once(csv, 'drain'), once(out, 'close')]);
    },
    async end() {
      csv.end();
      await Promise.race([once(out, 'finish'), once(out, 'close')]);
    },
  };
}

function xlsxWriter(out: Writable): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  return {
    async write(row) {
      sheet.addRow(row).commit();
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

const STATUS_OF: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
};

export interface ExportDeps {
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
  /** The per-viewer request limit of /graphql; an export counts as one request. */
  consumeRate(viewer: AuthenticatedViewer): Promise<void>;
}

/** The express handler of both export URLs. */
export function exportCustomers(deps: ExportDeps): express.RequestHandler {
  const formatError = createFormatError(deps.logger);
  const fail = (res: express.Response, errors: readonly GraphQLError[] | AppError) => {
    const list =
      errors instanceof AppError
        ? [{ message: errors.message, extensions: { code: errors.code, ...errors.details, ...(errors.fields.length ? { fields: errors.fields } : {}) } }]
        : errors.map((e) =>
            // No path: the variables did not fit the schema (a filter value of no enum) — bad input, as Apollo says it.
            !e.path ? { message: e.message, extensions: { code: ErrorCode.BAD_USER_INPUT } } : formatError(e.toJSON(), e),
          );
    const code = String(list[0]?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    const status = STATUS_OF[code] ?? 500;
    if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="gridline", ApiKey realm="gridline"');
    const retryAfter = errors instanceof AppError ? errors.details.retryAfter : undefined;
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    res.status(status).json({ errors: list });
  };

  return async (req, res) => {
    const format = req.path.endsWith('.xlsx') ? 'xlsx' : 'csv';
    const credentials = credentialsFrom(req.headers.authorization, req.headers['x-api-key']);
    const ctx: Context = createContext(deps.services, String(req.id), credentials);
    let viewer: AuthenticatedViewer;
    let variables: Record<string, unknown>;
    try {
      ctx.auth.viewer = await new AuthService(ctx.em, deps.services.signer).authenticate(credentials);
      viewer = requirePermission(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ);
      await deps.consumeRate(viewer);
      variables = exportVariables(req.query);
    } catch (error) {
      if (error instanceof AppError) return fail(res, error);
      throw error;
    }

    const page = async (after: string | null) =>
      execute({ schema: deps.schema, document: QUERY, contextValue: ctx, variableValues: { ...variables, first: PAGE, after } });
    let result = await page(null);
    if (result.errors?.length) return fail(res, result.errors);

    const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    res.status(200);
    res.setHeader(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    res.setHeader('content-disposition', `attachment; filename="customers-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(`客户-${stamp}.${format}`)}`);
    if (!can(viewer, ApiKeyScope.PII_READ)) {
      res.setHeader('x-redacted-columns', COLUMNS.filter((c) => 'pii' in c && c.pii).map((c) => c.key).join(','));
    }
    const sheet = format === 'csv' ? csvWriter(res) : xlsxWriter(res);
    try {
      await sheet.write(COLUMNS.map((c) => c.header));
      for (;;) {
        const data = result.data as unknown as Page;
        for (const { node } of data.customers.edges) {
          for (const row of rowsOf(node)) await sheet.write(row);
        }
        const { hasNextPage, endCursor } = data.customers.pageInfo;
        if (!hasNextPage) break;
        // The client hung up: no point reading further pages.
        if (res.destroyed) return;
        // A fresh unit of work per page: the identity map must not grow with the file.
        ctx.refresh();
        result = await page(endCursor);
        if (result.errors?.length) throw new Error(`export page failed: ${result.errors[0]!.message}`);
      }
      await sheet.end();
    } catch (error) {
      // The status line is gone: all that is left is to cut the download short.
      deps.logger.error({ err: error, requestId: ctx.requestId }, 'customer export failed while streaming');
      res.destroy(error as Error);
    }
  };
}

/** `filter` (JSON of a CustomerFilter) and `orderBy` from the query string. */
function exportVariables(query: unknown): Record<string, unknown> {
  const params = (query ?? {}) as Record<string, unknown>;
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name !== 'filter' && name !== 'orderBy') throw AppError.badInput([{ field: name, message: 'is not a parameter of the export (filter, orderBy)' }]);
    if (typeof value !== 'string') throw AppError.badInput([{ field: name, message: 'must be given once' }]);
  }
  if (typeof params.filter === 'string' && params.filter.trim()) {
    try {
      variables.filter = JSON.parse(params.filter);
    } catch {
      throw AppError.badInput([{ field: 'filter', message: 'must be a CustomerFilter written as JSON, e.g. {"tiers":["KEY"]}' }]);
    }
  }
  if (typeof params.orderBy === 'string' && params.orderBy) variables.orderBy = params.orderBy;
  return variables;
}
