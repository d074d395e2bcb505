/** Per-request loaders of the alert module. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataScope } from '../auth/viewer.js';
import { Alert } from './alert.entity.js';
import { alertScopeFilter } from './alert.service.js';

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createAlertLoaders(em: EntityManager, scope: () => DataScope) {
  return {
    /** Alerts whose customer the viewer may see; null for any other id. */
    alert: new DataLoader<number, Alert | null>(async (ids) => {
      const rows = await em.find(Alert, { $and: [{ id: { $in: [...ids] } }, alertScopeFilter(scope())] });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
