/**
 * What a saved view may hold: exactly what its page's list accepts. The raw
 * JSON is coerced against the schema's own input type (unknown fields, wrong
 * enum values, bad Decimals and IDs of the wrong type are refused, as
 * graphql-js refuses them in a variable), then checked by the input classes'
 * class-validator rules (a radius over 500 km, a search over 100 characters,
 * a date that is no calendar date) — the same two steps the GraphQL layer
 * runs before the list's resolver. The import does the same for its rows
 * (modules/imports/imports.resolver.ts).
 */
import {
  GraphQLNonNull,
  coerceInputValue,
  getNullableType,
  isInputObjectType,
  isListType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { validate } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { toClientError, type FieldError } from '../../graphql/errors.js';
import { CustomerFilter, NearStationFilter } from '../customers/dto/customer.inputs.js';
import { ExpiringContractsFilter } from '../contracts/dto/contract.inputs.js';
import { SavedViewPage } from './saved-view.entity.js';

/** The input type of each page's `filter` argument. */
export const FILTER_TYPE_OF: Record<SavedViewPage, string> = {
  [SavedViewPage.CUSTOMERS]: 'CustomerFilter',
  [SavedViewPage.PROSPECTS]: 'CustomerFilter',
  [SavedViewPage.CONTRACTS]: 'ExpiringContractsFilter',
};

/** The classes behind the input types, so class-validator sees their rules (nested ones too). */
const CLASSES: Record<string, new () => object> = {
  CustomerFilter,
  NearStationFilter,
  ExpiringContractsFilter,
};

/** The schema's options for class-validator (graphql/schema.ts). */
const VALIDATION = { forbidUnknownValues: false, stopAtFirstError: false };

/** A stored filter beyond this is no filter a person saved (lists of thousands of industries). */
export const MAX_FILTER_BYTES = 4096;

/** The coerced value as instances of the input classes, as type-graphql hands them to a resolver. */
function toInstances(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  const bare = getNullableType(type);
  if (isListType(bare)) return (value as unknown[]).map((item) => toInstances(item, bare.ofType));
  if (!isInputObjectType(bare)) return value;
  const Class = CLASSES[bare.name];
  const target: Record<string, unknown> = Class ? (new Class() as Record<string, unknown>) : {};
  const fields = bare.getFields();
  for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    target[name] = toInstances(fieldValue, fields[name]!.type);
  }
  return target;
}

/**
 * The filter as the page's list would receive it (Decimals normalised,
 * absent fields left out), or the offending fields as `filter.<path>`.
 */
export async function checkViewFilter(
  schema: GraphQLSchema,
  page: SavedViewPage,
  raw: Record<string, unknown>,
): Promise<{ filter: Record<string, unknown> } | { problems: FieldError[] }> {
  const type = schema.getType(FILTER_TYPE_OF[page]) as GraphQLInputObjectType;
  const problems: FieldError[] = [];
  const coerced = coerceInputValue(raw, new GraphQLNonNull(type), (path, _value, error) => {
    problems.push({ field: ['filter', ...path].join('.'), message: error.message });
  }) as Record<string, unknown> | undefined;
  if (problems.length || !coerced) return { problems };
  const errors = await validate(toInstances(coerced, type) as object, VALIDATION);
  if (errors.length) {
    const fields = toClientError(new ArgumentValidationError(errors))?.fields ?? [];
    return { problems: fields.map((f) => ({ field: `filter.${f.field}`, message: f.message })) };
  }
  // A plain JSON object again: what is stored and handed back.
  const filter = JSON.parse(JSON.stringify(coerced)) as Record<string, unknown>;
  if (Buffer.byteLength(JSON.stringify(filter), 'utf8') > MAX_FILTER_BYTES) {
    return { problems: [{ field: 'filter', message: `must be at most ${MAX_FILTER_BYTES} bytes as JSON` }] };
  }
  return { filter };
}
