// Alert seqs are decimal numbers as strings (commit order, may exceed 2^53):
// compared as BigInt, never as floats.

export function compareSeq(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** The larger of two seqs; null counts as "none yet". */
export function maxSeq(a: string | null, b: string | null | undefined): string | null {
  if (b == null) return a;
  if (a == null) return b;
  return compareSeq(a, b) >= 0 ? a : b;
}
