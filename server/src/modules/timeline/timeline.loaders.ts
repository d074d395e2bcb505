/**
 * Per-request loaders of the timeline: pages and counts of many customers
 * in one statement each, entries by ID, and subjects by type — so a page
 * costs the page statement, one statement per subject type on it, and the
 * actors, however many entries it holds.
 */
import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { KIND_CODES, type TimelineRow } from './timeline-entry.js';
import { sourceOfCode, sourceOfKind, type TimelineSource } from './timeline.sources.js';
import { TimelineService, type TimelineFilter, type TimelinePageQuery } from './timeline.service.js';

/** One loader per distinct argument set, created on first use. */
function memo<L>(make: (key: string) => L): (key: string) => L {
  const loaders = new Map<string, L>();
  return (key) => {
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(key)));
    return loader;
  };
}

const kindsOf = (sources: TimelineSource[]) => sources.map((s) => s.kind);

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createTimelineLoaders(em: EntityManager, scope: () => DataScope) {
  // The timeline only reads; no audit entry is ever written with this actor.
  const service = (sources: TimelineSource[]) => new TimelineService(em, scope(), SYSTEM_ACTOR, sources);
  const pages = new Map<string, { sources: TimelineSource[]; query: TimelinePageQuery }>();
  const pageLoader = memo((key) => {
    const { sources, query } = pages.get(key)!;
    return new DataLoader<number, TimelineRow[] | null>(async (ids) => {
      const found = await service(sources).pages([...ids], query);
      return ids.map((id) => found.get(id) ?? null);
    });
  });
  const counts = new Map<string, { sources: TimelineSource[]; filter: TimelineFilter }>();
  const countLoader = memo((key) => {
    const { sources, filter } = counts.get(key)!;
    return new DataLoader<number, number | null>(async (ids) => {
      const found = await service(sources).counts([...ids], filter);
      return ids.map((id) => found.get(id) ?? null);
    });
  });
  const entryLoader = memo((key) => {
    const sources = (JSON.parse(key) as string[]).map((kind) => sourceOfKind(kind)!);
    return new DataLoader<number, TimelineRow | null>(async (entryIds) => {
      const refs = entryIds.flatMap((entryId) => {
        const source = sourceOfCode(entryId % KIND_CODES);
        return source ? [{ kind: source.kind, sourceId: Math.floor(entryId / KIND_CODES) }] : [];
      });
      const rows = await service(sources).entries(refs);
      const byId = new Map(rows.map((row) => [row.sourceId * KIND_CODES + sourceOfKind(row.kind)!.code, row]));
      return entryIds.map((id) => byId.get(id) ?? null);
    });
  });
  const subjectLoaders = new Map<EntityClass<{ id: number }>, DataLoader<number, { id: number } | null>>();

  return {
    /** Pages of customers' timelines (null: a customer the viewer may not see). */
    timelinePage(sources: TimelineSource[], query: TimelinePageQuery): DataLoader<number, TimelineRow[] | null> {
      const key = JSON.stringify([kindsOf(sources), query]);
      if (!pages.has(key)) pages.set(key, { sources, query });
      return pageLoader(key);
    },
    /** Entries matching a filter, per customer (null: a customer the viewer may not see). */
    timelineCount(sources: TimelineSource[], filter: TimelineFilter): DataLoader<number, number | null> {
      const key = JSON.stringify([kindsOf(sources), filter]);
      if (!counts.has(key)) counts.set(key, { sources, filter });
      return countLoader(key);
    },
    /** Entries by their numeric ID, within the scope and the readable sources. */
    timelineEntry(sources: TimelineSource[]): DataLoader<number, TimelineRow | null> {
      return entryLoader(JSON.stringify(kindsOf(sources)));
    },
    /** The subjects of one type, by id. */
    timelineSubject(entity: EntityClass<{ id: number }>): DataLoader<number, { id: number } | null> {
      let loader = subjectLoaders.get(entity);
      if (!loader) subjectLoaders.set(entity, (loader = byIdLoader(em, entity)));
      return loader;
    },
  };
}
