/**
 * The streaming table download behind every `GET /export/<table>.csv|.xlsx`
 * (customers, collector statistics): one place for what such a download must
 * get right. It authenticates like /graphql (Bearer token or API key), counts
 * as one request against the viewer's rate limit, and reads the schema's own
 * connection query page by page — so permission, org-subtree scoping and the
 * figures are exactly the API's — then streams the rows as CSV (with a BOM,
 * for Excel) or XLSX, never holding the file in memory.
 *
 * Errors before the first byte are a JSON body with the GraphQL error codes
 * and a fitting HTTP status; once streaming began, the download is cut short.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type express from 'express';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { execute, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createContext, type Context, type Services } from '../graphql/context.js';
import { AppError, ErrorCode, createFormatError } from '../graphql/errors.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { credentialsFrom } from '../modules/auth/credentials.js';
import type { ApiKeyScope } from '../modules/auth/permissions.js';
import { requirePermission, type AuthenticatedViewer } from '../modules/auth/viewer.js';

/** Rows per page read from the API (the connection maximum). */
const PAGE = 100;

export interface ExportDeps {
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
  /** The per-viewer request limit of /graphql; an export counts as one request. */
  consumeRate(viewer: AuthenticatedViewer): Promise<void>;
}

/** What one table download reads and how it lays the rows out. */
export interface TableExport<TData> {
  /** Named in the log when streaming fails, e.g. 'customer export'. */
  name: string;
  /** Needed to download at all (further rules are the query's own). */
  permission: ApiKeyScope;
  /** A query of one connection taking `$first: Int!` and `$after: String`, plus the variables below. */
  query: DocumentNode;
  /** The query's other variables from the URL's query string; throws BAD_USER_INPUT for anything else. */
  variables(query: unknown): Record<string, unknown>;
  /** The page info of the connection in a result's data. */
  pageInfo(data: TData): { hasNextPage: boolean; endCursor: string | null };
  /** File name (ASCII, no extension), its Chinese name for browsers that read `filename*`, and the XLSX sheet's name. */
  file(variables: Record<string, unknown>): { name: string; localName: string; sheet: string };
  /** Extra response headers for this viewer (e.g. which columns were redacted). */
  responseHeaders?(viewer: AuthenticatedViewer): Record<string, string>;
  /** The header row. */
  header: string[];
  /** The file rows of one page. */
  rows(data: TData): string[][];
  /** Rows closing the file, from the first page (e.g. a 合计 totals row). */
  footer?(first: TData): string[][];
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
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
};

/**
 * The URL's query parameters of an export, each given at most once and
 * named in `names`; anything else is BAD_USER_INPUT naming the parameter.
 */
export function exportParams(query: unknown, names: readonly string[]): Partial<Record<string, string>> {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (!names.includes(name)) throw AppError.badInput([{ field: name, message: `is not a parameter of the export (${names.join(', ')})` }]);
    if (typeof value !== 'string') throw AppError.badInput([{ field: name, message: 'must be given once' }]);
  }
  return params as Partial<Record<string, string>>;
}

/** The express handler of a table's `.csv` and `.xlsx` URLs. */
export function tableExport<TData>(deps: ExportDeps, table: TableExport<TData>): express.RequestHandler {
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
      viewer = requirePermission(ctx.auth.viewer, table.permission);
      await deps.consumeRate(viewer);
      variables = table.variables(req.query);
    } catch (error) {
      if (error instanceof AppError) return fail(res, error);
      throw error;
    }

    const page = async (after: string | null) =>
      execute({ schema: deps.schema, document: table.query, contextValue: ctx, variableValues: { ...variables, first: PAGE, after } });
    let result = await page(null);
    if (result.errors?.length) return fail(res, result.errors);

    const file = table.file(variables);
    res.status(200);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${file.name}.${format}"; filename*=UTF-8''${encodeURIComponent(`${file.localName}.${format}`)}`);
    for (const [name, value] of Object.entries(table.responseHeaders?.(viewer) ?? {})) res.setHeader(name, value);
    const sheet = format === 'csv' ? csvWriter(res) : xlsxWriter(res, file.sheet);
    try {
      await sheet.write(table.header);
      const first = result.data as TData;
      for (;;) {
        const data = result.data as TData;
        for (const row of table.rows(data)) await sheet.write(row);
        const { hasNextPage, endCursor } = table.pageInfo(data);
        if (!hasNextPage) break;
        // The client hung up: no point reading further pages.
        if (res.destroyed) return;
        // A fresh unit of work per page: the identity map must not grow with the file.
        ctx.refresh();
        result = await page(endCursor);
        if (result.errors?.length) throw new Error(`export page failed: ${result.errors[0]!.message}`);
      }
      for (const row of table.footer?.(first) ?? []) await sheet.write(row);
      await sheet.end();
    } catch (error) {
      // The status line is gone: all that is left is to cut the download short.
      deps.logger.error({ err: error, requestId: ctx.requestId }, `${table.name} failed while streaming`);
      res.destroy(error as Error);
    }
  };
}
