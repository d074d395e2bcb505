/**
 * Contacts 联系人 of a customer (DOMAIN.md "Contacts"). Changes are recorded,
 * not overwritten 动态信息管理: every change of a contact writes a
 * ContactRevision with the changed fields before and after, who and when, in
 * the same transaction as the change.
 *
 * Primary contact: a customer with active contacts has exactly one primary.
 * The first contact becomes primary; making another one primary demotes the
 * previous one (a revision of its own); the primary cannot be un-marked, only
 * replaced. Archiving keeps the contact in the history but takes it off the
 * customer's list. The primary cannot be archived while other active
 * contacts remain: choosing the next primary is the user's decision, so make
 * another one primary first (an automatic pick could silently name the
 * wrong person). The last active contact may be archived.
 *
 * Every write locks the customer row, so concurrent primary changes
 * serialise, and is audited and emitted as one domain event of the customer.
 */
import { recordCustomerChange } from '../../events/customer-change.js';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEventKind } from '../../events/domain-events.js';
import { changedValues, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { ContactRevision } from './contact-revision.entity.js';
import { Contact, ContactRole } from './contact.entity.js';
import { ContactErrors } from './contact.errors.js';

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

/** A change: an absent (undefined) key stays; null clears title, phone, email and wechat and is refused for the others. */
export interface ContactChanges {
  name?: string | null;
  title?: string | null;
  role?: ContactRole | null;
  phone?: string | null;
  email?: string | null;
  wechat?: string | null;
  isPrimary?: boolean | null;
}

type Snapshot = Record<string, unknown>;

export class ContactService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  async addContact(data: ContactData): Promise<{ contact: Contact; customer: Customer }> {
    if (!data.name.trim()) throw ContactErrors.blankField('name');
    return this.em.transactional(async (em) => {
      const customer = await this.lockCustomer(em, data.customerId);
      const active = await em.count(Contact, { customer, archivedAt: null });
      // The first active contact of a customer is its primary one.
      const isPrimary = data.isPrimary || active === 0;
      if (isPrimary) await this.demotePrimary(em, customer, null);
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
      await this.record(em, customer, contact, 'contact.add', 'customer.contact_added', null, { customerId: customer.id, ...snapshot(contact) });
      return { contact, customer };
    });
  }

  async updateContact(id: number, changes: ContactChanges): Promise<{ contact: Contact; customer: Customer }> {
    for (const field of ['name', 'role', 'isPrimary'] as const) {
      if (changes[field] === null) throw ContactErrors.blankField(field);
    }
    if (changes.name !== undefined && !changes.name!.trim()) throw ContactErrors.blankField('name');
    return this.em.transactional(async (em) => {
      const { contact, customer } = await this.lockContact(em, id);
      if (contact.archivedAt) throw ContactErrors.archived();
      if (changes.isPrimary === false && contact.isPrimary) throw ContactErrors.primaryCannotBeCleared();
      const before = snapshot(contact);
      if (changes.isPrimary && !contact.isPrimary) await this.demotePrimary(em, customer, contact);
      em.assign(contact, {
        ...(changes.name ? { name: changes.name.trim() } : {}),
        ...(changes.title !== undefined ? { title: changes.title?.trim() || null } : {}),
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone || null } : {}),
        ...(changes.email !== undefined ? { email: changes.email || null } : {}),
        ...(changes.wechat !== undefined ? { wechat: changes.wechat?.trim() || null } : {}),
        ...(changes.isPrimary ? { isPrimary: true } : {}),
      });
      const diff = changedValues(before, snapshot(contact));
      if (Object.keys(diff.after).length === 0) return { contact, customer };
      this.revise(em, contact, diff);
      customer.updatedAt = new Date();
      await em.flush();
      await this.record(em, customer, contact, 'contact.update', 'customer.contact_updated', diff.before, diff.after);
      return { contact, customer };
    });
  }

  /** Takes a contact off the customer's list; it stays, with its history, as archived. */
  async archiveContact(id: number, reason: string): Promise<{ contact: Contact; customer: Customer }> {
    if (!reason.trim()) throw ContactErrors.blankField('reason');
    return this.em.transactional(async (em) => {
      const { contact, customer } = await this.lockContact(em, id);
      if (contact.archivedAt) throw ContactErrors.archived();
      if (contact.isPrimary) {
        const others = await em.count(Contact, { customer, archivedAt: null, id: { $ne: contact.id } });
        if (others > 0) throw ContactErrors.primaryHasSuccessors();
      }
      const before = { ...snapshot(contact), archivedAt: null, archiveReason: null };
      const archivedAt = new Date();
      em.assign(contact, { archivedAt, isPrimary: false });
      const diff = changedValues(before, { ...snapshot(contact), archivedAt: archivedAt.toISOString(), archiveReason: reason.trim() });
      this.revise(em, contact, diff);
      customer.updatedAt = archivedAt;
      await em.flush();
      await this.record(em, customer, contact, 'contact.archive', 'customer.contact_archived', diff.before, diff.after);
      return { contact, customer };
    });
  }

  /** The customer, if the scope may see it, locked until the transaction ends. */
  private async lockCustomer(em: EntityManager, customerId: number): Promise<Customer> {
    const visible = await em.count(Customer, { $and: [{ id: customerId }, customerScopeFilter(this.scope)] });
    if (!visible) throw CustomerErrors.notFound();
    return em.findOneOrFail(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** The contact, if the scope may see its customer, read after locking that customer. */
  private async lockContact(em: EntityManager, id: number): Promise<{ contact: Contact; customer: Customer }> {
    const found = await em.findOne(Contact, { $and: [{ id }, { customer: customerScopeFilter(this.scope) }] }, { fields: ['id', 'customer'] });
    if (!found) throw ContactErrors.notFound();
    const customer = await em.findOneOrFail(Customer, { id: found.customer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const contact = await em.findOneOrFail(Contact, { id }, { refresh: true });
    return { contact, customer };
  }

  /** Demotes the customer's active primary contact (other than `keep`), recording the change on it. */
  private async demotePrimary(em: EntityManager, customer: Customer, keep: Contact | null): Promise<void> {
    const where = keep ? { customer, isPrimary: true, archivedAt: null, id: { $ne: keep.id } } : { customer, isPrimary: true, archivedAt: null };
    const previous = await em.findOne(Contact, where);
    if (!previous) return;
    previous.isPrimary = false;
    this.revise(em, previous, { before: { isPrimary: true }, after: { isPrimary: false } });
    // Flushed on its own: the unique "one primary" index must never see two.
    await em.flush();
  }

  private revise(em: EntityManager, contact: Contact, diff: { before: Snapshot; after: Snapshot }): void {
    em.create(ContactRevision, { contact, before: diff.before, after: diff.after, changedBy: this.actor.userId });
  }

  /** The audit entry and the customer's domain event of one write. */
  private async record(
    em: EntityManager,
    customer: Customer,
    contact: Contact,
    action: string,
    kind: DomainEventKind,
    before: Snapshot | null,
    after: Snapshot,
  ): Promise<void> {
    await recordCustomerChange(em, this.actor, customer, {
      action,
      entityType: 'Contact',
      entityId: contact.id,
      before,
      after,
      kind,
      changedFields: ['contacts'],
      payload: { contactId: contact.id, contactFields: Object.keys(after).filter((key) => key !== 'customerId') },
    });
  }
}

/** The recorded fields of a contact. */
function snapshot(contact: Contact): Snapshot {
  return {
    name: contact.name,
    title: contact.title ?? null,
    role: contact.role,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    wechat: contact.wechat ?? null,
    isPrimary: contact.isPrimary,
  };
}
