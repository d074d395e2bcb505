/**
 * Query protection: the limits of `limits.config.ts` applied before any
 * resolver or SQL runs. Apollo Server (and graphql-ws, for subscriptions)
 * get them as parse options and validation rules, so a rejected request
 * never reaches authentication or the database.
 *
 * - depth, aliases, directives: graphql-armor's validation rules;
 * - tokens: graphql-js's own parser limit (graphql-armor's Apollo token
 *   plugin throws from a parsing hook, which Apollo Server 5 answers with a
 *   500; the count is the same);
 * - cost: graphql-query-complexity with per-field costs from the config,
 *   evaluated with the request's variables (`first: $n` costs what `$n` is);
 * - page size: `first` and `nodes(ids:)` checked with the variables, so a
 *   too-large page fails here as well as in the resolvers' arguments;
 * - batches: an express middleware in front of Apollo.
 *
 * Each rejection is an `AppError` (QUERY_TOO_COMPLEX, or BAD_USER_INPUT for
 * the page size) naming the limit and its value; `createFormatError` shows it.
 */
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  isListType,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLField,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { createComplexityRule, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { RequestHandler } from 'express';
import { AppError, ErrorCode } from './errors.js';
import { QUERY_LIMITS, type FieldCost } from './limits.config.js';
import { STATEMENTS_HEADER, statementsSoFar } from '../db/statement-counter.js';

/** What Apollo Server needs; spread into `new ApolloServer({ … })` and merge `plugins` with your own. */
export interface QueryProtection<TContext extends BaseContext> {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<TContext>[];
  parseOptions: ParseOptions;
  /**
   * No cache of validated documents: the cost and page-size rules depend on
   * the variables, so every request is validated (parsing and validating
   * an operation takes well under a millisecond).
   */
  documentStore: null;
  allowBatchedHttpRequests: true;
  introspection: boolean;
  /** Apollo's own removal of "Did you mean …" hints from validation errors. */
  hideSchemaDetailsFromClientErrors: true;
}

interface OperationRequest {
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/**
 * The variables and operation name of the request a document was parsed
 * for. Apollo validates with static rules; its `validationDidStart` hook
 * records the request here, keyed by the very document object it then
 * validates, so the rules can read the variables.
 */
const requests = new WeakMap<DocumentNode, OperationRequest>();

function requestOf(context: ValidationContext): OperationRequest {
  return requests.get(context.getDocument()) ?? { variables: {}, operationName: undefined };
}

export function createQueryProtection<TContext extends BaseContext>(): QueryProtection<TContext> {
  return {
    validationRules: queryLimitRules(),
    plugins: [
      {
        async requestDidStart() {
          return {
            async validationDidStart({ document, request }) {
              requests.set(document, { variables: request.variables ?? {}, operationName: request.operationName ?? undefined });
            },
          };
        },
      },
    ],
    parseOptions: { maxLexicalTokens: QUERY_LIMITS.maxTokens },
    documentStore: null,
    allowBatchedHttpRequests: true,
    introspection: QUERY_LIMITS.introspection,
    hideSchemaDetailsFromClientErrors: true,
  };
}

/** The limit rules, in the order their errors are listed. */
function queryLimitRules(): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true, ...reportAs('depth', 'Query depth', QUERY_LIMITS.maxDepth) },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...reportAs('aliases', 'Alias', QUERY_LIMITS.maxAliases) },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...reportAs('directives', 'Directive', QUERY_LIMITS.maxDirectives) },
    // Tokens: graphql-js's parser limit (see the top comment). Cost:
    // graphql-query-complexity, which knows per-field costs and variables.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Apollo's hideSchemaDetailsFromClientErrors removes the hint cleanly;
    // armor's Apollo plugin leaves "[Suggestion hidden]?" in the message.
    blockFieldSuggestion: { enabled: false },
  });
  return [...armor.protect().validationRules, pageSizeRule, costRule];
}

