/** Per-request loaders of the service-account module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { ServiceAccount } from './service-account.entity.js';

export function createServiceAccountLoaders(em: EntityManager) {
  return {
    /** By id, unscoped: callers check the account's customer (node lookups do). */
    serviceAccount: byIdLoader(em, ServiceAccount),
    /** All accounts of each customer, whichever station serves them, by account number. */
    serviceAccountsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(ServiceAccount, { customer: { $in: customerIds } }, { orderBy: { accountNumber: 'asc', id: 'asc' } }),
      (account) => account.customer.id,
    ),
  };
}
