/**
 * DataLoader helpers. Loaders live for one request (or one subscription
 * event), so every relation field costs one SQL statement per request, not
 * one per row.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName, FilterQuery } from '@mikro-orm/core';

/** Loads entities by primary key with one `where id in (...)` per batch. */
export function byIdLoader<T extends { id: number }>(em: EntityManager, entity: EntityName<T>): DataLoader<number, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Groups rows by a foreign key: one `where fk in (...)` per batch. */
export function groupLoader<K, T>(load: (keys: K[]) => Promise<T[]>, keyOf: (row: T) => K): DataLoader<K, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await load([...keys]);
    const groups = new Map<K, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
