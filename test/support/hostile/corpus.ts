/**
 * A deterministic corpus of hostile GraphQL requests: the same seed gives the
 * same requests, in the same order, on every machine. Each request is what a
 * careless or malicious client could send to /graphql — malformed bodies and
 * content types, documents that are too deep, too wide, too aliased or
 * self-referencing, huge or broken strings, variables of the wrong type,
 * operation names that do not match, introspection abuse, subscriptions
 * over HTTP, mutations over GET. The reliability tests send them and check
 * every answer with `problemsOf` (verdict.ts).
 */
import { toGlobalId } from '../../../server/src/graphql/global-id.js';
import { mulberry32, type Rng } from '../../../server/src/db/seed/prng.js';

/** One request as sent over HTTP (and, when `ws` is set, as a graphql-ws subscribe payload too). */
export interface HostileRequest {
  /** The family it belongs to, and which variant, for reports ("deep/selection 812"). */
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
  /** Query string for GET (without the `?`). */
  search?: string;
  /** Content type; null sends none. */
  contentType: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The same operation as a graphql-ws payload, when it is one. */
  ws?: { query: string; variables?: Record<string, unknown>; operationName?: string };
}

/** IDs that exist in the database the corpus is sent to. */
export interface CorpusTargets {
  customerIds: string[];
  serviceAccountIds: string[];
  orgUnitIds: string[];
  userIds: string[];
}

/** The generator's random helpers over one seeded stream. */
class Draw {
  constructor(readonly rng: Rng) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  /** A size spread over orders of magnitude (log-uniform) in [min, max]. */
  size(min: number, max: number): number {
    return Math.round(min * (max / min) ** this.rng());
  }
}

/** JSON text in which `raw(…)` values are written verbatim: number text JSON.stringify cannot write (1e400, -0, 2^63). */
// Printable, so JSON.stringify leaves it as it is for the replacement to find.
const RAW_MARK = '~raw~';
function raw(text: string): string {
  return `${RAW_MARK}${text}`;
}
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`"${RAW_MARK}([^"]*)"`, 'g'), (_m, text: string) => text);
}

const json = (kind: string, payload: unknown, extra: Partial<HostileRequest> = {}): HostileRequest => {
  const p = payload as { query?: unknown; variables?: unknown; operationName?: unknown };
  const wsable =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload) && typeof p.query === 'string' && !JSON.stringify(payload).includes(RAW_MARK);
  return {
    kind,
    method: 'POST',
    contentType: 'application/json',
    body: toJson(payload),
    ...(wsable
      ? {
          ws: {
            query: p.query as string,
            ...(p.variables && typeof p.variables === 'object' && !Array.isArray(p.variables) ? { variables: p.variables as Record<string, unknown> } : {}),
            ...(typeof p.operationName === 'string' ? { operationName: p.operationName } : {}),
          },
        }
      : {}),
    ...extra,
  };
};

/** Operations a real client sends, used as the base of mutations (truncation, wrong variables). */
const VALID = [
  { query: '{ me { __typename } }' },
  { query: 'query Customers($first: Int!, $filter: CustomerFilter) { customers(first: $first, filter: $filter) { totalCount edges { node { id name tier } } pageInfo { endCursor } } }', variables: { first: 5, filter: { search: '酒店' } } },
  { query: 'query One($id: ID!) { customer(id: $id) { id name status orgUnit { name } } }' },
  { query: 'query Node($id: ID!) { node(id: $id) { id __typename } }' },
  { query: 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }' },
  { query: '{ orgUnits { id name kind parent { id } } }' },
  { query: 'query Expiring($days: Int!) { expiringContracts(withinDays: $days, first: 5) { totalCount } }', variables: { days: 30 } },
  { query: 'query Daily($date: String) { dailyReport(date: $date) { __typename } }' },
  { query: 'mutation Pay($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id amount } replayed } }' },
  { query: 'mutation Visit($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }' },
  { query: 'mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }' },
];

