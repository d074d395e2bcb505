/**
 * `GET /export/collector-statistics.csv` and `.xlsx`: collector monthly
 * statistics 收费员月度统计 as the department head publishes them (seed 004),
 * with Chinese headers and a 合计 (totals) row. Authenticated like /graphql
 * (Bearer token or API key), counted against the same rate limit, and read
 * through the schema's own `collectorStatistics` query page by page, so the
 * permission, the org-subtree scoping and the figures are exactly the API's
 * (modules/imports/customer-export.ts is the model).
 *
 * Query parameters: `month` (YYYY-MM, required), `orgUnitId`, `collectorId`
 * (global IDs, optional).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type express from 'express';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { Decimal } from 'decimal.js';
import { execute, parse, type GraphQLError } from 'graphql';
import { createContext, type Context } from '../../graphql/context.js';
import { AppError, ErrorCode, createFormatError } from '../../graphql/errors.js';
import { AuthService } from '../auth/auth.service.js';
import { credentialsFrom } from '../auth/credentials.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { requirePermission, type AuthenticatedViewer } from '../auth/viewer.js';
import type { ExportDeps } from '../imports/customer-export.js';

const PAGE = 100;

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
      if (!csv.write(row)) await Promise.race([once(csv, 'drain'), once(out, 'close')]);
    },
    async end() {
      csv.end();
      await Promise.race([once(out, 'finish'), once(out, 'close')]);
    },
  };
}

function xlsxWriter(out: Writable, sheetName: string): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
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
};

/** `month`, `orgUnitId`, `collectorId` from the query string; anything else is refused. */
function exportVariables(query: unknown): Record<string, unknown> {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (!['month', 'orgUnitId', 'collectorId'].includes(name)) {
      throw AppError.badInput([{ field: name, message: 'is not a parameter of the export (month, orgUnitId, collectorId)' }]);
    }
    if (typeof value !== 'string') throw AppError.badInput([{ field: name, message: 'must be given once' }]);
  }
  if (!params.month) throw AppError.badInput([{ field: 'month', message: 'is required, e.g. month=2026-11' }]);
  return { month: params.month, orgUnitId: params.orgUnitId || null, collectorId: params.collectorId || null };
}

/** The express handler of both export URLs. */
export function exportCollectorStatistics(deps: ExportDeps): express.RequestHandler {
  const formatError = createFormatError(deps.logger);
  const fail = (res: express.Response, errors: readonly GraphQLError[] | AppError) => {
    const list =
      errors instanceof AppError
        ? [{ message: errors.message, extensions: { code: errors.code, ...errors.details, ...(errors.fields.length ? { fields: errors.fields } : {}) } }]
        : errors.map((e) => (!e.path ? { message: e.message, extensions: { code: ErrorCode.BAD_USER_INPUT } } : formatError(e.toJSON(), e)));
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
    let variables: Record<string, unknown>;
    try {
      ctx.auth.viewer = await new AuthService(ctx.em, deps.services.signer).authenticate(credentials);
      const viewer: AuthenticatedViewer = requirePermission(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ);
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

    const month = String(variables.month);
    res.status(200);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'content-disposition',
      `attachment; filename="collector-statistics-${month}.${format}"; filename*=UTF-8''${encodeURIComponent(`收费员月度统计-${month}.${format}`)}`,
    );
    const sheet = format === 'csv' ? csvWriter(res) : xlsxWriter(res, `收费员统计 ${month}`);
    try {
      await sheet.write(HEADERS);
      const first = (result.data as unknown as Page).collectorStatistics;
      for (;;) {
        const data = (result.data as unknown as Page).collectorStatistics;
        for (const { node } of data.edges) await sheet.write([node.collector.name, node.collector.login, node.orgUnit.name, ...cells(node)]);
        if (!data.pageInfo.hasNextPage) break;
        if (res.destroyed) return;
        ctx.refresh();
        result = await page(data.pageInfo.endCursor);
        if (result.errors?.length) throw new Error(`export page failed: ${result.errors[0]!.message}`);
      }
      // The unit's totals close the sheet 合计, as of the first page (the same for every page).
      await sheet.write(['合计', '', first.orgUnit.name, ...cells(first.totals)]);
      await sheet.end();
    } catch (error) {
      deps.logger.error({ err: error, requestId: ctx.requestId }, 'collector statistics export failed while streaming');
      res.destroy(error as Error);
    }
  };
}
