/**
 * Service accounts 户号 (DOMAIN.md "Customers"): a customer holds several,
 * possibly served by stations of other districts and branches — handled
 * jointly 联办制. An account is visible exactly when its customer is, so the
 * customer view gathers all of them and nobody has to run around 一次都不跑.
 * Supply status moves ACTIVE ↔ SUSPENDED (sealed 封堵) and on to CLOSED 销户,
 * always with a reason. Every write is audited and emits one domain event of
 * the customer, in the same transaction.
 */
import { recordCustomerChange } from '../../events/customer-change.js';
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEventKind } from '../../events/domain-events.js';
import { changedValues, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerStatus, type Utility } from '../customers/customer.enums.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit, OrgUnitKind } from '../org/org-unit.entity.js';
import { ServiceAccount, ServiceAccountStatus } from './service-account.entity.js';
import { ServiceAccountErrors } from './service-account.errors.js';

/** An account number 户号: 8 to 20 digits. */
export const ACCOUNT_NUMBER_PATTERN = /^[0-9]{8,20}$/;

const { ACTIVE, SUSPENDED, CLOSED } = ServiceAccountStatus;

/** Allowed status moves; each needs a reason, and CLOSED is final. */
const ALLOWED_MOVES: Record<ServiceAccountStatus, readonly ServiceAccountStatus[]> = {
  [ACTIVE]: [SUSPENDED, CLOSED],
  [SUSPENDED]: [ACTIVE, CLOSED],
  [CLOSED]: [],
};

export interface NewServiceAccount {
  customerId: number;
  accountNumber: string;
  /** The serving station; may lie in another branch than the customer's (联办制). */
  orgUnitId: number;
  address: string;
  district: string | null;
  /** The customer's utility when null. */
  utility: Utility | null;
  /** 1 when null. */
  meterPoints: number | null;
  openedAt: Date | null;
}

/** A change: an absent key stays as it is; null clears `district` and is refused for the others. */
export interface ServiceAccountChanges {
  address?: string | null;
  district?: string | null;
  meterPoints?: number | null;
  orgUnitId?: number | null;
}

/** The accounts a scope may see: those of the customers it may see. */
export function serviceAccountScopeFilter(scope: DataScope): FilterQuery<ServiceAccount> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<ServiceAccount>;
}