/** Values of the wrong type or at the edge of a type, for any variable. */
function oddValue(d: Draw, t: CorpusTargets): unknown {
  const pool: Array<() => unknown> = [
    () => d.pick(['1', 'abc', '', ' ', 'null', 'true', '[]', '{}']),
    () => d.pick<unknown>([{}, [], { a: 1 }, [1, 2], [[]], [null], JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } }]),
    () => d.pick([true, false, null]),
    () => d.pick([1e308, -1e308, 5e-324, 1.5, -1, 0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2]),
    () => raw(d.pick(['1e400', '-1e400', '-0', '-0.0', '9223372036854775808', '18446744073709551616', '1' + '0'.repeat(400), '0.' + '0'.repeat(300) + '1', '1E+2', '-9223372036854775809'])),
    () => d.pick(['NaN', 'Infinity', '-Infinity', '+1', '-0', '1e5', '1E5', '١٢', '١٢٫٥', '１２', ' 1.00', '1.00 ', '0x10', '0b1', '0o7', '1_000', '1,000.00', '1.005', '.5', '5.', '--1', '1e-2', '12345678901234.56', '99999999999999999999.99', '\u00a01']),
    () => bogusId(d, t),
    () => d.pick(['\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\uffff', '\ufeff', '\u202e反向', '𝕏'.repeat(d.int(1, 50)), '👨‍👩‍👧‍👦'.repeat(d.int(1, 20))]),
    () => d.pick(["' OR '1'='1", '"; DROP TABLE customer; --', '$1', '%', '_', '\\', '%%%_\\_', '${jndi:ldap://x}', '../../etc/passwd', '<script>alert(1)</script>']),
    () => 'x'.repeat(d.size(1_000, 200_000)),
    () => d.pick(['2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '-001-01-01', '2026-1-1', '20261126', '2026-11-26T25:00:00Z', '2026-11-26T00:00:00+99:00', '1970-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z']),
  ];
  return d.pick(pool)();
}

/** Global IDs that are not what they claim, or not IDs at all. */
function bogusId(d: Draw, t: CorpusTargets): string {
  const real = d.pick([t.customerIds, t.serviceAccountIds, t.orgUnitIds, t.userIds].filter((ids) => ids.length > 0));
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return d.pick<() => string>([
    () => b64(`Customer:${d.pick(['0', '-1', '99999999999', '2147483648', '1.5', '1e3', '01', ' 1', '1\u0000', ''])}`),
    () => b64(`${d.pick(['User', 'OrgUnit', 'ApiKey', 'Nope', 'customer', '', '__proto__', 'constructor'])}:${d.int(1, 2_147_483_647)}`),
    () => toGlobalId('Customer', d.int(1_000_000, 2_147_483_647)),
    () => d.pick(real ?? ['']),
    () => `${d.pick(real ?? ['x'])}==`,
    () => d.pick(['', '=', '====', 'Q3VzdG9tZXI6MQ==', 'Q3VzdG9tZXI6MQ', '!!!', '客户:1', '1', '0', '-1', 'null', 'undefined']),
    () => 'A'.repeat(d.size(100, 100_000)),
    () => b64(`Customer:${'9'.repeat(d.int(10, 400))}`),
  ])();
}

/** `depth` openings, the inner text, `depth` closings: `{ a { a { x } } }`, `[[[1]]]`. */
function nest(open: string, inner: string, close: string, depth: number): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

type Family = (d: Draw, t: CorpusTargets) => HostileRequest;

