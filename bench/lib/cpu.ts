/**
 * CPU time: this process (`process.cpuUsage()`, all threads) and the
 * PostgreSQL server (its postmaster and backends, read from /proc on Linux).
 * Both are cumulative counters; a phase's cost is the difference of two
 * snapshots taken around it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CpuSnapshot {
  /** This process, user + system, microseconds. */
  processUs: number;
  /** PostgreSQL, microseconds; null where /proc cannot tell. */
  postgresUs: number | null;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU time of a PostgreSQL cluster: the postmaster's own time and that of
 * its reaped children (cutime/cstime), plus every live child (backends,
 * checkpointer, walwriter, autovacuum …). In ticks of 1/CLK_TCK seconds.
 */
function postgresTicks(postmasterPid: number): number | null {
  const own = statFields(postmasterPid);
  if (!own) return null;
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

/** Reads the postmaster's pid from the data folder. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function cpuSnapshot(pgPid: number | null): CpuSnapshot {
  const own = process.cpuUsage();
  const ticks = pgPid === null ? null : postgresTicks(pgPid);
  return {
    processUs: own.user + own.system,
    postgresUs: ticks === null ? null : (ticks * 1e6) / clockTicks(),
  };
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return {
    processUs: after.processUs - before.processUs,
    postgresUs: before.postgresUs === null || after.postgresUs === null ? null : after.postgresUs - before.postgresUs,
  };
}
