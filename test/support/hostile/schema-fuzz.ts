/**
 * Schema-aware fuzzing: from the introspected schema, VALID documents for a
 * root Query or Mutation field, with random but type-correct variables
 * (fast-check's seeded generators) and a bounded selection of scalar
 * sub-fields. Valid documents get past parsing and validation, so they
 * reach the resolvers, the services and PostgreSQL — where an unhandled
 * case becomes an INTERNAL_SERVER_ERROR or a leaked database error.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { toGlobalId } from '../../../server/src/graphql/global-id.js';
import { DECIMAL_EDGES } from './corpus.js';

/** Real IDs from the seed, by node type (`Customer`, `ServiceAccount`, …). */
export type RealIds = Map<string, string[]>;

export interface FuzzDocument {
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Node types an ID argument can name, guessed from its name (`customerId`, `serviceAccountIds`, `id`). */
function idTypesFor(argName: string, ids: RealIds): string[] {
  const stem = argName.replace(/Ids?$/, '').toLowerCase();
  const matching = [...ids.keys()].filter((type) => stem.length > 1 && (type.toLowerCase() === stem || type.toLowerCase().endsWith(stem) || stem.endsWith(type.toLowerCase())));
  return matching.length ? matching : [...ids.keys()];
}

const VALID_DECIMALS = DECIMAL_EDGES.filter((d) => /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/.test(d));

const unicodeText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '贵阳大酒店', '张三', '０８５１－８６５４３２１０', '13812345678', 'a@b.cn', '𝕏𝕐', '👨‍👩‍👧', '\u202e', "O'Brien", '100%', '_', '\\', 'ẞ', 'İ'),
  fc.integer({ min: 100, max: 5_000 }).map((n) => '长'.repeat(n)),
);

const dates = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-29', '2024-02-29', '2026-13-01', '2026-00-10', '0001-01-01', '9999-12-31', '2026-1-5', '', '昨天', '2026-11-26T00:00:00Z', '0000-01-01', '1899-12-31', '2999-12-31') },
);

const dateTimes = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-11-26T08:00:00+08:00', '2026-11-26T08:00:00.123456+14:00', '1970-01-01T00:00:00Z') },
);

const decimals = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALID_DECIMALS) },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: -1_000_000, max: 100_000_000 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`) },
  // Edge cases the scalar must refuse cleanly (BAD_USER_INPUT), never pass on.
  { weight: 1, arbitrary: fc.constantFrom(...DECIMAL_EDGES) },
);

const quantities = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`),
  fc.constantFrom('0', '0.000', '-1', '1e3', '99999999999.999', '1.2345', ' 1', ''),
);

