// Rates arrive as exact decimal strings: a fraction with 6 places
// ("0.999990") from collectionRate / dailyReport. Shown as a percent with up
// to 3 places ("99.999") by moving the decimal point on the string, so no
// float rounding creeps in; extra places are cut, never rounded up (a rate
// of 0.9999996 must not read as 100%).
export function fractionToPercent(fraction: string): string {
  const negative = fraction.startsWith('-');
  const [whole = '0', decimals = ''] = fraction.replace(/^[-+]/, '').split('.');
  const padded = decimals.padEnd(2, '0');
  const intPart = `${whole}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const fracPart = padded.slice(2, 5).replace(/0+$/, '');
  const sign = negative && (intPart !== '0' || fracPart) ? '-' : '';
  return `${sign}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}
