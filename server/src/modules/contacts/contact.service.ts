/**
 * Contacts 联系人 of a customer. At most one is primary: making a new contact
 * primary demotes the previous one in the same transaction, and the change is
 * a domain event of the customer.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/domain-events.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { Contact, ContactRole } from './contact.entity.js';

export interface ContactData {
  customerId: number;
  name: string;
  title: string | null;
  role: ContactRole;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  isPrimary: boolean;
}

export class ContactService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  async addContact(data: ContactData): Promise<{ contact: Contact; customer: Customer }> {
    return this.em.transactional(async (em) => {
      // Locking the customer serialises concurrent "make primary" requests.
      const customer = await em.findOne(
        Customer,
        { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!customer) throw CustomerErrors.notFound();
      const existing = await em.count(Contact, { customer });
      // The first contact of a customer is its primary one.
      const isPrimary = data.isPrimary || existing === 0;
      if (isPrimary) await em.nativeUpdate(Contact, { customer, isPrimary: true }, { isPrimary: false });
      const contact = em.create(Contact, {
        customer,
        name: data.name.trim(),
        title: data.title?.trim() || null,
        role: data.role,
        phone: data.phone,
        email: data.email,
        wechat: data.wechat,
        isPrimary,
      });
      customer.updatedAt = new Date();
      await em.flush();
      await recordAudit(em, this.actor, {
        action: 'contact.add',
        entityType: 'Contact',
        entityId: contact.id,
        after: { customerId: customer.id, name: contact.name, role: contact.role, isPrimary, title: contact.title, phone: contact.phone, email: contact.email, wechat: contact.wechat },
      });
      const orgUnit = await em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
      await recordEvent(em, {
        kind: 'customer.contact_added',
        customerId: customer.id,
        orgUnitId: orgUnit.id,
        orgPath: orgUnit.path,
        payload: { changedFields: ['contacts'], contactId: contact.id, responsibleRepId: customer.responsibleRep?.id ?? null },
      });
      return { contact, customer };
    });
  }
}
