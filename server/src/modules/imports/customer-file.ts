/**
 * Reading a customer file (CSV in UTF-8, or XLSX) into rows keyed by column
 * (customer-columns.ts), with the file limits of IMPORT_LIMITS. Problems of
 * the file as a whole (too big, unreadable, unknown or missing columns) come
 * back as errors naming the line and the column.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_LIMITS } from '../../graphql/limits.config.js';
import { COLUMNS, columnOf, type Column, type ColumnKey, type FileRow } from './customer-columns.js';
import { ImportErrors, type ImportRowError } from './imports.errors.js';

export type FileFormat = 'CSV' | 'XLSX';

export interface ParsedFile {
  rows: FileRow[];
  /** Problems of the header; when there are any, `rows` is empty. */
  problems: ImportRowError[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The file's bytes from its base64 text; BAD_USER_INPUT when it is not base64 or over the size limit. */
export function decodeContent(content: string): Buffer {
  const text = content.replace(/\s+/g, '');
  // Checked before decoding: 4 base64 characters carry 3 bytes.
  const size = Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (size > IMPORT_LIMITS.maxFileBytes) throw ImportErrors.fileTooLarge(size);
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw ImportErrors.notBase64();
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw ImportErrors.emptyFile();
  return bytes;
}

export async function readCustomerFile(format: FileFormat, bytes: Buffer): Promise<ParsedFile> {
  const table = format === 'CSV' ? readCsv(bytes) : await readXlsx(bytes);
  if (table.length === 0) throw ImportErrors.emptyFile();
  const [header, ...data] = table;
  if (data.length > IMPORT_LIMITS.maxRows) throw ImportErrors.tooManyRows(data.length);
  const { columns, problems } = readHeader(header!);
  if (problems.length) return { rows: [], problems };
  const rows = data.map(({ line, cells }) => {
    const row = { line, cells: Object.fromEntries(COLUMNS.map((c) => [c.key, ''])) as Record<ColumnKey, string> };
    columns.forEach((column, index) => {
      if (column) row.cells[column.key as ColumnKey] = (cells[index] ?? '').trim();
    });
    return row;
  });
  return { rows, problems: [] };
}

interface RawRow {
  line: number;
  cells: string[];
}

function readHeader({ line, cells }: RawRow): { columns: Array<Column | undefined>; problems: ImportRowError[] } {
  const problems: ImportRowError[] = [];
  const seen = new Set<string>();
  const columns = cells.map((cell) => {
    const text = cell.trim();
    if (!text) return undefined;
    const column = columnOf(text);
    if (!column) {
      problems.push({ line, field: text, message: 'is not a column of the customer file (see README "Import and export")' });
    } else if (seen.has(column.key)) {
      problems.push({ line, field: column.header, message: 'appears twice in the header' });
    } else {
      seen.add(column.key);
    }
    return column;
  });
  for (const column of COLUMNS as readonly Column[]) {
    if (column.required && !seen.has(column.key)) problems.push({ line, field: column.header, message: 'required column is missing' });
  }
  return { columns, problems };
}

function readCsv(bytes: Buffer): RawRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ImportErrors.notUtf8();
  }
  try {
    const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records
      .filter(({ record }) => record.some((cell) => cell.trim() !== ''))
      .map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    throw ImportErrors.unreadable('CSV', (error as Error).message);
  }
}

async function readXlsx(bytes: Buffer): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw ImportErrors.unreadable('XLSX', (error as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.actualRowCount - 1 > IMPORT_LIMITS.maxRows) throw ImportErrors.tooManyRows(sheet.actualRowCount - 1);
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell);
    });
    if (cells.some((c) => c && c.trim() !== '')) rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

/** What a cell shows: text as typed, numbers without grouping, dates as YYYY-MM-DD. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return cell.text ?? '';
}
