/**
 * Errors are data: every error a client sees carries `extensions.code`.
 * Modules throw `AppError`s; `formatError` turns anything else into a bare
 * INTERNAL_SERVER_ERROR after logging it, so no stack trace, SQL or file path
 * ever reaches a client.
 */
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { QUERY_LIMITS } from './limits.config.js';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The database cannot be reached right now (down, restarting, connection cut): retry later, with the same idempotency key for writes. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One offending input field: its path in the input (`uscc`, `contacts.0.phone`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    /** Extra, safe facts for the client (a limit's name and value, retryAfter seconds). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badInput(fields: FieldError[]): AppError {
    const summary = fields.map((f) => `${f.field} ${f.message}`).join('; ');
    return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${summary}`, fields);
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message);
  }
}

/** Codes that graphql-js and Apollo raise themselves and that are safe to show. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ...Object.values(ErrorCode),
]);

function flattenValidation(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(error.children ?? [], field)];
  });
}

/** graphql-js's parser stops past `maxLexicalTokens` (see limits.ts) with this message ("that" sic in 16.x). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

/** Socket errors and SQLSTATEs (class 08 connection exception, 57P0x shutdown) that mean the database is unreachable, not a bug. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const UNREACHABLE_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|connection error and is not queryable|Client was closed and is not queryable|socket has been ended by the other party|terminating connection due to administrator command|Timeout acquiring a connection|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * True when `error` (or one of its causes) says the database is unreachable
 * (PostgreSQL stopped or restarting, a connection cut): the client gets
 * SERVICE_UNAVAILABLE, worth a retry, instead of INTERNAL_SERVER_ERROR. After a
 * cut COMMIT the write may or may not have happened; a retry with the same
 * idempotency key answers with the one that did.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if (current instanceof AppError) return false;
    const { code, message, cause, name } = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    // MikroORM's wrapper for a lost or refused connection, whatever the driver said.
    if (name === 'ConnectionException') return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}

/** Maps a thrown value (the GraphQLError's originalError) to what the client sees. */
export function toClientError(
  error: unknown,
): { message: string; code: ErrorCode | string; fields?: FieldError[]; details?: Record<string, unknown> } | null {
  if (error instanceof AppError) {
    return {
      message: error.message,
      code: error.code,
      ...(error.fields.length ? { fields: error.fields } : {}),
      ...(Object.keys(error.details).length ? { details: error.details } : {}),
    };
  }
  if (error instanceof GraphQLError && TOKEN_LIMIT.test(error.message)) {
    const max = QUERY_LIMITS.maxTokens;
    return { message: `Token limit of ${max} exceeded`, code: ErrorCode.QUERY_TOO_COMPLEX, details: { limit: 'tokens', max } };
  }
  if (error instanceof ArgumentValidationError) {
    const fields = flattenValidation(error.extensions.validationErrors as ValidationError[]);
    return { message: AppError.badInput(fields).message, code: ErrorCode.BAD_USER_INPUT, fields };
  }
  if (isDatabaseUnavailable(error)) {
    return { message: 'The database is unavailable; try again shortly', code: ErrorCode.SERVICE_UNAVAILABLE, details: { retryAfter: 1 } };
  }
  return null;
}

/**
 * Apollo's formatError hook: the one place where errors become client-facing.
 * Unknown errors are logged in full and replaced by a generic message.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const mapped = toClientError(original);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (mapped) {
      const { message, code, fields, details } = mapped;
      return { ...base, message, extensions: { ...details, code, ...(fields ? { fields } : {}) } };
    }
    const code = formatted.extensions?.code;
    // graphql-js errors (syntax, validation, variable coercion) have no originalError.
    const isOwnGraphQLError = error instanceof GraphQLError && !error.originalError;
    // Apollo labels a codeless error raised before execution INTERNAL_SERVER_ERROR (a persisted-query
    // hash that does not match its query, graphql-js's "too many errors processing variables"): the request's fault.
    if (isOwnGraphQLError && code === 'INTERNAL_SERVER_ERROR') return { ...base, extensions: { code: 'BAD_REQUEST' } };
    if (typeof code === 'string' && PASS_THROUGH.has(code) && (isOwnGraphQLError || code !== 'INTERNAL_SERVER_ERROR')) {
      return { ...base, extensions: { code } };
    }
    if (isOwnGraphQLError) return { ...base, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    // A variable that does not coerce (graphql-js points at its definition): Apollo codes it BAD_USER_INPUT, graphql-ws does not.
    if (error instanceof GraphQLError && error.nodes?.length === 1 && error.nodes[0]!.kind === Kind.VARIABLE_DEFINITION) {
      return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
    return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
