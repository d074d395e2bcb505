/**
 * Customer rules: creation and changes with their checks, lifecycle moves,
 * lists with keyset paging. Every change writes a domain event in the same
 * transaction (events/domain-events.ts).
 */
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, type DomainEventKind } from '../../events/domain-events.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { Role, User } from '../org/user.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { Customer } from './customer.entity.js';
import { CustomerKind, CustomerStatus, CustomerTier, Utility } from './customer.enums.js';
import { CustomerErrors } from './customer.errors.js';
import { canMove, needsUscc } from './customer-lifecycle.js';
import type { DataScope } from '../auth/viewer.js';
import { changedValues, recordAudit, type Actor } from '../audit/audit.service.js';

export interface CustomerData {
  name: string;
  uscc: string | null;
  kind: CustomerKind;
  utility: Utility;
  tier: CustomerTier;
  status: CustomerStatus;
  orgUnitId: number;
  responsibleRepId: number | null;
  address: string | null;
  estimatedMonthlyConsumption: string | null;
}

/** A change: a key that is absent stays as it is. */
export type CustomerChanges = Partial<CustomerData>;

export interface CustomerListQuery {
  first: number;
  /** Keyset of the last row seen, as produced by `keyOf`. */
  after?: unknown[] | null;
  orderBy: 'CREATED_AT_DESC' | 'NAME_ASC';
  orgUnitId?: number | null;
  kinds?: CustomerKind[] | null;
  tiers?: CustomerTier[] | null;
  statuses?: CustomerStatus[] | null;
  utilities?: Utility[] | null;
  search?: string | null;
}

const FIELDS: Array<keyof CustomerData> = [
  'name', 'uscc', 'kind', 'utility', 'tier', 'status', 'orgUnitId', 'responsibleRepId', 'address', 'estimatedMonthlyConsumption',
];

/** The customers a scope may see, as a MikroORM condition. */
export function customerScopeFilter(scope: DataScope): FilterQuery<Customer> {
  const inSubtree: FilterQuery<Customer> = { orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } };
  return scope.repId ? { $and: [inSubtree, { responsibleRep: scope.repId }] } : inSubtree;
}

