/** Per-request loaders of the customer and contact modules. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Contact } from '../contacts/contact.entity.js';
import { Customer } from './customer.entity.js';

export function createCustomerLoaders(em: EntityManager) {
  return {
    customer: byIdLoader(em, Customer),
    contact: byIdLoader(em, Contact),
    contactsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(Contact, { customer: { $in: customerIds } }, { orderBy: { isPrimary: 'desc', id: 'asc' } }),
      (contact) => contact.customer.id,
    ),
  };
}
