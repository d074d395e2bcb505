/** Errors of customer import and export, with their client-facing codes. */
import { AppError, ErrorCode } from '../../graphql/errors.js';
import { IMPORT_LIMITS } from '../../graphql/limits.config.js';

/** A problem of one row (or of the header, line 1): the column and why. */
export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/** A limit of IMPORT_LIMITS: BAD_USER_INPUT on `content`, naming the limit and its value like the query limits do. */
function overLimit(limit: string, max: number, found: number, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: content ${message}`, [{ field: 'content', message }], { limit, max, found });
}

export const ImportErrors = {
  fileTooLarge: (bytes: number) =>
    overLimit('import file size', IMPORT_LIMITS.maxFileBytes, bytes, `is ${mb(bytes)}; an import file may be at most ${mb(IMPORT_LIMITS.maxFileBytes)} (${IMPORT_LIMITS.maxFileBytes} bytes)`),
  tooManyRows: (rows: number) =>
    overLimit('import rows', IMPORT_LIMITS.maxRows, rows, `has ${rows} rows; an import file may have at most ${IMPORT_LIMITS.maxRows} rows besides the header`),
  notBase64: () => AppError.badInput([{ field: 'content', message: 'must be the file encoded in base64' }]),
  emptyFile: () => AppError.badInput([{ field: 'content', message: 'is an empty file; the first row must be the header' }]),
  notUtf8: () => AppError.badInput([{ field: 'content', message: 'must be a CSV file encoded in UTF-8 (in Excel: save as "CSV UTF-8")' }]),
  unreadable: (format: string, detail: string) =>
    AppError.badInput([{ field: 'content', message: `is not a readable ${format} file (${detail.slice(0, 200)})` }]),
};
