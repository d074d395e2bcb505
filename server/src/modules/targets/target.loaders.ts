/** Per-request loaders of the targets module: relations and attainment, batched. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Target } from './target.entity.js';
import { attainmentOf } from './target.service.js';

export function createTargetLoaders(em: EntityManager) {
  return {
    /** By id; the caller checks scope (a parent lies above its children, in the same subtree or above it). */
    target: byIdLoader(em, Target),
    /** A target's children 分解目标, in id order. */
    targetChildren: groupLoader(
      (parentIds: number[]) => em.find(Target, { parent: { $in: parentIds } }, { orderBy: { id: 'asc' } }),
      (target) => target.parent!.id,
    ),
    /** What each target has attained so far: one readMetric per metric, channel and period in the batch. */
    targetAttained: new DataLoader<Target, string, number>(
      async (targets) => {
        const attained = await attainmentOf(em, targets);
        return targets.map((t) => attained.get(t.id)!);
      },
      { cacheKeyFn: (target) => target.id },
    ),
  };
}
