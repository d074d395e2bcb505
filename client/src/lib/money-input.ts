// Money typed into a form, read the way the server's `Decimal` scalar reads it
// (server/src/graphql/scalars.ts: up to 12 integer digits and 2 decimals, no
// leading zeros) and turned into integer fen (cents) as a BigInt, so sums and
// comparisons are exact: "0.10" + "0.20" is 30 fen, never 0.30000000000000004.

/** A non-negative Decimal as the scalar accepts it. */
const DECIMAL = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** Fen (1/100 CNY) of a typed amount; null when it is not a Decimal the server would accept (or negative). */
export function parseCents(text: string): bigint | null {
  const value = text.trim();
  if (!DECIMAL.test(value)) return null;
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Fen back to a Decimal string, e.g. 123450n → "1234.50". */
export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Why an amount that must be more than 0 is refused, or null when it is fine. */
export type AmountProblem = 'shape' | 'notPositive';

export function positiveAmountProblem(text: string): AmountProblem | null {
  const cents = parseCents(text);
  if (cents === null) return 'shape';
  return cents > 0n ? null : 'notPositive';
}

/** Splits `total` fen into `count` parts that add up exactly: equal parts, the remainder spread over the first ones. */
export function splitCents(total: bigint, count: number): bigint[] {
  if (count <= 0) return [];
  const n = BigInt(count);
  const base = total / n;
  const rest = total % n;
  return Array.from({ length: count }, (_, i) => base + (BigInt(i) < rest ? 1n : 0n));
}
