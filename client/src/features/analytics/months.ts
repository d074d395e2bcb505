// Calendar months as the API writes them ('YYYY-MM'), and as people read them.

/** The month `by` months after 'YYYY-MM' (negative: before). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "2026年11月" / "Nov 2026": a 'YYYY-MM' month in the viewer's language (no time zone shift). */
export function monthLabel(locale: string, month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(date);
}
