/** The numbers of the login policy, in one place. */
export const AUTH_POLICY = {
  /** Access tokens are short-lived; the console refreshes them. */
  accessTokenTtlSeconds: Number(process.env.GRIDLINE_ACCESS_TOKEN_TTL_SECONDS ?? 15 * 60),
  refreshTokenTtlDays: 30,
  /** Failed logins allowed before the account is locked. */
  freeAttempts: 5,
  /** First lock length; doubles with every further failure, up to the maximum. */
  firstLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  minPasswordLength: 10,
  /** API keys' default rate limit. */
  defaultApiKeyRatePerMinute: 600,
} as const;

/** How long the account stays locked after `failures` consecutive failures (0 when not locked). */
export function lockSeconds(failures: number): number {
  if (failures < AUTH_POLICY.freeAttempts) return 0;
  const doublings = failures - AUTH_POLICY.freeAttempts;
  return Math.min(AUTH_POLICY.firstLockSeconds * 2 ** Math.min(doublings, 20), AUTH_POLICY.maxLockSeconds);
}
