// Form values in the company time zone (Asia/Shanghai, UTC+8 all year, no
// DST): what a `datetime-local` or `date` input shows and sends means Beijing
// time whatever the browser's zone is, like every time the console displays
// (see format.ts).

/** Now as a `datetime-local` value in the company time zone (UTC+8, no DST). */
export function shanghaiNowLocal(): string {
  const shifted = new Date(Date.now() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 16);
}

/** Today (YYYY-MM-DD) in the company time zone. */
export function shanghaiToday(): string {
  return shanghaiNowLocal().slice(0, 10);
}

/** A `datetime-local` value read as company time (UTC+8) → ISO instant; null when empty or invalid. */
export function shanghaiLocalToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
