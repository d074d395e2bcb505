// Reads the server's error contract (DESIGN.md, API conventions): bad input
// is a GraphQL error with extensions.code BAD_USER_INPUT and
// extensions.fields [{ field, message }] naming input fields; other failures
// carry UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED or
// SERVICE_UNAVAILABLE (the database is unreachable; both with
// extensions.retryAfter seconds). An HTTP error whose body is a GraphQL
// response (a 401 or 429 sent as application/json) is read the same way.
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'NETWORK'
  | 'UNKNOWN';

export interface ReadableError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldError[];
  /** The first error's extensions (`reason`, `retryAfter`, …), when the server sent any. */
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** Seconds to wait from a RATE_LIMITED error's extensions.retryAfter, if present. */
export function retryAfterSeconds(error: ReadableError): number | null {
  const value = error.extensions['retryAfter'];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

const KNOWN_CODES = new Set<ErrorCode>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);

function fieldErrorsOf(extensions: Record<string, unknown> | undefined): FieldError[] {
  const fields = extensions?.['fields'];
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { field, message } = item as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

interface RawError {
  readonly message: string;
  readonly extensions?: Record<string, unknown>;
}

function fromErrors(errors: readonly RawError[]): ReadableError {
  const first = errors[0];
  const rawCode = first?.extensions?.['code'];
  const code = KNOWN_CODES.has(rawCode as ErrorCode) ? (rawCode as ErrorCode) : 'UNKNOWN';
  return {
    code,
    message: errors.map((e) => e.message).join('; '),
    fields: errors.flatMap((e) =>
      e.extensions?.['code'] === 'BAD_USER_INPUT' ? fieldErrorsOf(e.extensions) : [],
    ),
    extensions: first?.extensions ?? {},
  };
}

/** The GraphQL errors in an HTTP error's body, if it has any. */
function errorsInBody(bodyText: string): RawError[] | null {
  try {
    const body = JSON.parse(bodyText) as { errors?: unknown };
    if (!Array.isArray(body.errors) || body.errors.length === 0) return null;
    return body.errors.flatMap((e: unknown) => {
      if (!e || typeof e !== 'object') return [];
      const { message, extensions } = e as Record<string, unknown>;
      return typeof message === 'string'
        ? [{ message, extensions: extensions && typeof extensions === 'object' ? (extensions as Record<string, unknown>) : undefined }]
        : [];
    });
  } catch {
    return null;
  }
}

export function readError(error: unknown): ReadableError {
  if (CombinedGraphQLErrors.is(error)) return fromErrors(error.errors);
  if (ServerError.is(error)) {
    const errors = errorsInBody(error.bodyText);
    if (errors?.length) return fromErrors(errors);
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'NETWORK', message, fields: [], extensions: {} };
}
