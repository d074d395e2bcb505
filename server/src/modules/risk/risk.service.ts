/**
 * The risk-customer ledger 风险客户台账 (DOMAIN.md "Customers": risk; seed 002:
 * hard accounts get a leader 包保领导 and a one-customer-one-policy plan
 * 一户一策). A customer has at most one open entry; the entry's level is
 * mirrored on Customer.riskLevel while it is open. Closed entries stay as
 * history. Every change writes an audit entry and one domain event.
 */
import { recordCustomerChange } from '../../events/customer-change.js';
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEventKind } from '../../events/domain-events.js';
import { changedValues, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { RiskLevel } from '../customers/customer.enums.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { Role, User } from '../org/user.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { todayIn } from '../../calendar.js';
import { RiskEntry, type RiskAction } from './risk-entry.entity.js';
import { RiskErrors } from './risk.errors.js';

export interface PutOnLedger {
  customerId: number;
  level: RiskLevel;
  reason: string;
  responsibleLeaderId: number;
  plan: RiskAction[];
}

export interface RiskPlanUpdate {
  entryId: number;
  /** Absent: the level stays. */
  level?: RiskLevel;
  plan: RiskAction[];
}

export interface RiskLedgerQuery {
  first: number;
  /** Keyset [id] of the last row seen. */
  after?: unknown[] | null;
  orgUnitId?: number | null;
  levels?: RiskLevel[] | null;
  leaderId?: number | null;
  includeClosed?: boolean | null;
}

/** The entries a scope may see: those of the customers it may see. */
export function riskScopeFilter(scope: DataScope): FilterQuery<RiskEntry> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<RiskEntry>;
}

function snapshot(entry: RiskEntry): Record<string, unknown> {
  return {
    customerId: entry.customer.id,
    level: entry.level,
    reason: entry.reason,
    responsibleLeaderId: entry.responsibleLeader.id,
    plan: entry.plan,
    closedAt: entry.closedAt ?? null,
    closeReason: entry.closeReason ?? null,
  };
}

