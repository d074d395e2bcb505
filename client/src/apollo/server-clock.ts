// The server's clock, as seen from here. Token expiry times come from the
// server, so "does the access token expire within a minute?" must be asked
// in server time: a laptop whose clock is five minutes fast would otherwise
// refresh before every request, and one that is slow would keep sending
// expired tokens. Every HTTP response's `Date` header (one-second
// resolution, plenty next to a one-minute margin) updates the offset.

let offsetMs = 0;

/** Notes the server's time from a response's `Date` header, if it has one. */
export function noteServerDate(response: Response): void {
  const header = response.headers.get('date');
  if (!header) return;
  const serverTime = Date.parse(header);
  if (Number.isNaN(serverTime)) return;
  offsetMs = serverTime - Date.now();
}

/** Now, in the server's clock (milliseconds since the epoch). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** `fetch` that keeps the clock offset current; given to HttpLink. */
export const clockedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  noteServerDate(response);
  return response;
};
