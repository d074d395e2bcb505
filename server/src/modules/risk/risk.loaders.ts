/** Per-request loaders of the risk-ledger module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { RiskEntry } from './risk-entry.entity.js';

export function createRiskLoaders(em: EntityManager) {
  return {
    riskEntry: byIdLoader(em, RiskEntry),
    /** A customer's ledger history, newest first. */
    riskEntriesByCustomer: groupLoader(
      (customerIds: number[]) => em.find(RiskEntry, { customer: { $in: customerIds } }, { orderBy: [{ openedAt: 'desc' }, { id: 'desc' }] }),
      (entry) => entry.customer.id,
    ),
  };
}
