/**
 * Retries a whole transaction that PostgreSQL aborted to break a deadlock
 * (40P01) or a serialization failure (40001). Such a transaction wrote
 * nothing, so running it again is safe; the other party has gone on.
 *
 * Ledger writes take their locks in a fixed order (accounts by id), but the
 * rows they add to along the way — a collector's daily counters
 * (modules/metrics), a customer's totals — are reached in the order of the
 * items, so two concurrent batches can still cross. Sorting every such row is
 * not possible in a single pass; retrying the loser is what PostgreSQL's
 * manual recommends.
 */
const RETRYABLE = new Set(['40P01', '40001']);

/** Attempts in all (the first and the retries). */
export const TRANSACTION_ATTEMPTS = 4;

export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** Runs `transaction` and runs it again (up to TRANSACTION_ATTEMPTS in all, after a short random pause) when PostgreSQL aborted it to break a deadlock. */
export async function retryOnConflict<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
      // A random pause so the two losers of one deadlock do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