export class CustomerService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** A customer the scope may see; NOT_FOUND otherwise, whether or not it exists. */
  async getCustomer(id: number): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { $and: [{ id }, customerScopeFilter(this.scope)] });
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  /** One page (first + 1 rows, to tell whether more follow) and the total. */
  async listCustomers(query: CustomerListQuery): Promise<{ rows: Customer[]; totalCount: number }> {
    const where: FilterQuery<Customer> = { $and: [await this.filterFor(query), customerScopeFilter(this.scope)] };
    const byName = query.orderBy === 'NAME_ASC';
    let page: FilterQuery<Customer> = where;
    if (query.after) {
      const [first, second] = query.after as [string | number, number];
      const keyset: FilterQuery<Customer> = byName
        ? { $or: [{ name: { $gt: first as string } }, { name: first as string, id: { $gt: second } }] }
        : { id: { $lt: first as number } };
      page = { $and: [where, keyset] } as FilterQuery<Customer>;
    }
    const [rows, totalCount] = await Promise.all([
      this.em.find(Customer, page, {
        orderBy: byName ? [{ name: 'asc' }, { id: 'asc' }] : { id: 'desc' },
        limit: query.first + 1,
      }),
      this.em.count(Customer, where),
    ]);
    return { rows, totalCount };
  }

  /** The keyset of a row for the given order; cursors encode it. */
  static keyOf(customer: Customer, orderBy: CustomerListQuery['orderBy']): unknown[] {
    return orderBy === 'NAME_ASC' ? [customer.name, customer.id] : [customer.id];
  }

  async createCustomer(data: CustomerData): Promise<Customer> {
    const orgUnit = await this.requireOrgUnit(data.orgUnitId, 'orgUnitId');
    // A rep's new customer is its own unless it names another rep.
    const repId = data.responsibleRepId ?? this.scope.repId;
    const rep = repId ? await this.requireRep(repId, orgUnit, 'responsibleRepId') : null;
    this.checkRules(data);
    return this.write('customer.created', null, async (em) => {
      const customer = em.create(Customer, {
        name: data.name.trim(),
        uscc: data.uscc,
        kind: data.kind,
        utility: data.utility,
        tier: data.tier,
        status: data.status,
        orgUnit,
        responsibleRep: rep,
        address: data.address?.trim() || null,
        estimatedMonthlyConsumption: data.estimatedMonthlyConsumption,
      });
      await em.flush();
      return { customer, orgUnit, payload: { changedFields: FIELDS } };
    });
  }

  async updateCustomer(id: number, changes: CustomerChanges): Promise<Customer> {
    const customer = await this.getCustomer(id);
    const before = this.dataOf(customer);
    const after: CustomerData = { ...before };
    for (const field of FIELDS) {
      if (field in changes && changes[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = changes[field];
    }
    for (const field of ['name', 'kind', 'utility', 'tier', 'status', 'orgUnitId'] as const) {
      if (after[field] === null) throw CustomerErrors.blankField(field);
    }
    if (!canMove(before.status, after.status)) throw CustomerErrors.badTransition(before.status, after.status);
    const orgUnit = await this.requireOrgUnit(after.orgUnitId, 'orgUnitId');
    const rep = after.responsibleRepId ? await this.requireRep(after.responsibleRepId, orgUnit, 'responsibleRepId') : null;
    this.checkRules(after);
    const changedFields = FIELDS.filter((f) => before[f] !== after[f]);
    if (changedFields.length === 0) return customer;

    return this.write('customer.updated', before, async (em) => {
      const target = await em.findOneOrFail(Customer, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      em.assign(target, {
        name: after.name.trim(),
        uscc: after.uscc,
        kind: after.kind,
        utility: after.utility,
        tier: after.tier,
        status: after.status,
        orgUnit,
        responsibleRep: rep,
        address: after.address?.trim() || null,
        estimatedMonthlyConsumption: after.estimatedMonthlyConsumption,
        ...(after.status !== before.status ? { statusChangedAt: new Date() } : {}),
      });
      await em.flush();
      return { customer: target, orgUnit, payload: { changedFields } };
    });
  }

  /** Runs a change, its audit entry and its event in one transaction; maps unique violations. */
  private async write(
    kind: DomainEventKind,
    before: CustomerData | null,
    change: (em: EntityManager) => Promise<{ customer: Customer; orgUnit: OrgUnit; payload: Record<string, unknown> }>,
  ): Promise<Customer> {
    try {
      return await this.em.transactional(async (em) => {
        const { customer, orgUnit, payload } = await change(em);
        const after = this.dataOf(customer);
        const audit = before ? changedValues({ ...before }, { ...after }) : { before: null, after: { ...after } };
        await recordAudit(em, this.actor, {
          action: before ? 'customer.update' : 'customer.create',
          entityType: 'Customer',
          entityId: customer.id,
          ...audit,
        });
        await recordEvent(em, {
          kind,
          customerId: customer.id,
          orgUnitId: orgUnit.id,
          orgPath: orgUnit.path,
          payload: { ...payload, responsibleRepId: after.responsibleRepId },
        });
        return customer;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException && /uscc/.test(error.message)) throw CustomerErrors.usccTaken();
      throw error;
    }
  }

  private checkRules(data: CustomerData): void {
    if (!data.name.trim()) throw CustomerErrors.blankField('name');
    if (needsUscc(data.status) && !data.uscc) throw CustomerErrors.usccRequired();
    if (data.estimatedMonthlyConsumption?.startsWith('-')) throw CustomerErrors.negativeConsumption();
  }

  private dataOf(customer: Customer): CustomerData {
    return {
      name: customer.name,
      uscc: customer.uscc ?? null,
      kind: customer.kind,
      utility: customer.utility,
      tier: customer.tier,
      status: customer.status,
      orgUnitId: customer.orgUnit.id,
      responsibleRepId: customer.responsibleRep?.id ?? null,
      address: customer.address ?? null,
      estimatedMonthlyConsumption: customer.estimatedMonthlyConsumption ?? null,
    };
  }

  /** An org unit inside the scope; one outside it is reported as missing. */
  private async requireOrgUnit(id: number, field: string): Promise<OrgUnit> {
    const unit = await this.em.findOne(OrgUnit, { id });
    if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing(field);
    return unit;
  }

  /** A rep must be a REP or LEAD placed at the customer's unit or above it. */
  private async requireRep(id: number, orgUnit: OrgUnit, field: string): Promise<User> {
    const rep = await this.em.findOne(User, { id }, { populate: ['orgUnit'] });
    if (!rep) throw CustomerErrors.repMissing(field);
    const eligibleRole = rep.role === Role.REP || rep.role === Role.LEAD;
    if (!eligibleRole || !isInSubtree(orgUnit.path, rep.orgUnit.path)) throw CustomerErrors.repNotEligible(field);
    return rep;
  }

  private async filterFor(query: CustomerListQuery): Promise<FilterQuery<Customer>> {
    const where: Record<string, unknown> = {};
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      where.orgUnit = { path: { $like: `${escapeLike(root.path)}%` } };
    }
    if (query.kinds?.length) where.kind = { $in: query.kinds };
    if (query.tiers?.length) where.tier = { $in: query.tiers };
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.utilities?.length) where.utility = { $in: query.utilities };
    const search = query.search?.trim();
    if (search) {
      const text = escapeLike(search);
      where.$or = [{ name: { $ilike: `%${text}%` } }, { uscc: { $like: `${text.toUpperCase()}%` } }];
    }
    return where as FilterQuery<Customer>;
  }
}
