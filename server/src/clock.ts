/**
 * The instant the leaderboards consider "now": the day a board defaults to and
 * when midnight (company time zone) rolls the day boards over. Injectable so
 * tests can walk a board across midnight without waiting for one; the server
 * itself never sets it, and it is not reachable from the API.
 */
let override: (() => number) | null = null;

/** The current instant (Date.now unless a test set the clock). */
export function now(): Date {
  return new Date(override ? override() : Date.now());
}

/** Test-only: makes `now()` answer `source()`; null restores the real clock. */
export function setClockForTests(source: (() => number) | null): void {
  override = source;
}