/**
 * graphql-armor callbacks that report a QUERY_TOO_COMPLEX error naming the
 * limit instead of the library's "Syntax Error: …" with code BAD_USER_INPUT.
 */
function reportAs(limit: string, what: string, max: number) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1]);
        context?.reportError(limitError(limit, max, `${what} limit of ${max} exceeded`, Number.isFinite(found) ? found : undefined));
      },
    ],
  };
}

/** A validation error whose original error is the AppError the client sees. */
function limitError(limit: string, max: number, message: string, found?: number): GraphQLError {
  const text = found === undefined ? message : `${message} (found ${found})`;
  const details = found === undefined ? { limit, max } : { limit, max, found };
  return new GraphQLError(text, { originalError: new AppError(ErrorCode.QUERY_TOO_COMPLEX, text, [], details) });
}

/** The operation that will run, and its variables coerced (null when they do not coerce: execution reports that). */
function selectedOperation(context: ValidationContext) {
  const request = requestOf(context);
  const operation = getOperationAST(context.getDocument(), request.operationName);
  if (!operation) return null;
  const { coerced, errors } = getVariableValues(context.getSchema(), operation.variableDefinitions ?? [], request.variables);
  if (errors?.length || !coerced) return null;
  return { operation, request, variables: coerced };
}

function fieldCost(parentType: string, field: GraphQLField<unknown, unknown>): FieldCost {
  return QUERY_LIMITS.cost.fields[`${parentType}.${field.name}`] ?? {};
}

/** The argument that sizes a list field: its configured one, or `first` on a connection. */
function sizeArgumentOf(parentType: string, field: GraphQLField<unknown, unknown>): string | undefined {
  return fieldCost(parentType, field).sizeArgument ?? (field.args.some((arg) => arg.name === 'first') ? 'first' : undefined);
}