function stringFor(argName: string): fc.Arbitrary<string> {
  const name = argName.toLowerCase();
  if (name === 'after' || name === 'cursor') return fc.oneof(fc.base64String({ maxLength: 40 }), unicodeText);
  if (name === 'month') return fc.oneof(fc.tuple(fc.integer({ min: 2020, max: 2028 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`), fc.constantFrom('2026-1', '', '202611', '0000-01', '9999-12', '1899-12'));
  if (name === 'quarter') return fc.oneof(fc.tuple(fc.integer({ min: 2020, max: 2028 }), fc.integer({ min: 0, max: 5 })).map(([y, q]) => `${y}-Q${q}`), fc.constantFrom('2026Q1', '2026-q1', '', '0000-Q1', '9999-Q4'));
  if (/(date|day|on|from|to|before|until|since|weekof|start|end)$/.test(name) && !/(reason|note|description|station)$/.test(name)) return dates;
  if (name === 'uscc') return fc.oneof(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/), unicodeText);
  if (name.includes('base64') || name === 'content' || name === 'file') return fc.oneof(fc.base64String({ maxLength: 400 }), unicodeText);
  return unicodeText;
}

function idFor(argName: string, ids: RealIds): fc.Arbitrary<string> {
  const types = idTypesFor(argName, ids);
  const real = types.flatMap((t) => ids.get(t) ?? []);
  return fc.oneof(
    { weight: real.length ? 6 : 0, arbitrary: real.length ? fc.constantFrom(...real) : fc.constant('') },
    // IDs that name no row: never a real one (the fuzzing callers' own rows must stay).
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...types), fc.integer({ min: 1_000_000, max: 2_147_483_647 })).map(([t, n]) => toGlobalId(t, n)) },
    { weight: 1, arbitrary: fc.constantFrom('', 'x', 'Q3VzdG9tZXI6MA', toGlobalId('Nope', 1), toGlobalId('Customer', '99999999999'), '客户:1') },
  );
}

/** A type-correct value for an input type; null only where the type allows it. */
function valueFor(type: GraphQLInputType, argName: string, ids: RealIds, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType as GraphQLInputType, argName, ids, depth);
  const inner = nonNullValue(type, argName, ids, depth);
  return fc.oneof({ weight: 8, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) });
}

function nonNullValue(type: GraphQLInputType, argName: string, ids: RealIds, depth: number): fc.Arbitrary<unknown> {
  if (isListType(type)) return fc.array(valueFor(type.ofType as GraphQLInputType, argName, ids, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const entries = fields.map((f) => {
      const required = isNonNullType(f.type) && f.defaultValue === undefined;
      const value = valueFor(f.type, f.name, ids, depth + 1);
      // Past a few levels only what is required, so recursive inputs stay finite.
      const arb = required ? value : depth > 3 ? fc.constant(undefined) : fc.option(value, { nil: undefined, freq: 2 });
      return [f.name, arb] as const;
    });
    return fc.tuple(...entries.map(([, arb]) => arb)).map((values) =>
      Object.fromEntries(entries.map(([name], i) => [name, values[i]]).filter(([, v]) => v !== undefined)),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return /^(first|limit|count|last)$/.test(argName)
          ? fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 101, 2_147_483_647, -2_147_483_648) })
          : fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -10, max: 400 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648) });
      case 'Float':
        return fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 90, -90, 180, -180));
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return idFor(argName, ids);
      case 'Decimal':
      case 'Measure':
        return decimals;
      case 'Quantity':
        return quantities;
      case 'DateTime':
        return dateTimes;
      case 'JSONObject':
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      default:
        return stringFor(argName);
    }
  }
  return fc.constant(null);
}

/** A bounded selection: scalar sub-fields (no required arguments), and a level of objects below. */
function selectionFor(type: GraphQLNamedType, depth: number): fc.Arbitrary<string> {
  if (isLeafType(type)) return fc.constant('');
  if (isUnionType(type) || isInterfaceType(type)) {
    const possible = isUnionType(type) ? [...type.getTypes()] : [];
    const own = isInterfaceType(type) ? scalarFields(type as unknown as GraphQLObjectType) : [];
    if (!possible.length) return fc.subarray(own, { maxLength: Math.min(4, own.length) }).map((names) => `{ __typename ${names.join(' ')} }`);
    return fc.subarray(possible, { minLength: 1, maxLength: Math.min(2, possible.length) }).chain((types) =>
      fc.tuple(...types.map((t) => selectionFor(t, depth))).map((parts) => `{ __typename ${parts.map((p, i) => `... on ${types[i]!.name} ${p}`).join(' ')} }`),
    );
  }
  const object = type as GraphQLObjectType;
  const fields = object.getFields();
  if (object.name.endsWith('Connection') && fields.edges) {
    const node = getNamedType(getNamedType(fields.edges.type) instanceof Object && isObjectType(getNamedType(fields.edges.type)) ? (getNamedType(fields.edges.type) as GraphQLObjectType).getFields().node!.type : fields.edges.type);
    return fc.tuple(fc.boolean(), selectionFor(node, depth + 1)).map(([count, nodeSel]) => `{ ${count && fields.totalCount ? 'totalCount ' : ''}edges { cursor node ${nodeSel} } pageInfo { hasNextPage endCursor } }`);
  }
  const scalars = scalarFields(object);
  const objects = depth >= 1 ? [] : Object.values(fields).filter((f) => !isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  return fc
    .tuple(fc.subarray(scalars, { minLength: Math.min(1, scalars.length), maxLength: Math.min(6, scalars.length) }), fc.subarray(objects, { maxLength: Math.min(2, objects.length) }))
    .chain(([names, nested]) =>
      fc.tuple(...nested.map((f) => selectionFor(getNamedType(f.type), depth + 1))).map((subs) => {
        const parts = [...names, ...nested.map((f, i) => `${f.name} ${subs[i]}`)];
        return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
      }),
    );
}

function scalarFields(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined))
    .map((f) => f.name);
}

/** Valid documents calling one root field with type-correct, random variables. */
export function documentsFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, ids: RealIds): fc.Arbitrary<FuzzDocument> {
  const args = field.args.map((arg) => {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const value = valueFor(arg.type, arg.name, ids, 0);
    return { arg, arb: required ? value : fc.option(value, { nil: undefined, freq: 3 }) };
  });
  return fc.tuple(fc.tuple(...args.map((a) => a.arb)), selectionFor(getNamedType(field.type), 0)).map(([values, selection]) => {
    const used = args.map((a, i) => ({ ...a, value: values[i] })).filter((a) => a.value !== undefined);
    const header = used.length ? `(${used.map((a) => `$${a.arg.name}: ${a.arg.type.toString()}`).join(', ')})` : '';
    const call = used.length ? `(${used.map((a) => `${a.arg.name}: $${a.arg.name}`).join(', ')})` : '';
    return {
      field: field.name,
      query: `${kind} Fuzz${header} { ${field.name}${call} ${selection} }`,
      variables: Object.fromEntries(used.map((a) => [a.arg.name, a.value])),
    };
  });
}

/** The root fields of a schema, each with its operation kind. */
export function rootFields(schema: GraphQLSchema): Array<{ kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }> {
  return [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: 'mutation' as const, field })),
  ];
}

/** A stable 32-bit hash of a text, to give each role and field its own seed. */
export function seedOf(base: number, ...parts: string[]): number {
  let h = base >>> 0;
  for (const c of parts.join('/')) h = (Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0);
  return h | 0;
}