export class ServiceAccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** How a collector finds a customer by 户号; NOT_FOUND outside the scope, whether or not it exists. */
  async findByAccountNumber(accountNumber: string): Promise<ServiceAccount> {
    if (!ACCOUNT_NUMBER_PATTERN.test(accountNumber)) throw ServiceAccountErrors.badAccountNumber();
    const account = await this.em.findOne(ServiceAccount, { $and: [{ accountNumber }, serviceAccountScopeFilter(this.scope)] });
    if (!account) throw ServiceAccountErrors.notFound();
    return account;
  }

  async addServiceAccount(data: NewServiceAccount): Promise<{ serviceAccount: ServiceAccount; customer: Customer }> {
    if (!ACCOUNT_NUMBER_PATTERN.test(data.accountNumber)) throw ServiceAccountErrors.badAccountNumber();
    if (!data.address.trim()) throw ServiceAccountErrors.blankField('address');
    const customer = await this.em.findOne(Customer, { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] });
    if (!customer) throw CustomerErrors.notFound();
    if (customer.status === CustomerStatus.CLOSED) throw ServiceAccountErrors.customerClosed();
    const station = await this.requireStation(data.orgUnitId);
    try {
      return await this.em.transactional(async (em) => {
        const serviceAccount = em.create(ServiceAccount, {
          customer,
          orgUnit: station,
          accountNumber: data.accountNumber,
          address: data.address.trim(),
          district: data.district?.trim() || null,
          utility: data.utility ?? customer.utility,
          meterPoints: data.meterPoints ?? 1,
          openedAt: data.openedAt,
        });
        customer.updatedAt = new Date();
        await em.flush();
        await this.record(em, customer, serviceAccount, {
          action: 'service_account.add',
          kind: 'customer.service_account_added',
          before: null,
          after: { customerId: customer.id, ...this.dataOf(serviceAccount) },
        });
        return { serviceAccount, customer };
      });
    } catch (error) {
      // Two requests racing for one number: the unique index lets one win.
      if (error instanceof UniqueConstraintViolationException && /account_number/.test(error.message)) {
        throw ServiceAccountErrors.accountNumberTaken();
      }
      throw error;
    }
  }

  async updateServiceAccount(id: number, changes: ServiceAccountChanges): Promise<ServiceAccount> {
    for (const field of ['address', 'meterPoints', 'orgUnitId'] as const) {
      if (changes[field] === null) throw ServiceAccountErrors.blankField(field);
    }
    if (changes.address !== undefined && !changes.address!.trim()) throw ServiceAccountErrors.blankField('address');
    const station = changes.orgUnitId ? await this.requireStation(changes.orgUnitId) : null;
    return this.em.transactional(async (em) => {
      const account = await this.lockVisible(em, id);
      if (account.status === CLOSED) throw ServiceAccountErrors.accountClosed();
      const before = this.dataOf(account);
      em.assign(account, {
        ...(changes.address ? { address: changes.address.trim() } : {}),
        ...(changes.district !== undefined ? { district: changes.district?.trim() || null } : {}),
        ...(typeof changes.meterPoints === 'number' ? { meterPoints: changes.meterPoints } : {}),
        ...(station ? { orgUnit: station } : {}),
      });
      const diff = changedValues(before, this.dataOf(account));
      if (Object.keys(diff.after).length === 0) return account;
      const customer = await em.findOneOrFail(Customer, { id: account.customer.id });
      customer.updatedAt = new Date();
      await em.flush();
      await this.record(em, customer, account, {
        action: 'service_account.update',
        kind: 'customer.service_account_updated',
        ...diff,
      });
      return account;
    });
  }

  /** Suspends (seals 封堵), resumes or closes 销户 an account; the reason is kept on it and in the audit log. */
  async changeStatus(id: number, status: ServiceAccountStatus, reason: string): Promise<ServiceAccount> {
    if (!reason.trim()) throw ServiceAccountErrors.blankField('reason');
    return this.em.transactional(async (em) => {
      const account = await this.lockVisible(em, id);
      const from = account.status;
      if (!ALLOWED_MOVES[from].includes(status)) throw ServiceAccountErrors.badTransition(from, status);
      const now = new Date();
      const before = { ...this.dataOf(account), statusReason: account.statusReason ?? null };
      em.assign(account, {
        status,
        statusReason: reason.trim(),
        statusChangedAt: now,
        ...(status === CLOSED ? { closedAt: now } : {}),
      });
      const customer = await em.findOneOrFail(Customer, { id: account.customer.id });
      customer.updatedAt = now;
      await em.flush();
      await this.record(em, customer, account, {
        action: 'service_account.status_change',
        kind: 'customer.service_account_status_changed',
        ...changedValues(before, { ...this.dataOf(account), statusReason: account.statusReason ?? null }),
        payload: { fromStatus: from, toStatus: status, reason: account.statusReason },
      });
      return account;
    });
  }

  /** The account if the scope may see it, locked against concurrent changes until the transaction ends. */
  private async lockVisible(em: EntityManager, id: number): Promise<ServiceAccount> {
    const visible = await em.count(ServiceAccount, { $and: [{ id }, serviceAccountScopeFilter(this.scope)] });
    if (!visible) throw ServiceAccountErrors.notFound();
    return em.findOneOrFail(ServiceAccount, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /**
   * The serving station. It need not lie in the viewer's subtree: a
   * cross-district account is served by another branch's station 联办制.
   */
  private async requireStation(id: number): Promise<OrgUnit> {
    const unit = await this.em.findOne(OrgUnit, { id });
    if (!unit) throw ServiceAccountErrors.orgUnitMissing();
    if (unit.kind !== OrgUnitKind.STATION) throw ServiceAccountErrors.orgUnitNotStation();
    return unit;
  }

  /** The audit entry and the customer's domain event of one write. */
  private async record(
    em: EntityManager,
    customer: Customer,
    account: ServiceAccount,
    entry: {
      action: string;
      kind: DomainEventKind;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
      payload?: Record<string, unknown>;
    },
  ): Promise<void> {
    // The event belongs to the customer's unit: subscribers see what they may see of the customer.
    await recordCustomerChange(em, this.actor, customer, {
      action: entry.action,
      entityType: 'ServiceAccount',
      entityId: account.id,
      before: entry.before,
      after: entry.after,
      kind: entry.kind,
      changedFields: ['serviceAccounts'],
      payload: { serviceAccountId: account.id, accountNumber: account.accountNumber, ...entry.payload },
    });
  }

  private dataOf(account: ServiceAccount): Record<string, unknown> {
    return {
      accountNumber: account.accountNumber,
      orgUnitId: account.orgUnit.id,
      address: account.address,
      district: account.district ?? null,
      utility: account.utility,
      meterPoints: account.meterPoints,
      status: account.status,
      openedAt: account.openedAt?.toISOString() ?? null,
      closedAt: account.closedAt?.toISOString() ?? null,
    };
  }
}