export class RiskService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** An entry the scope may see; NOT_FOUND otherwise. */
  async getEntry(id: number): Promise<RiskEntry> {
    const entry = await this.em.findOne(RiskEntry, { $and: [{ id }, riskScopeFilter(this.scope)] });
    if (!entry) throw RiskErrors.notFound();
    return entry;
  }

  async putOnLedger(data: PutOnLedger): Promise<RiskEntry> {
    const customer = await this.visibleCustomer(data.customerId);
    const reason = data.reason.trim();
    if (!reason) throw RiskErrors.blankField('reason');
    const plan = checkPlan(data.plan);
    const unit = await this.em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
    const leader = await this.requireLeader(data.responsibleLeaderId, unit);
    try {
      return await this.em.transactional(async (em) => {
        // The customer's row lock serialises two puts of one customer; the partial unique index backs it.
        const target = await em.findOneOrFail(Customer, { id: customer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (await em.count(RiskEntry, { customer: target.id, closedAt: null })) throw RiskErrors.alreadyOnLedger();
        const entry = em.create(RiskEntry, {
          customer: target,
          level: data.level,
          reason,
          responsibleLeader: leader.id,
          plan,
          openedBy: this.actor.userId,
        });
        target.riskLevel = data.level;
        await em.flush();
        await this.record(em, target, unit, entry, 'risk.put_on', 'risk.opened', { before: null, after: snapshot(entry) });
        return entry;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException && /risk_entry_one_open_idx/.test(error.message)) throw RiskErrors.alreadyOnLedger();
      throw error;
    }
  }

  /** Replaces the plan of an open entry (marking actions done), and optionally its level. */
  async updatePlan(data: RiskPlanUpdate): Promise<RiskEntry> {
    const visible = await this.getEntry(data.entryId);
    const plan = checkPlan(data.plan);
    return this.em.transactional(async (em) => {
      const customer = await em.findOneOrFail(Customer, { id: visible.customer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const entry = await em.findOneOrFail(RiskEntry, { id: data.entryId }, { refresh: true });
      if (entry.closedAt) throw RiskErrors.entryClosed();
      const before = snapshot(entry);
      entry.plan = plan;
      if (data.level) {
        entry.level = data.level;
        customer.riskLevel = data.level;
      }
      const audit = changedValues(before, snapshot(entry));
      if (Object.keys(audit.after).length === 0) return entry;
      await em.flush();
      const unit = await em.findOneOrFail(OrgUnit, { id: customer.orgUnit.id });
      await this.record(em, customer, unit, entry, 'risk.update_plan', 'risk.plan_updated', audit);
      return entry;
    });
  }

  /** Closes the customer's open entry with a reason and clears Customer.riskLevel. */
  async takeOffLedger(customerId: number, reason: string): Promise<RiskEntry> {
    const customer = await this.visibleCustomer(customerId);
    if (!reason.trim()) throw RiskErrors.blankField('reason');
    return this.em.transactional(async (em) => {
      const target = await em.findOneOrFail(Customer, { id: customer.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const entry = await em.findOne(RiskEntry, { customer: target.id, closedAt: null }, { refresh: true });
      if (!entry) throw RiskErrors.notOnLedger();
      const before = snapshot(entry);
      entry.closedAt = new Date();
      entry.closeReason = reason.trim();
      entry.closedBy = this.actor.userId === null ? null : em.getReference(User, this.actor.userId);
      target.riskLevel = null;
      await em.flush();
      const unit = await em.findOneOrFail(OrgUnit, { id: target.orgUnit.id });
      await this.record(em, target, unit, entry, 'risk.take_off', 'risk.closed', changedValues(before, snapshot(entry)));
      return entry;
    });
  }

  /** The ledger, most recently opened first. */
  async listLedger(query: RiskLedgerQuery): Promise<{ rows: RiskEntry[]; totalCount: number }> {
    const conditions: FilterQuery<RiskEntry>[] = [riskScopeFilter(this.scope)];
    if (!query.includeClosed) conditions.push({ closedAt: null });
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } } as FilterQuery<RiskEntry>);
    }
    if (query.levels?.length) conditions.push({ level: { $in: query.levels } });
    if (query.leaderId) conditions.push({ responsibleLeader: query.leaderId });
    const where: FilterQuery<RiskEntry> = { $and: conditions };
    const page: FilterQuery<RiskEntry> = query.after ? { $and: [...conditions, { id: { $lt: query.after[0] as number } }] } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(RiskEntry, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(RiskEntry, where),
    ]);
    return { rows, totalCount };
  }

  private async visibleCustomer(id: number): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { $and: [{ id }, customerScopeFilter(this.scope)] });
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  /** A leader 包保领导 is an active LEAD or ADMIN placed at the customer's unit or above it. */
  private async requireLeader(id: number, unit: OrgUnit): Promise<User> {
    const leader = await this.em.findOne(User, { id }, { populate: ['orgUnit'] });
    if (!leader) throw RiskErrors.leaderMissing();
    const eligibleRole = leader.role === Role.LEAD || leader.role === Role.ADMIN;
    if (!eligibleRole || leader.disabledAt || !isInSubtree(unit.path, leader.orgUnit.path)) throw RiskErrors.leaderNotEligible();
    return leader;
  }

  private async record(
    em: EntityManager,
    customer: Customer,
    unit: OrgUnit,
    entry: RiskEntry,
    action: string,
    kind: DomainEventKind,
    audit: { before: Record<string, unknown> | null; after: Record<string, unknown> },
  ): Promise<void> {
    await recordCustomerChange(em, this.actor, customer, {
      action,
      entityType: 'RiskEntry',
      entityId: entry.id,
      ...audit,
      kind,
      changedFields: ['riskLevel', 'riskEntries'],
      payload: { riskEntryId: entry.id, riskLevel: customer.riskLevel ?? null },
    });
  }
}

/** A plan 一户一策 has at least one action; texts are trimmed; nothing is done in the future. */
function checkPlan(plan: RiskAction[]): RiskAction[] {
  if (plan.length === 0) throw RiskErrors.emptyPlan();
  const today = todayIn();
  return plan.map((item, index) => {
    const action = item.action.trim();
    if (!action) throw RiskErrors.blankField(`plan.${index}.action`);
    if (item.doneOn && item.doneOn > today) throw RiskErrors.doneInFuture(index);
    return { action, dueOn: item.dueOn ?? null, doneOn: item.doneOn ?? null };
  });
}