const FAMILIES: Array<{ name: string; weight: number; make: Family }> = [
  {
    name: 'malformed/syntax',
    weight: 10,
    make: (d) => {
      const base = d.pick(VALID).query;
      const chars = [...base];
      const edits = d.int(1, 6);
      for (let i = 0; i < edits; i++) {
        const at = d.int(0, chars.length);
        const op = d.int(0, 2);
        const junk = d.pick(['{', '}', '(', ')', '[', ']', '$', '@', '!', ':', '"', '"""', '...', '#', '\\', '\u0000', '\ud800', '\t', ',', '=', '|', '&', '0x', '$$', '…']);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, junk);
        else chars.splice(at, 1, junk);
      }
      return json('malformed/syntax', { query: chars.join('') });
    },
  },
  {
    name: 'malformed/truncated',
    weight: 6,
    make: (d) => {
      const base = d.pick(VALID);
      const text = toJson({ query: base.query, variables: base.variables ?? {} });
      if (d.chance(0.5)) return json('malformed/truncated-document', { query: base.query.slice(0, d.int(0, base.query.length - 1)) });
      return { kind: 'malformed/truncated-json', method: 'POST', contentType: 'application/json', body: text.slice(0, d.int(0, text.length - 1)) };
    },
  },
  {
    name: 'malformed/body',
    weight: 8,
    make: (d) => {
      const bodies: Array<() => string | Buffer> = [
        () => '',
        () => d.pick(['null', '1', '-0', 'true', '"query"', '[]', '{}', '[[]]', '{"query"}', "{'query': '{ me { __typename } }'}", '{"query": "{ me { __typename } }",}', 'undefined', 'NaN', '{"a":1}{"b":2}']),
        () => Buffer.from(Array.from({ length: d.size(1, 5_000) }, () => d.int(0, 255))),
        () => '{'.repeat(d.size(10, 100_000)),
        () => '['.repeat(d.size(10, 100_000)) + ']'.repeat(d.size(1, 10)),
        () => `{"query": "{ me { __typename } }", "variables": ${'{"a":'.repeat(d.size(10, 5_000))}1${'}'.repeat(d.size(1, 5_000))}}`,
        () => '\ufeff{"query": "{ me { __typename } }"}',
        () => Buffer.concat([Buffer.from('{"query": "{ me { __typename } }", "variables": {"x": "'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), Buffer.from('"}}')]),
        () => Buffer.from('{"query": "{ me { __typename } }"}', 'utf16le'),
      ];
      return { kind: 'malformed/body', method: 'POST', contentType: 'application/json', body: d.pick(bodies)() };
    },
  },
  {
    name: 'malformed/content-type',
    weight: 6,
    make: (d) => {
      const query = d.pick(VALID).query;
      const form = `query=${encodeURIComponent(query)}`;
      const variants: Array<() => HostileRequest> = [
        () => ({ kind: 'content-type/text', method: 'POST', contentType: 'text/plain', body: toJson({ query }) }),
        () => ({ kind: 'content-type/text-preflight', method: 'POST', contentType: 'text/plain', headers: { 'apollo-require-preflight': 'true' }, body: toJson({ query }) }),
        () => ({ kind: 'content-type/graphql', method: 'POST', contentType: 'application/graphql', headers: { 'apollo-require-preflight': 'true' }, body: query }),
        () => ({ kind: 'content-type/form', method: 'POST', contentType: 'application/x-www-form-urlencoded', body: form }),
        () => ({ kind: 'content-type/multipart', method: 'POST', contentType: 'multipart/form-data; boundary=x', body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${toJson({ query })}\r\n--x--` }),
        () => ({ kind: 'content-type/none', method: 'POST', contentType: null, body: toJson({ query }) }),
        () => ({ kind: 'content-type/charset', method: 'POST', contentType: `application/json; charset=${d.pick(['utf-16', 'latin1', 'ebcdic', 'x-unknown', 'utf-7', '""'])}`, body: toJson({ query }) }),
        () => ({ kind: 'content-type/encoding', method: 'POST', contentType: 'application/json', headers: { 'content-encoding': d.pick(['gzip', 'deflate', 'br', 'compress', 'gzip, gzip', 'x-bogus']) }, body: toJson({ query }) }),
        () => ({ kind: 'content-type/garbage', method: 'POST', contentType: d.pick(['application/json-patch+json', 'application/jsonx', '*/*', 'application/', ';;;', 'application/json; boundary=' + 'a'.repeat(2_000)]), body: toJson({ query }) }),
        () => ({ kind: 'content-type/accept', method: 'POST', contentType: 'application/json', headers: { accept: d.pick(['text/event-stream', 'multipart/mixed; deferSpec=20220824', 'application/xml', 'image/png', '*/*;q=0']) }, body: toJson({ query }) }),
        () => ({ kind: 'method/other', method: d.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const), contentType: 'application/json', body: d.chance(0.5) ? toJson({ query }) : undefined }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'malformed/shape',
    weight: 8,
    make: (d) => {
      const query = d.pick(VALID).query;
      const payloads: unknown[] = [
        { query: null },
        { query: d.int(-5, 5) },
        { query: raw('1e400') },
        { query: {} },
        { query: [query] },
        { query: true },
        {},
        { query, variables: d.pick(['{"first": 1}', 1, [], true, 'null']) },
        { query, operationName: d.pick([1, {}, [], true]) },
        { query, extensions: d.pick([1, 'x', [], { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } }, { persistedQuery: { version: 2 } }, { persistedQuery: null }]) },
        { extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } },
        { query, variables: null, operationName: null, extensions: null },
        { query, query2: query, __proto__: { query: '{ me { __typename } }' } },
      ];
      return json('malformed/shape', d.pick(payloads));
    },
  },
  {
    name: 'batch',
    weight: 6,
    make: (d, t) => {
      const op = () => {
        const base = d.pick(VALID);
        return d.chance(0.3) ? { query: base.query, variables: { first: oddValue(d, t), id: oddValue(d, t) } } : base;
      };
      const variants: Array<() => unknown> = [
        () => [],
        () => [null],
        () => [1, 'x', true],
        () => [{}],
        () => Array.from({ length: d.int(1, 10) }, op),
        () => Array.from({ length: d.size(11, 10_000) }, () => ({ query: '{ me { __typename } }' })),
        () => [[{ query: '{ me { __typename } }' }]],
        () => [op(), { query: null }, op()],
      ];
      return json('batch', d.pick(variants)());
    },
  },
  {
    name: 'deep',
    weight: 8,
    make: (d, t) => {
      const depth = d.size(50, 5_000);
      const variants: Array<() => HostileRequest> = [
        () => json('deep/selection', { query: `{ orgUnits ${nest('{ parent ', '{ id }', ' }', depth)} }` }),
        () => json('deep/braces', { query: nest('{ ', 'me', ' }', depth) }),
        () => json('deep/list-literal', { query: `{ nodes(ids: ${nest('[', '"x"', ']', depth)}) { id } }` }),
        () => json('deep/object-literal', { query: `{ customers(filter: ${nest('{ search: ', '"x"', ' }', depth)}) { totalCount } }` }),
        () => json('deep/variables', { query: VALID[1]!.query, variables: { first: 1, filter: JSON.parse(nest('{"search":', '"x"', '}', Math.min(depth, 2_000))) } }),
        () => json('deep/list-variable', { query: VALID[4]!.query, variables: { ids: JSON.parse(nest('[', `"${d.pick(t.customerIds.length ? t.customerIds : ['x'])}"`, ']', Math.min(depth, 2_000))) } }),
        () => {
          const n = Math.min(depth, 600);
          const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on OrgUnit { parent { ${i + 1 < n ? `...F${i + 1}` : 'id'} } }`);
          return json('deep/fragment-chain', { query: `{ orgUnits { ...F0 } } ${fragments.join(' ')}` });
        },
        () => json('deep/parentheses', { query: `{ customers${nest('(', '', ')', depth)} { totalCount } }` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'wide',
    weight: 6,
    make: (d) => {
      const width = d.size(1_000, 50_000);
      const variants: Array<() => HostileRequest> = [
        () => json('wide/fields', { query: `{ me { ${'__typename '.repeat(width)}} }` }),
        () => json('wide/distinct', { query: `{ orgUnits { ${Array.from({ length: width }, (_, i) => ['id', 'name', 'code', 'kind', 'timeZone'][i % 5]).join(' ')} } }` }),
        () => json('wide/variables', { query: `query Wide(${Array.from({ length: width }, (_, i) => `$v${i}: Int`).join(', ')}) { me { __typename } }` }),
        () => json('wide/variable-values', { query: VALID[0]!.query, variables: Object.fromEntries(Array.from({ length: width }, (_, i) => [`v${i}`, i])) }),
        () => json('wide/arguments', { query: `{ customers(${Array.from({ length: width }, (_, i) => `a${i}: ${i}`).join(', ')}) { totalCount } }` }),
        () => json('wide/directives', { query: `{ me ${'@include(if: true) '.repeat(Math.min(width, 20_000))}{ __typename } }` }),
        () => json('wide/operations', { query: Array.from({ length: Math.min(width, 5_000) }, (_, i) => `query Q${i} { me { __typename } }`).join(' '), operationName: `Q${d.int(0, 10)}` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'aliased',
    weight: 6,
    make: (d) => {
      const count = d.size(31, 5_000);
      const field = d.pick([
        'customers(first: 100) { totalCount edges { node { id name } } }',
        'orgUnits { id name }',
        'expiringContracts(withinDays: 365, first: 100) { totalCount }',
        'dailyReport { __typename }',
        '__schema { types { name } }',
        'node(id: "x") { id }',
      ]);
      const aliases = Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
      return json('aliased', { query: d.chance(0.2) ? `{ me { ${Array.from({ length: count }, (_, i) => `t${i}: __typename`).join(' ')} } }` : `{ ${aliases} }` });
    },
  },
  {
    name: 'fragments',
    weight: 6,
    make: (d) => {
      const variants: Array<() => HostileRequest> = [
        () => json('fragments/self-cycle', { query: '{ ...A } fragment A on Query { me { __typename } ...A }' }),
        () => json('fragments/pair-cycle', { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
        () => {
          const n = d.size(3, 2_000);
          const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${(i + 1) % n} }`);
          return json('fragments/long-cycle', { query: `{ ...F0 } ${fragments.join(' ')}` });
        },
        () => {
          // The billion-laughs document: each level spreads the one below twice.
          const levels = d.int(10, 60);
          const fragments = Array.from({ length: levels }, (_, i) =>
            i === 0 ? 'fragment L0 on OrgUnit { id name }' : `fragment L${i} on OrgUnit { ...L${i - 1} ...L${i - 1} }`,
          );
          return json('fragments/bomb', { query: `{ orgUnits { ...L${levels - 1} } } ${fragments.join(' ')}` });
        },
        () => {
          const levels = d.int(5, 30);
          const fragments = Array.from({ length: levels }, (_, i) =>
            i === 0 ? 'fragment L0 on OrgUnit { id }' : `fragment L${i} on OrgUnit { a: parent { ...L${i - 1} } b: parent { ...L${i - 1} } }`,
          );
          return json('fragments/bomb-nested', { query: `{ orgUnits { ...L${levels - 1} } } ${fragments.join(' ')}` });
        },
        () => json('fragments/unknown', { query: '{ ...Missing }' }),
        () => json('fragments/wrong-type', { query: '{ ...F } fragment F on Customer { id }' }),
        () => json('fragments/unused', { query: `{ me { __typename } } ${Array.from({ length: d.size(1, 3_000) }, (_, i) => `fragment U${i} on Query { me { __typename } }`).join(' ')}` }),
        () => json('fragments/inline-nest', { query: `{ ${nest('... on Query { ', 'me { __typename }', ' }', d.size(10, 3_000))} }` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'huge-strings',
    weight: 1,
    make: (d) => {
      const megabytes = d.pick([0.5, 1, 2, 4, 6, 8]);
      const unit = d.pick(['x', '客', '𝕏', '\u0000', 'ab\u0000', '\ud800', '\\']);
      // Sized by the bytes on the wire: '\u0000' is six bytes of JSON, '客' three.
      const text = unit.repeat(Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(JSON.stringify(unit).slice(1, -1))));
      const variants: Array<() => HostileRequest> = [
        () => json('huge/variable', { query: VALID[1]!.query, variables: { first: 1, filter: { search: text } } }),
        () => json('huge/literal', { query: `{ customers(first: 1, filter: { search: ${JSON.stringify(text)} }) { totalCount } }` }),
        () => json('huge/operation-name', { query: VALID[0]!.query, operationName: text }),
        () => json('huge/query-comment', { query: `# ${text.replace(/\n/g, ' ')}\n{ me { __typename } }` }),
        () => json('huge/block-string', { query: `{ customers(first: 1, filter: { search: """${text.replace(/"""/g, '')}""" }) { totalCount } }` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'broken-strings',
    weight: 6,
    make: (d, t) => {
      const value = d.pick(['\u0000', 'a\u0000b', '\ud800', '\udc00x', '\ud83d', 'ok\ufffe', '\u202e', '%\u0000%', '\u0000'.repeat(d.int(1, 1_000))]);
      const variants: Array<() => HostileRequest> = [
        () => json('strings/search', { query: VALID[1]!.query, variables: { first: 5, filter: { search: value } } }),
        () => json('strings/literal', { query: `{ customers(first: 1, filter: { search: ${JSON.stringify(value)} }) { totalCount } }` }),
        () => json('strings/id', { query: VALID[2]!.query, variables: { id: value } }),
        () => json('strings/account-number', { query: 'query A($n: String!) { serviceAccount(accountNumber: $n) { id } }', variables: { n: value } }),
        () => json('strings/date', { query: VALID[7]!.query, variables: { date: value } }),
        () => json('strings/create', {
          query: VALID[10]!.query,
          variables: { input: { name: `客户${value}`, uscc: value, kind: 'HOTEL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: d.pick(t.orgUnitIds.length ? t.orgUnitIds : ['x']) } },
        }),
        () => json('strings/login', { query: 'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }', variables: { input: { login: `fuzz${value}`, password: value } } }),
        () => json('strings/operation-name', { query: VALID[0]!.query, operationName: value }),
        () => json('strings/in-document', { query: `{ me { __typename } } # ${value}` }),
        () => ({
          kind: 'strings/raw-bytes',
          method: 'POST',
          contentType: 'application/json',
          body: Buffer.concat([
            Buffer.from(`{"query": ${JSON.stringify(VALID[1]!.query)}, "variables": {"first": 1, "filter": {"search": "`),
            Buffer.from(Array.from({ length: d.int(1, 64) }, () => d.pick([0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf5, 0xff, 0xfe]))),
            Buffer.from('"}}}'),
          ]),
        }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'wrong-variables',
    weight: 14,
    make: (d, t) => {
      const account = d.pick(t.serviceAccountIds.length ? t.serviceAccountIds : ['x']);
      const variants: Array<() => HostileRequest> = [
        () => json('variables/first', { query: VALID[1]!.query, variables: { first: oddValue(d, t) } }),
        () => json('variables/filter', { query: VALID[1]!.query, variables: { first: 3, filter: { [d.pick(['search', 'kinds', 'tiers', 'statuses', 'minMonthlyConsumption', 'orgUnitId', 'responsibleRepId', 'developedFrom', 'dishonest', 'nearStation', 'industries', 'riskLevels', 'bogus'])]: oddValue(d, t) } } }),
        () => json('variables/enum-object', { query: 'query O($o: CustomerOrder!) { customers(first: 1, orderBy: $o) { totalCount } }', variables: { o: d.pick([{ value: 'NAME_ASC' }, ['NAME_ASC'], 'name_asc', 'NAME_ASC ', '', 0, 'CREATED_AT_DESC\u0000', '__proto__']) } }),
        () => json('variables/id', { query: d.pick([VALID[2]!.query, VALID[3]!.query]), variables: { id: d.chance(0.7) ? bogusId(d, t) : oddValue(d, t) } }),
        () => json('variables/ids', { query: VALID[4]!.query, variables: { ids: Array.from({ length: d.pick([0, 1, 5, 100, 101, 1_000]) }, () => (d.chance(0.5) ? bogusId(d, t) : oddValue(d, t))) } }),
        () => json('variables/int', { query: VALID[6]!.query, variables: { days: oddValue(d, t) } }),
        () => json('variables/date', { query: VALID[7]!.query, variables: { date: oddValue(d, t) } }),
        () => json('variables/decimal-filter', { query: VALID[1]!.query, variables: { first: 1, filter: { minMonthlyConsumption: decimalEdge(d) } } }),
        () =>
          json('variables/payment', {
            query: VALID[8]!.query,
            variables: {
              input: {
                serviceAccountId: d.chance(0.6) ? account : bogusId(d, t),
                amount: d.chance(0.7) ? decimalEdge(d) : oddValue(d, t),
                channel: d.pick(['CASH', 'BANK_TRANSFER', 'WECHAT', 'cash', 'NOPE', { x: 1 }, 1]),
                paidAt: d.chance(0.5) ? '2026-11-01T08:00:00+08:00' : oddValue(d, t),
                idempotencyKey: d.chance(0.7) ? `fuzz-${d.int(0, 1e9)}` : oddValue(d, t),
                ...(d.chance(0.3) ? { allocateTo: [{ billId: bogusId(d, t), amount: decimalEdge(d) }] } : {}),
              },
            },
          }),
        () =>
          json('variables/visit', {
            query: VALID[9]!.query,
            variables: { input: { customerId: d.pick(t.customerIds.length ? t.customerIds : ['x']), [d.pick(['channel', 'summary', 'visitedAt', 'promiseAmount', 'promiseDate', 'participantIds', 'kind'])]: oddValue(d, t) } },
          }),
        () => json('variables/missing', { query: d.pick(VALID).query }),
        () => json('variables/undeclared', { query: '{ customers(first: $first) { totalCount } }', variables: { first: 1 } }),
        () => json('variables/type-mismatch', { query: 'query M($first: String) { customers(first: $first) { totalCount } }', variables: { first: '1' } }),
        () => json('literals/int', { query: `{ customers(first: ${d.pick(['99999999999999999999', '-1', '0', '1.5', '1e3', '"1"', 'null', 'NaN', '0x10', '2147483648', '-2147483649'])}) { totalCount } }` }),
        () => json('literals/decimal', { query: `{ customers(first: 1, filter: { minMonthlyConsumption: ${d.pick(['1e5', '"1e5"', '"١٢"', '" 1.00"', '"0x10"', '1.5', '"-0"', '"1.005"', '"NaN"', '"Infinity"', '"999999999999999.99"'])} }) { totalCount } }` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'operations',
    weight: 6,
    make: (d) => {
      const two = 'query A { me { __typename } } query B { orgUnits { id } }';
      const payloads: unknown[] = [
        { query: two },
        { query: two, operationName: 'C' },
        { query: two, operationName: '' },
        { query: '{ me { __typename } }', operationName: 'Named' },
        { query: 'query A { me { __typename } } query A { me { __typename } }', operationName: 'A' },
        { query: '{ me { __typename } } { orgUnits { id } }' },
        { query: 'fragment F on Query { me { __typename } }' },
        { query: '' },
        { query: '   \n\t ' },
        { query: '# only a comment' },
        { query: 'type Query { x: Int }' },
        { query: 'schema { query: Query }' },
        { query: '{ nope }' },
        { query: '{ me { nope } }' },
        { query: '{ customers { totalCount } }' },
        { query: 'query { __typename }' },
        { query: 'mutation { __typename }' },
        { query: 'mutation { nope(input: {}) { x } }' },
        { query: '{ me @nope { __typename } }' },
        { query: '{ me @include { __typename } }' },
        { query: 'query Q($v: Nope) { me { __typename } }', variables: { v: 1 } },
        { query: 'query Q($v: Int = "x") { me { __typename } }' },
        { query: 'query Q($v: Int!) { me { __typename } }' },
        { query: 'query Q($v: [[[Int!]!]!]!) { me { __typename } }', variables: { v: [[[1]]] } },
        { query: `query ${d.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])} { me { __typename } }`, operationName: d.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty']) },
      ];
      return json('operations', d.pick(payloads));
    },
  },
  {
    name: 'introspection',
    weight: 5,
    make: (d) => {
      const depth = d.size(5, 2_000);
      const variants: Array<() => HostileRequest> = [
        () => json('introspection/of-type', { query: `{ __schema { types { fields { type ${nest('{ ofType ', '{ name }', ' }', depth)} } } } }` }),
        () => json('introspection/fields-cycle', { query: `{ __schema { types ${nest('{ fields { type ', '{ name }', ' } }', Math.min(depth, 400))} } }` }),
        () => json('introspection/aliases', { query: `{ ${Array.from({ length: d.size(2, 2_000) }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }` }),
        () => json('introspection/type-name', { query: 'query T($n: String!) { __type(name: $n) { name fields { name } } }', variables: { n: d.pick(['Customer', '', '\u0000', 'x'.repeat(d.size(1, 1_000_000)), '__Schema', 'Query']) } }),
        () => json('introspection/typename-everywhere', { query: '{ __typename a: __typename b: __typename me { __typename } }' }),
        () => json('introspection/interfaces', { query: `{ __schema { types { possibleTypes ${nest('{ interfaces { possibleTypes ', '{ name }', ' } }', Math.min(depth, 300))} } } }` }),
      ];
      return d.pick(variants)();
    },
  },
  {
    name: 'subscription-over-http',
    weight: 3,
    make: (d) => {
      const query = d.pick([
        'subscription { customerChanged { customer { id } } }',
        'subscription { arrearsAlerts { __typename } }',
        'subscription { customerChanged { customer { id } } alertChanged { __typename } }',
        'subscription S { __typename }',
      ]);
      return json('subscription-over-http', { query }, d.chance(0.5) ? { headers: { accept: 'multipart/mixed;subscriptionSpec="1.0", application/json' } } : {});
    },
  },
  {
    name: 'get',
    weight: 5,
    make: (d) => {
      const query = d.pick([
        'mutation { logout(input: { refreshToken: "x" }) { __typename } }',
        'mutation { runDailyScan { __typename } }',
        '{ me { __typename } }',
        'subscription { customerChanged { customer { id } } }',
        'query A { me { __typename } } mutation B { __typename }',
      ]);
      const params = new URLSearchParams({ query });
      if (d.chance(0.3)) params.set('operationName', d.pick(['A', 'B', 'C']));
      if (d.chance(0.3)) params.set('variables', d.pick(['{', '[]', '1', '{"a":1}', 'null']));
      if (d.chance(0.2)) params.set('extensions', d.pick(['{', '{"persistedQuery":{"version":1,"sha256Hash":"x"}}']));
      const search = d.chance(0.1) ? `query=${'x'.repeat(d.size(1_000, 100_000))}` : d.chance(0.05) ? '' : params.toString();
      return {
        kind: 'get',
        method: 'GET',
        search,
        contentType: null,
        headers: d.chance(0.7) ? { 'apollo-require-preflight': 'true' } : ({} as Record<string, string>),
      };
    },
  },
];

/** Decimal strings on and over the edge of `numeric(14,2)` and of the Decimal scalar's pattern. */
export const DECIMAL_EDGES = [
  '0', '-0', '0.00', '-0.00', '0.01', '-0.01', '1', '1.5', '1.50', '1.005', '999999999999.99', '-999999999999.99', '1000000000000',
  '1e5', '1E5', '١٢', '１２', ' 1.00', '1.00 ', '0x10', '+1', '.5', '5.', '00.1', '01', 'NaN', 'Infinity', '-', '', '1,5', '1_000',
];

function decimalEdge(d: Draw): unknown {
  return d.chance(0.9) ? d.pick(DECIMAL_EDGES) : d.pick([1.5, 0, -0, 1e308, raw('1e400'), raw('-0'), null, {}, []]);
}

const TOTAL_WEIGHT = FAMILIES.reduce((sum, f) => sum + f.weight, 0);

/**
 * The corpus: `count` requests drawn from the families by weight. Request
 * `i` depends only on the seed and `i`, so a failing one can be replayed
 * alone (`hostileRequest(seed, i, targets)`).
 */
export function* hostileCorpus(seed: number, count: number, targets: CorpusTargets): Generator<HostileRequest & { index: number; family: string }> {
  for (let index = 0; index < count; index++) yield { ...hostileRequest(seed, index, targets), index };
}

export function hostileRequest(seed: number, index: number, targets: CorpusTargets): HostileRequest & { family: string } {
  const d = new Draw(mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  let roll = d.rng() * TOTAL_WEIGHT;
  const family = FAMILIES.find((f) => (roll -= f.weight) < 0) ?? FAMILIES[0]!;
  return { ...family.make(d, targets), family: family.name };
}

/** The families' names, for reports. */
export const FAMILY_NAMES = FAMILIES.map((f) => f.name);
