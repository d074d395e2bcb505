/**
 * Gridline on a given database: ORM, event bus, schema and server, and the
 * order to stop them in. Used by main.ts, the tests and the benchmarks.
 */
import type { Logger } from 'pino';
import { initOrm } from './db/orm.js';
import { EventBus } from './events/event-bus.js';
import { buildGridlineSchema } from './graphql/schema.js';
import { startServer } from './http/server.js';
import { TokenSigner } from './modules/auth/tokens.js';
import { AUTH_POLICY } from './modules/auth/auth.policy.js';
import { installArrearsAlerts } from './modules/alerts/arrears-alerts.js';
import { installTargets } from './modules/targets/weekly-review.js';
import { installReturnVisits } from './modules/return-visits/return-visit.service.js';
import { installWorklists } from './modules/worklists/worklist.scan.js';
import { installResponsibilityHistory } from './modules/rotation/responsibility-history.js';
import { installMetricCounters } from './modules/metrics/metric-counters.js';
import { startLiveBoards } from './modules/leaderboards/leaderboard.live.js';
import { loadConfig, type Config } from './config.js';
import { startDailyScanScheduler } from './jobs/scheduler.js';

export interface Gridline {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGridline(
  databaseUrl: string,
  config: Pick<Config, 'port' | 'host' | 'clientDist' | 'shutdownGraceMs'> &
    Partial<Pick<Config, 'wsInitTimeoutMs' | 'dailyScanAt' | 'leaderboardPushMs' | 'leaderboardTopN'>> & { userRequestsPerMinute?: number },
  logger: Logger,
): Promise<Gridline> {
  installArrearsAlerts();
  installTargets();
  installReturnVisits();
  installWorklists();
  installResponsibilityHistory();
  installMetricCounters();
  const orm = await initOrm(databaseUrl);
  const events = new EventBus(databaseUrl, logger.child({ module: 'events' }));
  try {
    await events.start();
    const schema = await buildGridlineSchema();
    const signer = await TokenSigner.load(orm.em.fork(), AUTH_POLICY.accessTokenTtlSeconds);
    const server = await startServer({ wsInitTimeoutMs: 10_000, ...config, schema, orm, events, signer, logger });
    // The daily scan 日监测 (jobs/daily-scan.ts); started only when configured (main.ts passes the default 06:00).
    const scheduler = config.dailyScanAt ? startDailyScanScheduler(orm.em, config.dailyScanAt, logger.child({ module: 'daily-scan' })) : null;
    // Live leaderboards 排行榜: coalesced pushes and the midnight roll-over (modules/leaderboards/leaderboard.live.ts).
    const defaults = loadConfig();
    const leaderboards = startLiveBoards(orm, events, logger.child({ module: 'leaderboards' }), {
      pushMs: config.leaderboardPushMs ?? defaults.leaderboardPushMs,
      topN: config.leaderboardTopN ?? defaults.leaderboardTopN,
    });
    return {
      url: server.url,
      port: server.port,
      async close() {
        // Drain clients first, then the connections they were using.
        await server.close();
        await scheduler?.stop();
        await leaderboards.stop();
        await events.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await events.stop();
    await orm.close();
    throw error;
  }
}
