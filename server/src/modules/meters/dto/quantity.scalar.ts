/**
 * `Quantity`: a metered amount (register values, consumption) as an exact
 * string with up to 3 decimals — numeric(14, 3) in PostgreSQL. Money keeps
 * `Decimal` (2 decimals); a kWh or m³ register needs the third.
 */
import { GraphQLScalarType, Kind } from 'graphql';

const QUANTITY_PATTERN = /^-?(0|[1-9][0-9]{0,10})(\.[0-9]{1,3})?$/;

/** Normalises "12.5" to "12.500" so equal quantities compare equal as strings. */
export function normaliseQuantity(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const text = `${whole}.${fraction.padEnd(3, '0')}`;
  return negative && text !== '0.000' ? `-${text}` : text;
}

function parseQuantity(value: unknown): string {
  if (typeof value !== 'string' || !QUANTITY_PATTERN.test(value)) {
    throw new TypeError('Quantity must be a string with up to 11 integer digits and 3 decimals, e.g. "12345.678"');
  }
  return normaliseQuantity(value);
}

export const QuantityScalar = new GraphQLScalarType<string, string>({
  name: 'Quantity',
  description: 'An exact metered quantity as a string with up to 3 decimals, such as "12345.678" (kWh, m³, GJ or t). Never a float.',
  serialize(value) {
    if (typeof value === 'string') return normaliseQuantity(value);
    throw new TypeError('Quantity values are strings on the server; refusing to serialise a non-string');
  },
  parseValue: parseQuantity,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('Quantity literals must be strings, e.g. "12345.678"');
    return parseQuantity(ast.value);
  },
});
