/**
 * What every answer to a hostile or fuzzed request must look like, whatever
 * was sent: no 5xx, no stack frame or source path, no SQL or PostgreSQL error
 * text, and a GraphQL error always carries `extensions.code`
 * (graphql/errors.ts: errors are data, unknown errors show no detail).
 */

/** A response as the checks see it: status, content type and raw text. */
export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

const STACK_FRAME = /\n\s+at |^\s*at .+:\d+:\d+\)?$/m;
// The lookbehind and the bounded repeat keep the scan linear over megabyte-long echoed values.
const SOURCE_PATH = /(?:file:\/\/|node_modules|\/work\/|\/src\/|(?<![\w-])[\w-]{1,100}\.(?:ts|js|mjs|cjs):\d+)/;
/**
 * SQL and PostgreSQL error text: statements, the parser's and the catalog's
 * messages, constraint names, and SQLSTATE codes shown as such.
 */
const SQL_TEXT = [
  // A statement, not the English verb of graphql-js's messages ("must select only one top level field").
  /\bselect\s+(?:\*|distinct\b|count\(|"?\w+"?\.(?:\*|"?\w+"?))|\bselect\b[^.]{1,200}?\bfrom\s+"?\w+"?\s+(?:as\s+)?"?\w+"?\s+(?:where|join|left|order|limit)\b/i,
  /\binsert\s+into\b/i,
  /\bupdate\s+"?\w+"?\s+set\b/i,
  /\bdelete\s+from\b/i,
  /relation "/i,
  /syntax error at or near/i,
  /violates (?:foreign key|unique|check|not-null) constraint/i,
  /invalid input syntax for/i,
  /invalid byte sequence for encoding/i,
  /out of range for type/i,
  /\bcode['"]?\s*[:=]\s*['"]?(?:22|23|42|53|57|08|XX)[0-9A-Z]{3}\b/,
  /\bsqlState\b/i,
];

/** A GraphQL error code string, as the server puts it on every error. */
const CODE = /^[A-Z][A-Z_]+$/;

/** The problems of one response; empty when it is acceptable. */
export function problemsOf(response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  if (response.status === 429) problems.push('rate limited (429): the corpus was not exercised');
  // The messages are what a client reads; data may echo hostile input (a search string, a name) back.
  const texts: string[] = [];
  let parsed: unknown = undefined;
  if (response.contentType.includes('json')) {
    try {
      parsed = JSON.parse(response.text);
    } catch {
      problems.push('JSON content type with a body that is not JSON');
    }
  }
  if (parsed !== undefined) {
    const results = Array.isArray(parsed) ? parsed : [parsed];
    for (const result of results) {
      const errors = (result as { errors?: unknown })?.errors;
      if (errors === undefined) continue;
      if (!Array.isArray(errors)) {
        problems.push('errors is not a list');
        continue;
      }
      for (const error of errors as Array<{ message?: unknown; extensions?: { code?: unknown } }>) {
        // The strings themselves, not their JSON: escaping would hide `relation "x"` and the newline of a stack frame.
        texts.push(stringsIn(error).join('\n').slice(0, 1_000_000));
        const code = error?.extensions?.code;
        if (typeof code !== 'string' || !CODE.test(code)) problems.push(`error without extensions.code: ${JSON.stringify(error).slice(0, 200)}`);
        if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${String(error.message).slice(0, 200)}`);
        if (typeof error?.message !== 'string') problems.push('error without a message');
      }
    }
  } else {
    texts.push(response.text.slice(0, 100_000));
  }
  for (const text of texts) {
    if (STACK_FRAME.test(text)) problems.push(`stack frame: ${excerpt(text, STACK_FRAME)}`);
    if (SOURCE_PATH.test(text)) problems.push(`source path: ${excerpt(text, SOURCE_PATH)}`);
    for (const pattern of SQL_TEXT) if (pattern.test(text)) problems.push(`SQL text: ${excerpt(text, pattern)}`);
  }
  return problems;
}

/** The error codes in a JSON response (every result of a batch). */
export function codesOf(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    const results = Array.isArray(parsed) ? parsed : [parsed];
    return results.flatMap((r) => ((r as { errors?: Array<{ extensions?: { code?: string } }> })?.errors ?? []).map((e) => e.extensions?.code ?? '?'));
  } catch {
    return [];
  }
}

/** Every string (keys too) in a parsed JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

function excerpt(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + 120));
}
