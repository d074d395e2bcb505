/**
 * Runtime configuration, read once from the environment. Every knob the
 * server has is here, with its default, so operators find them in one place.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CUSTOMERS } from './db/seed/demo-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (server/src/.. /..). */
export const repoRoot = path.resolve(here, '..', '..');

/** A whole number from the environment (`fallback` when unset), 0 to `max`; anything else stops the start. */
export function intFromEnv(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer from 0${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got "${raw}"`);
  }
  return value;
}

/** 'HH:MM' (24 h) or 'off' (null). */
function timeOfDayFromEnv(name: string, fallback: string): string | null {
  const value = (process.env[name] || fallback).trim();
  if (value === 'off') return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new Error(`${name} must be HH:MM (24 h) or "off", got "${value}"`);
  return value;
}

export interface Config {
  /** HTTP and WebSocket port (0 picks a free one). */
  port: number;
  host: string;
  /** An external PostgreSQL; when unset an embedded one is started. */
  databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its files. */
  embeddedDataDir: string;
  /** Customers the demo seed creates on a fresh database (0: no seed). */
  seedCustomers: number;
  /** The built console, served at `/`. */
  clientDist: string;
  /** Company time zone for business days and periods. */
  timeZone: string;
  logLevel: string;
  /** How long a shutdown waits for in-flight requests and sockets. */
  shutdownGraceMs: number;
  /** How long a WebSocket may take to send connection_init before it is closed with 4408. */
  wsInitTimeoutMs: number;
  /** Local time (HH:MM, company time zone) of the daily scan 日监测; null: this instance never starts it. */
  dailyScanAt: string | null;
  /** Coalescing window of live leaderboards: at most one push per board per window (ms). */
  leaderboardPushMs: number;
  /** How many of a frozen quarterly ranking are highlighted (the top three get a reward). */
  leaderboardTopN: number;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: intFromEnv('PORT', 4000),
    host: process.env.HOST ?? '0.0.0.0',
    databaseUrl: process.env.DATABASE_URL || undefined,
    embeddedDataDir: process.env.GRIDLINE_DATA_DIR ?? path.join(repoRoot, '.data', 'pg'),
    seedCustomers: intFromEnv('GRIDLINE_SEED_CUSTOMERS', DEFAULT_CUSTOMERS),
    clientDist: path.join(repoRoot, 'client', 'dist'),
    timeZone: process.env.GRIDLINE_TIME_ZONE ?? 'Asia/Shanghai',
    logLevel: process.env.LOG_LEVEL ?? 'info',
    shutdownGraceMs: intFromEnv('GRIDLINE_SHUTDOWN_GRACE_MS', 10_000),
    wsInitTimeoutMs: intFromEnv('GRIDLINE_WS_INIT_TIMEOUT_MS', 10_000),
    dailyScanAt: timeOfDayFromEnv('GRIDLINE_DAILY_SCAN_AT', '06:00'),
    leaderboardPushMs: intFromEnv('GRIDLINE_LEADERBOARD_PUSH_MS', 1000),
    leaderboardTopN: intFromEnv('GRIDLINE_LEADERBOARD_TOP_N', 3),
    ...overrides,
  };
}
