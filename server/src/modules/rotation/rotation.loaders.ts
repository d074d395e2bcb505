/** Per-request loaders of the responsibility history. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { ResponsibilityPeriod } from './responsibility-period.entity.js';

export function createRotationLoaders(em: EntityManager) {
  return {
    responsibilityPeriod: byIdLoader(em, ResponsibilityPeriod),
    /** A customer's periods (its own and its accounts' collectors), newest first; the customer is already scoped. */
    responsibilityPeriodsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(ResponsibilityPeriod, { customer: { $in: customerIds } }, { orderBy: [{ customer: 'asc' }, { startedAt: 'desc' }, { id: 'desc' }] }),
      (period) => period.customer.id,
    ),
  };
}
