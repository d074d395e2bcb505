/** Per-request loaders of the rewards module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders.js';
import { Reward } from './reward.entity.js';

export function createRewardLoaders(em: EntityManager) {
  return {
    /** By id; node lookups check the scope (rewardNode in reward.resolver.ts). */
    reward: byIdLoader(em, Reward),
  };
}
