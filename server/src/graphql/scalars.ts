/**
 * The API's scalars. `Decimal` carries money and quantities as exact strings
 * (never a JavaScript number); `DateTime` is ISO 8601 with an offset.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/** Up to 12 integer digits and 2 decimals: numeric(14, 2) in PostgreSQL. */
const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/** Normalises "12.5" to "12.50" so equal amounts compare equal as strings. */
export function normaliseDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const text = `${whole}.${fraction.padEnd(2, '0')}`;
  return negative && text !== '0.00' ? `-${text}` : text;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
    throw new TypeError(
      'Decimal must be a string with up to 12 integer digits and 2 decimals, e.g. "1234.50"',
    );
  }
  return normaliseDecimal(value);
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, such as "1234.50": money in CNY to the fen, or a quantity. Never a float.',
  serialize(value) {
    if (typeof value === 'string') return normaliseDecimal(value);
    throw new TypeError('Decimal values are strings on the server; refusing to serialise a non-string');
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('Decimal literals must be strings, e.g. "1234.50"');
    return parseDecimal(ast.value);
  },
});

export const DateTimeScalar = DateTimeResolver;
