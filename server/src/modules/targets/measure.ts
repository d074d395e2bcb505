/**
 * `Measure`: the value of a metric as an exact decimal string. `Decimal`
 * (money, 2 decimals) cannot carry a collection-rate target of 99.999 %
 * (五个九, DOMAIN.md "Receivables and collection"), so targets use this
 * scalar: up to 3 decimals. What a metric allows is checked per metric
 * (`checkMeasure`), and values are shown per metric (`formatMeasure`).
 */
import { Decimal } from 'decimal.js';
import { GraphQLScalarType, Kind } from 'graphql';
import { Metric } from '../metrics/metric.enums.js';

const MEASURE_PATTERN = /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/;

function parseMeasure(value: unknown): string {
  if (typeof value !== 'string' || !MEASURE_PATTERN.test(value)) {
    throw new TypeError('Measure must be a string with up to 12 integer digits and 3 decimals, e.g. "99.999" or "150000.00"');
  }
  return value;
}

export const MeasureScalar = new GraphQLScalarType<string, string>({
  name: 'Measure',
  description:
    'An exact decimal as a string, the value of a metric 指标值: a count ("12"), CNY to the fen ("150000.00") or a percent to 3 decimals ("99.999"). Never a float.',
  serialize(value) {
    if (typeof value === 'string') return value;
    throw new TypeError('Measure values are strings on the server');
  },
  parseValue: parseMeasure,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('Measure literals must be strings, e.g. "99.999"');
    return parseMeasure(ast.value);
  },
});

/** Counts are whole numbers; the rest may not be summed (the rate) or are CNY. */
export const COUNT_METRICS: readonly Metric[] = [Metric.NEW_ACCOUNTS, Metric.VISITS, Metric.PROSPECTS_CONVERTED, Metric.KEY_ACCOUNTS_COVERED];
export const MONEY_METRICS: readonly Metric[] = [Metric.AMOUNT_COLLECTED, Metric.ARREARS_REDUCED];

/** Every metric but the rate adds up down the tree: a split's parts must sum to the parent. */
export function isSummable(metric: Metric): boolean {
  return metric !== Metric.COLLECTION_RATE;
}

function decimalsOf(metric: Metric): number {
  if (COUNT_METRICS.includes(metric)) return 0;
  if (MONEY_METRICS.includes(metric)) return 2;
  return 3;
}

/** Why `value` is not a valid target of `metric`, or null. */
export function measureProblem(metric: Metric, value: string): string | null {
  let number: Decimal;
  try {
    number = new Decimal(value);
  } catch {
    return 'must be a decimal number';
  }
  if (number.isNegative()) return 'must not be negative';
  const places = decimalsOf(metric);
  if (number.decimalPlaces() > places) {
    return places === 0 ? `must be a whole number for ${metric}` : `must have at most ${places} decimals for ${metric}`;
  }
  if (metric === Metric.COLLECTION_RATE && number.greaterThan(100)) return 'must be a percent from 0 to 100 for COLLECTION_RATE';
  return null;
}

/** A value as shown for its metric: "12", "150000.00", "99.999". */
export function formatMeasure(metric: Metric, value: string | Decimal): string {
  return new Decimal(value).toFixed(decimalsOf(metric));
}
