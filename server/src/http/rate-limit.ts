/**
 * Request rate limits: per partner API key (the key's own
 * `rateLimitPerMinute`) and per staff user (`QUERY_LIMITS.userRequestsPerMinute`),
 * in fixed one-minute windows. Counts live in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres on the ORM's connection pool, table `rate_limit`), so
 * server instances behind a load balancer share them. Every operation counts,
 * including each operation of a batched HTTP request.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { QUERY_LIMITS } from '../graphql/limits.config.js';
import type { AuthenticatedViewer } from '../modules/auth/viewer.js';

/** Created by a migration, never at run time. */
export const RATE_LIMIT_TABLE = 'rate_limit';
const WINDOW_SECONDS = 60;

export class RequestRateLimiter {
  /** One limiter per distinct limit; all share the table and key names, so a key's count survives a change of its limit. */
  private readonly limiters = new Map<number, RateLimiterPostgres>();

  constructor(
    private readonly orm: MikroORM,
    private readonly userRequestsPerMinute: number = QUERY_LIMITS.userRequestsPerMinute,
  ) {}

  /**
   * Counts one request for the viewer. Throws RATE_LIMITED, with the limit
   * and `retryAfter` (seconds until the window resets) in its details, once
   * the viewer is over its limit; the caller answers 429 with `Retry-After`.
   */
  async consume(viewer: AuthenticatedViewer): Promise<void> {
    const { key, max, who } =
      viewer.kind === 'apiKey'
        ? { key: `key:${viewer.apiKeyId}`, max: viewer.rateLimitPerMinute, who: 'this API key' }
        : { key: `user:${viewer.userId}`, max: this.userRequestsPerMinute, who: 'this user' };
    // One upsert on the pool, outside the ORM: not in x-sql-statements, which counts the request's own data work.
    try {
      await this.limiterFor(max).consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(ErrorCode.RATE_LIMITED, `Rate limit of ${max} requests per minute for ${who} exceeded`, [], {
        limit: 'requests per minute',
        max,
        retryAfter,
      });
    }
  }

  private limiterFor(points: number): RateLimiterPostgres {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: this.orm.em.getConnection().getKnex(),
        storeType: 'knex',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix: 'gridline',
        points,
        duration: WINDOW_SECONDS,
        // One sweeper of expired rows is enough: every limiter shares the table.
        clearExpiredByTimeout: this.limiters.size === 0,
      });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
