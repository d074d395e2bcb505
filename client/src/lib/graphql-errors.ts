// Reads the server's error contract (DESIGN.md, API conventions): bad input
// is a GraphQL error with extensions.code BAD_USER_INPUT and
// extensions.fields [{ field, message }] naming input fields; other failures
// carry UNAUTHENTICATED, FORBIDDEN, NOT_FOUND or CONFLICT.
import { CombinedGraphQLErrors } from '@apollo/client';

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
  | 'NETWORK'
  | 'UNKNOWN';

export interface ReadableError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldError[];
}

const KNOWN_CODES = new Set<ErrorCode>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
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

export function readError(error: unknown): ReadableError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const rawCode = first?.extensions?.['code'];
    const code = KNOWN_CODES.has(rawCode as ErrorCode) ? (rawCode as ErrorCode) : 'UNKNOWN';
    return {
      code,
      message: error.errors.map((e) => e.message).join('; '),
      fields: error.errors.flatMap((e) =>
        e.extensions?.['code'] === 'BAD_USER_INPUT' ? fieldErrorsOf(e.extensions) : [],
      ),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'NETWORK', message, fields: [] };
}
