/** Per-request loaders of the worklists module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders.js';
import { WorklistItem } from './worklist-item.entity.js';

export function createWorklistLoaders(em: EntityManager) {
  return {
    worklistItem: byIdLoader(em, WorklistItem),
  };
}
