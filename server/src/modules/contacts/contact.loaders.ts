/** Per-request loaders of the contact module. */
import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { ContactRevision } from './contact-revision.entity.js';
import { Contact } from './contact.entity.js';

export function createContactLoaders(em: EntityManager) {
  return {
    /** Active contacts of each customer, the primary one first. */
    activeContactsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(Contact, { customer: { $in: customerIds }, archivedAt: null }, { orderBy: { isPrimary: 'desc', id: 'asc' } }),
      (contact) => contact.customer.id,
    ),
    /** Every contact of each customer: active ones (primary first), then archived ones. */
    allContactsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(
          Contact,
          { customer: { $in: customerIds } },
          { orderBy: [{ archivedAt: QueryOrder.DESC_NULLS_FIRST }, { isPrimary: 'desc' }, { id: 'asc' }] },
        ),
      (contact) => contact.customer.id,
    ),
    /** Revisions of each contact, newest first. */
    contactRevisionsByContact: groupLoader(
      (contactIds: number[]) => em.find(ContactRevision, { contact: { $in: contactIds } }, { orderBy: { id: 'desc' } }),
      (revision) => revision.contact.id,
    ),
    /** By id, unscoped: callers check the revision's customer (node lookups do). */
    contactRevision: byIdLoader(em, ContactRevision),
  };
}