function sizeOf(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Page size: `first` of every connection and the IDs of `nodes(ids:)`, with
 * the variables' values. BAD_USER_INPUT naming the argument, like the
 * resolvers' own check, so clients see one error shape.
 */
const pageSizeRule: ValidationRule = (context) => {
  const selected = selectedOperation(context);
  if (!selected) return {};
  const max = QUERY_LIMITS.maxPageSize;
  return {
    Field(node) {
      const field = context.getFieldDef();
      const parentType = context.getParentType();
      if (!field || !parentType) return;
      const argument = sizeArgumentOf(parentType.name, field);
      if (!argument) return;
      let value: unknown;
      try {
        value = getArgumentValues(field, node, selected.variables)[argument];
      } catch {
        return; // a bad argument value: graphql's own rules or execution report it
      }
      const size = sizeOf(value);
      if (size === undefined || size <= max) return;
      const message = Array.isArray(value) ? `must list at most ${max} ${argument === 'ids' ? 'IDs' : 'items'}` : `must be at most ${max}`;
      context.reportError(
        new GraphQLError(`Invalid input: ${argument} ${message}`, {
          nodes: node,
          originalError: new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${argument} ${message}`, [{ field: argument, message }], {
            limit: 'page size',
            max,
            found: size,
          }),
        }),
      );
    },
  };
};

/**
 * Cost of a field for graphql-query-complexity: its own cost plus its
 * children's, times the rows it may return. Introspection is answered from
 * memory and costs nothing (graphql-js bounds its nesting).
 */
function estimateCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  const { cost: costs } = QUERY_LIMITS;
  const rule = fieldCost(type.name, field);
  const own = rule.cost ?? (isLeafType(getNamedType(field.type)) ? costs.scalarField : costs.objectField);
  return rowsOf(type.name, field, rule, args) * (own + childComplexity);
}

function rowsOf(parentType: string, field: GraphQLField<unknown, unknown>, rule: FieldCost, args: Record<string, unknown>): number {
  const argument = sizeArgumentOf(parentType, field);
  if (argument) {
    // A page larger than allowed is the page-size rule's error; cost it at the maximum.
    const size = sizeOf(args[argument]);
    return Math.min(size ?? QUERY_LIMITS.maxPageSize, QUERY_LIMITS.maxPageSize);
  }
  if (!isListType(getNullableType(field.type))) return 1;
  // The connection field already multiplied by `first`.
  if (field.name === 'edges' && parentType.endsWith('Connection')) return 1;
  return rule.listSize ?? QUERY_LIMITS.cost.defaultListSize;
}

/** graphql-query-complexity's rule, given the request's variables and operation. */
const costRule: ValidationRule = (context) => {
  const selected = selectedOperation(context);
  if (!selected) return {};
  const { max, maxEvaluatedFields } = QUERY_LIMITS.cost;
  const visitor = createComplexityRule({
    maximumComplexity: max,
    variables: selected.request.variables,
    operationName: selected.operation.name?.value,
    estimators: [estimateCost],
    // The library rejects when it reaches maxQueryNodes; the config's value is the most allowed.
    maxQueryNodes: maxEvaluatedFields + 1,
    createError: (limit, actual) => limitError('cost', limit, `Query cost limit of ${limit} exceeded`, Math.ceil(actual)),
  })(context);
  type Hook = (this: unknown, ...args: unknown[]) => unknown;
  const { enter, leave } = visitor.OperationDefinition as { enter: Hook; leave: Hook };
  let aborted = false;
  visitor.OperationDefinition = {
    enter: (...args: unknown[]) => {
      try {
        enter.apply(visitor, args);
      } catch (error) {
        // The library throws once it has visited maxQueryNodes fields. Any
        // other failure to cost the operation rejects it too: never run uncosted.
        aborted = true;
        const tooMany = error instanceof GraphQLError && error.message.includes('maximum allowed number of nodes');
        const why = tooMany ? `more than ${maxEvaluatedFields} fields after expanding fragments` : 'the cost could not be computed';
        context.reportError(limitError('cost', max, `Query cost limit of ${max} exceeded: ${why}`));
      }
    },
    leave: (...args: unknown[]) => (aborted ? undefined : leave.apply(visitor, args)),
  };
  return visitor as ASTVisitor;
};

/**
 * Rejects a batched HTTP request (a JSON array body) with more operations
 * than `QUERY_LIMITS.maxBatchSize`, before Apollo runs any of them. Mount it
 * after the JSON body parser.
 */
export function limitBatches(): RequestHandler {
  const max = QUERY_LIMITS.maxBatchSize;
  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Array.isArray(body) || body.length <= max) {
      next();
      return;
    }
    res.setHeader(STATEMENTS_HEADER, String(statementsSoFar()));
    res.status(400).json({
      errors: [
        {
          message: `Batch limit of ${max} operations per request exceeded (found ${body.length})`,
          extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'batch', max, found: body.length },
        },
      ],
    });
  };
}

/** The rules for one operation outside Apollo (graphql-ws), whose variables are known up front. */
function rulesForOperation(): ValidationRule[] {
  return [...specifiedRules, ...(QUERY_LIMITS.introspection ? [] : [NoSchemaIntrospectionCustomRule]), ...queryLimitRules()];
}

/**
 * graphql-ws `onSubscribe`: parses and validates an operation with the same
 * limits as HTTP. Returns the execution arguments, or the errors to send.
 */
export function checkWebSocketOperation(
  schema: GraphQLSchema,
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
): ExecutionArgs | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxLexicalTokens: QUERY_LIMITS.maxTokens });
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed')];
  }
  requests.set(document, { variables: payload.variables ?? {}, operationName: payload.operationName ?? undefined });
  const errors = validate(schema, document, rulesForOperation());
  if (errors.length) {
    // As Apollo's hideSchemaDetailsFromClientErrors does over HTTP: no "Did you mean …" hints.
    for (const error of errors) error.message = error.message.replace(/ ?Did you mean(.+?)\?$/, '');
    // A literal a scalar refuses carries the scalar's TypeError as originalError; it is still the client's mistake, not an internal error.
    return errors.map((e) => (e.originalError && !(e.originalError instanceof AppError) ? new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }) : e));
  }
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}
