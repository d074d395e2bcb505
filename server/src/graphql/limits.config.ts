/**
 * Every limit a GraphQL request meets, in one place: how deep, how wide and
 * how expensive one operation may be, how many operations one HTTP request
 * may batch, how many rows a page may hold and how often a user may call.
 * An error names the limit and the value it found here. A partner's rate
 * limit is not here: each API key carries its own (`api_key.rate_limit_per_minute`,
 * default `AUTH_POLICY.defaultApiKeyRatePerMinute`).
 *
 * Sized against the real callers: the console (a customer list of 100 rows
 * with contacts, rep and station; a customer-360 view with a few nested
 * lists; colocated fragments) and partner tools (BI exports page by page,
 * code generators that send the standard introspection query).
 */

/** What one field adds to an operation's cost (see `QUERY_LIMITS.cost`). */
export interface FieldCost {
  /** Cost of the field itself, before its list size multiplies it. */
  cost?: number;
  /** Rows a list field is assumed to hold when no argument says. */
  listSize?: number;
  /** The argument that bounds the list: a number (`first`) or a list whose length counts (`ids`). */
  sizeArgument?: string;
}

/** A positive integer from the environment, or the default. */
function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export const QUERY_LIMITS = {
  /**
   * Field nesting (graphql-armor max-depth; fragments do not add a level,
   * introspection's `__schema` is exempt and bounded by graphql-js's own
   * MaxIntrospectionDepthRule). A connection takes three levels
   * (`contracts > edges > node`), so three nested lists under a customer
   * plus a couple of object hops (`recordedBy > orgUnit > name`) reach 13;
   * 15 leaves room for that and still stops `parent { parent { … } }` chains.
   */
  maxDepth: 15,

  /**
   * Aliased fields per operation (graphql-armor max-aliases). A dashboard
   * aliases one count per status or tier (`active: customers(…) { totalCount }`),
   * about 20 at most; aliases are how one request multiplies work, so not more.
   */
  maxAliases: 30,

  /**
   * Directives per operation (graphql-armor max-directives). The console uses
   * a handful of `@include`/`@skip`; thousands of repeated directives are a
   * known way to burn validation CPU.
   */
  maxDirectives: 20,

  /**
   * Lexical tokens per document (graphql-js `parse(…, { maxLexicalTokens })`, the
   * same count graphql-armor's max-tokens makes, checked while parsing so a
   * huge document is never fully parsed). The standard introspection query
   * (all options on) is 184 tokens and the console's largest operation
   * today about 90; 3,000 leaves room for a customer-360 view built from
   * colocated fragments and for generated partner queries.
   */
  maxTokens: 3_000,

  /** Cost of an operation (graphql-query-complexity), checked with the request's variables. */
  cost: {
    /**
     * Budget per operation: roughly the objects one request may load (a
     * page multiplies everything under its connection by `first`). A full
     * console page (100 customers with station, rep and contacts, total
     * count and page info) costs 1,800; a customer-360 view plus the org
     * tree about 650. A list of 100 inside a page of 100 (10,000 rows) is
     * far over it and has to be paged instead.
     */
    max: 5_000,
    /** A field returning an object: typically one row, loaded by a DataLoader. */
    objectField: 1,
    /** A scalar or enum field: read with its row, no extra work. */
    scalarField: 0,
    /** Rows assumed for a list field that has neither a size argument nor an entry below. */
    defaultListSize: 10,
    /**
     * Fields that differ from the defaults. Every field with a `first`
     * argument (every connection) is sized by it automatically; the
     * `edges` of a `…Connection` count once, as the connection already
     * multiplied by `first`.
     */
    fields: {
      'Query.nodes': { sizeArgument: 'ids' },
      // The whole visible org tree, flat: a provincial company has a few hundred units.
      'Query.orgUnits': { listSize: 300 },
      'OrgUnit.children': { listSize: 20 },
      // Contacts of one customer: a handful.
      'Customer.contacts': { listSize: 5 },
      // Visits: the last few of a customer (count ≤ 20), a handful of people each, one row per channel.
      'Customer.lastVisits': { sizeArgument: 'count' },
      'Visit.participants': { listSize: 3 },
      'VisitSummary.byChannel': { listSize: 5 },
      'VisitConnection.totalCount': { cost: 5 },
      // Contracts of one customer: a few, each with a few documents and a short timeline.
      'Customer.contracts': { listSize: 5 },
      'Contract.attachments': { listSize: 3 },
      'Contract.events': { listSize: 5 },
      'ContractConnection.totalCount': { cost: 5 },
      // Risk-ledger history of one customer: rarely more than a couple of periods, a plan of a few actions.
      'Customer.riskEntries': { listSize: 3 },
      'RiskEntry.plan': { listSize: 5 },
      'RiskEntryConnection.totalCount': { cost: 5 },
      // Lifecycle history of one customer: a few stages; customers it referred: a few.
      'Customer.statusHistory': { listSize: 5 },
      'Customer.referrals': { listSize: 3 },
      // Receivables: a bill is paid by one or two payments; a payment pays a few bills and is rarely refunded.
      'Bill.allocations': { listSize: 2 },
      'Payment.allocations': { listSize: 3 },
      'Payment.refunds': { listSize: 1 },
      // A count over the viewer's subtree: one extra SQL statement per connection.
      'CustomerConnection.totalCount': { cost: 5 },
      // A count over every timeline source of the customer: one extra statement.
      'TimelineConnection.totalCount': { cost: 5 },
    } satisfies Record<string, FieldCost> as Record<string, FieldCost>,
    /**
     * Fields the cost walk may visit after expanding fragments. Fragments
     * reused inside fragments multiply; past this the operation is rejected
     * instead of being costed.
     */
    maxEvaluatedFields: 10_000,
  },

  /**
   * Rows per page: `first` of every connection and the IDs of `nodes(ids:)`.
   * Checked before the request runs, and again by the resolvers' arguments.
   * A page of 100 keeps a list statement in the tens of milliseconds.
   */
  maxPageSize: 100,

  /**
   * Operations in one batched HTTP request (a JSON array body). Apollo
   * Client's BatchHttpLink sends at most 10 by default (`batchMax`). Each
   * operation is checked and rate-limited on its own.
   */
  maxBatchSize: 10,

  /**
   * Requests a staff user may make per minute, over all their tabs and
   * devices. A console page load sends 5–10 operations and a busy lead
   * clicks about once a second; 600 (10 a second, sustained) never stops a
   * person but stops a runaway script using their token. Load tests
   * signed in as one user raise it with `GRIDLINE_USER_REQUESTS_PER_MINUTE`.
   */
  userRequestsPerMinute: positiveIntFromEnv('GRIDLINE_USER_REQUESTS_PER_MINUTE', 600),

  /**
   * Schema introspection, on by default: partner tools (code generators,
   * BI connectors) read the schema from the API. `GRIDLINE_INTROSPECTION=false`
   * switches it off; the committed `schema/schema.graphql` is then the way
   * to share the contract.
   */
  introspection: process.env.GRIDLINE_INTROSPECTION !== 'false',
} as const;

/**
 * Customer import and export (modules/imports, README "Import and export").
 * An import file travels base64-encoded inside a GraphQL request, so the
 * request-body limit of /graphql follows from the file limit below.
 */
export const IMPORT_LIMITS = {
  /** Bytes of one import file (CSV or XLSX) once decoded: 5 MB. `GRIDLINE_IMPORT_MAX_BYTES`. */
  maxFileBytes: positiveIntFromEnv('GRIDLINE_IMPORT_MAX_BYTES', 5 * 1024 * 1024),
  /** Data rows of one import file, the header row not counted. `GRIDLINE_IMPORT_MAX_ROWS`. */
  maxRows: positiveIntFromEnv('GRIDLINE_IMPORT_MAX_ROWS', 20_000),
} as const;

/**
 * Largest request body /graphql accepts: a full import file in base64 (4/3 of
 * its size) plus the query around it, and never less than 1 MB.
 */
export const MAX_GRAPHQL_BODY_BYTES = Math.max(1024 * 1024, Math.ceil((IMPORT_LIMITS.maxFileBytes * 4) / 3) + 64 * 1024);
