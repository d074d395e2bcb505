// Exact decimal strings for the admin forms (money in CNY, percentages,
// consumption thresholds): checked and compared as scaled integers (BigInt),
// never as JavaScript floats, with the shape of the server's Decimal scalar
// (up to 12 integer digits and 2 decimals).
const DECIMAL_SHAPE = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/** True for a non-negative Decimal the server accepts, e.g. "5000" or "12.5". */
export function isDecimal(value: string): boolean {
  return DECIMAL_SHAPE.test(value.trim());
}

/** Fen (hundredths) of a Decimal string; call only after isDecimal. */
function hundredths(value: string): bigint {
  const [whole = '0', fraction = ''] = value.trim().split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** -1, 0 or 1 as a is less than, equal to or more than b. */
export function compareDecimal(a: string, b: string): number {
  const x = hundredths(a);
  const y = hundredths(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** "12.5" → "12.50", as the server writes it back. */
export function normaliseDecimal(value: string): string {
  const fen = hundredths(value);
  const fraction = (fen % 100n).toString().padStart(2, '0');
  return `${fen / 100n}.${fraction}`;
}
