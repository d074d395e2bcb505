/** Per-request loaders of the customer and contact modules. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Contact } from '../contacts/contact.entity.js';
import DataLoader from 'dataloader';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from './customer.entity.js';
import { customerScopeFilter } from './customer.service.js';

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createCustomerLoaders(em: EntityManager, scope: () => DataScope) {
  return {
    /** Customers the viewer may see; null for any other id. */
    customer: new DataLoader<number, Customer | null>(async (ids) => {
      const rows = await em.find(Customer, { $and: [{ id: { $in: [...ids] } }, customerScopeFilter(scope())] });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contact: byIdLoader(em, Contact),
    contactsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(Contact, { customer: { $in: customerIds } }, { orderBy: { isPrimary: 'desc', id: 'asc' } }),
      (contact) => contact.customer.id,
    ),
  };
}
