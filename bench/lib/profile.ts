/**
 * A CPU profile of this process (the in-process server) over a stretch of
 * load, summarised as self time per package and the hottest functions. The
 * raw `.cpuprofile` opens in Chrome DevTools or speedscope.
 */
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

export interface ProfileSummary {
  totalMs: number;
  /** Self time by where the code lives: an npm package, node's own code, Gridline's server, GC … */
  byPackage: Array<{ name: string; ms: number; share: number }>;
  topFunctions: Array<{ name: string; where: string; ms: number; share: number }>;
}

export async function profile<T>(fn: () => Promise<T>): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const { profile } = await session.post('Profiler.stop');
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, profile };
  } finally {
    session.disconnect();
  }
}

/** Which package (or part of the runtime) a script URL belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 (program)';
    // Bindings and builtins: socket writes, the microtask queue, …
    return 'native (I/O, microtasks, builtins)';
  }
  if (url.startsWith('node:')) return 'node core';
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const rest = url.slice(inModules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes('/server/src/')) return 'gridline server';
  if (url.includes('/bench/')) return 'bench';
  return url;
}

function shortWhere(url: string, line: number): string {
  const inModules = url.lastIndexOf('/node_modules/');
  const short = inModules >= 0 ? url.slice(inModules + '/node_modules/'.length) : url.replace(/^file:\/\/.*?\/(server|bench)\//, '$1/');
  return short ? `${short}:${line + 1}` : '';
}

export function summarizeProfile(p: Profiler.Profile, top = 15): ProfileSummary {
  const selfUs = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));

  // Samples under the inspector's own calls (stopping the profiler) are the
  // profiler's cost, not the server's.
  const parentOf = new Map<number, number>();
  for (const node of p.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const profilerOwn = new Map<number, boolean>();
  const isProfilerOwn = (id: number): boolean => {
    const known = profilerOwn.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const parent = parentOf.get(id);
    const own = node.callFrame.url === 'node:inspector' || (parent !== undefined && isProfilerOwn(parent));
    profilerOwn.set(id, own);
    return own;
  };

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  for (const node of p.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us || isProfilerOwn(node.id)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    if (pkg === 'idle') continue; // waiting, not working
    totalUs += us;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const where = shortWhere(url, lineNumber);
    const key = `${functionName}@${where}`;
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const share = (us: number) => (totalUs ? us / totalUs : 0);
  return {
    totalMs: totalUs / 1000,
    byPackage: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, share: share(f.us) })),
  };
}
