/**
 * Staff rotation 轮岗 (issue 8 item 5; seed 003: 建立大客户管理人员定期片区轮岗
 * 制度 … 对轮岗人员工作交接进行专项审查): moving a rep's customers, or a
 * collector's service accounts 户号, to another person — all of them or a
 * chosen few — in one transaction, with the responsibility history kept
 * (responsibility-history.ts), the open alerts of the moved accounts re-owned,
 * and an audit entry plus a domain event per customer. Also naming one
 * account's collector (assignCollector).
 *
 * Events: one per moved customer (recordCustomerChange), so every viewer's
 * live customer view and every other module's hooks see the change like any
 * other customer write. The events are numbered and announced with ONE
 * pg_notify when the transaction commits, however many customers move
 * (events/domain-events.ts; DESIGN.md "Real time"); the cap of
 * MAX_ROTATION_ACCOUNTS per call keeps the transaction short.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { recordCustomerChange } from '../../events/customer-change.js';
import type { FieldError } from '../../graphql/errors.js';
import { COMPANY_TIME_ZONE, calendarDateIn, todayIn } from '../../calendar.js';
import type { Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { Role, User } from '../org/user.entity.js';
import { scopeCondition } from '../receivables/receivables.service.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { recordHandovers } from './responsibility-history.js';
import { ResponsibilityRole } from './responsibility-period.entity.js';
import { RotationErrors } from './rotation.errors.js';

/** Accounts (customers for REP, service accounts for COLLECTOR) one rotation may move. */
export const MAX_ROTATION_ACCOUNTS = 500;

export type RotationRoleName = 'REP' | 'COLLECTOR';

export interface RotateAccountsCommand {
  fromUserId: number;
  toUserId: number;
  role: RotationRoleName;
  /** REP: these customers; COLLECTOR: fromUser's accounts of these customers. Null: all of fromUser's in scope. */
  customerIds: number[] | null;
  /** COLLECTOR only: these accounts. */
  serviceAccountIds: number[] | null;
  /** The day the rotation takes effect (company time zone), today or earlier; null: now. */
  effectiveOn: string | null;
  reason: string;
}

export interface RotationResult {
  fromUser: User;
  toUser: User;
  customerIds: number[];
  serviceAccountIds: number[];
  alertsReassigned: number;
}

/** Who may take over what: reps (or leads) take customers, collectors take accounts. */
const ELIGIBLE: Record<RotationRoleName, readonly Role[]> = {
  REP: [Role.REP, Role.LEAD],
  COLLECTOR: [Role.COLLECTOR],
};

interface Moving {
  id: number;
  customerId: number;
  path: string;
  since: Date | null;
}

export class RotationService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  async rotate(cmd: RotateAccountsCommand): Promise<RotationResult> {
    const errors: FieldError[] = [];
    const reason = cmd.reason.trim();
    if (!reason) errors.push({ field: 'reason', message: 'must not be empty' });
    if (cmd.fromUserId === cmd.toUserId) errors.push({ field: 'toUserId', message: 'must differ from fromUserId' });
    if (cmd.role === 'REP' && cmd.serviceAccountIds?.length) {
      errors.push({ field: 'serviceAccountIds', message: 'are only for role COLLECTOR; a REP rotation moves customers' });
    }
    if (cmd.effectiveOn && cmd.effectiveOn > todayIn()) {
      errors.push({ field: 'effectiveOn', message: 'must not be in the future: a rotation takes effect today or on a past day' });
    }
    const users = await this.em.find(User, { id: { $in: [cmd.fromUserId, cmd.toUserId] } }, { populate: ['orgUnit'] });
    const from = users.find((u) => u.id === cmd.fromUserId);
    const to = users.find((u) => u.id === cmd.toUserId);
    if (!from) errors.push({ field: 'fromUserId', message: 'is not a staff member' });
    if (!to) errors.push({ field: 'toUserId', message: 'is not a staff member' });
    else if (to.disabledAt) errors.push({ field: 'toUserId', message: 'is disabled' });
    else if (!ELIGIBLE[cmd.role].includes(to.role)) {
      errors.push({ field: 'toUserId', message: `must be a ${ELIGIBLE[cmd.role].join(' or ')} to take over ${cmd.role} accounts, not a ${to.role}` });
    }
    if (errors.length) throw RotationErrors.bad(errors);

    const moving = cmd.role === 'REP' ? await this.customersOf(cmd) : await this.accountsOf(cmd);
    this.checkSelection(cmd, moving, errors);
    if (!moving.length && !errors.length) errors.push({ field: 'fromUserId', message: `holds no ${cmd.role} accounts in your scope to rotate` });
    if (moving.length > MAX_ROTATION_ACCOUNTS) {
      errors.push({ field: cmd.role === 'REP' ? 'customerIds' : 'serviceAccountIds', message: `name at most ${MAX_ROTATION_ACCOUNTS} accounts per rotation (${moving.length} match)` });
    }
    // The new holder must sit at each account's org unit or above it, as customer.service asks of a rep.
    const outside = moving.filter((m) => !isInSubtree(m.path, to!.orgUnit.path));
    if (outside.length) {
      errors.push({ field: 'toUserId', message: `is outside the org subtree of ${outside.length} of the accounts: must sit at their org unit or above it` });
    }
    const at = cmd.effectiveOn ? await this.startOf(cmd.effectiveOn) : null;
    if (cmd.effectiveOn) {
      const later = moving.filter((m) => m.since && calendarDateIn(new Date(m.since)) > cmd.effectiveOn!);
      if (later.length) errors.push({ field: 'effectiveOn', message: `is before the day the current holder of ${later.length} of the accounts took over` });
    }
    if (errors.length) throw RotationErrors.bad(errors);

    return this.em.transactional(async (em) => {
      const result = cmd.role === 'REP' ? await this.moveCustomers(em, cmd, moving, at, reason) : await this.moveAccounts(em, cmd, moving, at, reason);
      return { fromUser: from!, toUser: to!, ...result };
    });
  }

  /** Names (or clears) the fee collector 收费员 of one service account, keeping the history. */
  async assignCollector(serviceAccountId: number, collectorId: number | null, reasonText: string): Promise<{ serviceAccount: ServiceAccount; previousCollectorId: number | null }> {
    const reason = reasonText.trim();
    if (!reason) throw RotationErrors.bad([{ field: 'reason', message: 'must not be empty' }]);
    const visible = scopeCondition(this.scope);
    const [row] = await this.em.execute<Array<{ path: string }>>(
      `select o.path from service_account sa join customer c on c.id = sa.customer_id join org_unit o on o.id = sa.org_unit_id
       where sa.id = ? and ${visible.sql}`,
      [serviceAccountId, ...visible.params],
    );
    if (!row) throw RotationErrors.accountNotFound();
    if (collectorId !== null) {
      const collector = await this.em.findOne(User, { id: collectorId }, { populate: ['orgUnit'] });
      const problem = !collector
        ? 'is not a staff member'
        : collector.role !== Role.COLLECTOR
          ? `must be a COLLECTOR, not a ${collector.role}`
          : collector.disabledAt
            ? 'is disabled'
            : !isInSubtree(row.path, collector.orgUnit.path)
              ? "is outside the account's org subtree: must sit at its station or above it"
              : null;
      if (problem) throw RotationErrors.bad([{ field: 'collectorId', message: problem }]);
    }
    return this.em.transactional(async (em) => {
      const account = await em.findOneOrFail(ServiceAccount, { id: serviceAccountId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const previousCollectorId = account.collector?.id ?? null;
      if (previousCollectorId === collectorId) return { serviceAccount: account, previousCollectorId };
      account.collector = collectorId ? em.getReference(User, collectorId) : null;
      const customer = await em.findOneOrFail(Customer, { id: account.customer.id });
      customer.updatedAt = new Date();
      await em.flush();
      await recordHandovers(em, ResponsibilityRole.COLLECTOR, [{ customerId: customer.id, serviceAccountId: account.id, userId: collectorId }], {
        at: null,
        reason,
        changedById: this.actor.userId,
      });
      const reowned = previousCollectorId && collectorId ? await this.reownAlerts(em, previousCollectorId, collectorId, 'service_account_id', [account.id]) : [];
      await recordCustomerChange(em, this.actor, customer, {
        action: 'service_account.assign_collector',
        entityType: 'ServiceAccount',
        entityId: account.id,
        before: { collectorId: previousCollectorId },
        after: { collectorId, reason, reassignedAlertIds: reowned.map((r) => r.id) },
        kind: 'customer.service_account_updated',
        changedFields: ['serviceAccounts'],
        payload: { serviceAccountId: account.id, accountNumber: account.accountNumber },
      });
      return { serviceAccount: account, previousCollectorId };
    });
  }

  // ------------------------------------------------------------ selection

  /** fromUser's customers in scope (all, or those named), with their org unit and current period. */
  private customersOf(cmd: RotateAccountsCommand): Promise<Moving[]> {
    const visible = scopeCondition(this.scope);
    const named = cmd.customerIds?.length ? 'and c.id = any(?::int[])' : '';
    return this.em.execute<Moving[]>(
      `select c.id, c.id as "customerId", o.path, rp.started_at as since
       from customer c join org_unit o on o.id = c.org_unit_id
       left join responsibility_period rp on rp.customer_id = c.id and rp.role = 'REP' and rp.ended_at is null
       where c.responsible_rep_id = ? and ${visible.sql} ${named}
       order by c.id`,
      [cmd.fromUserId, ...visible.params, ...(named ? [`{${cmd.customerIds!.join(',')}}`] : [])],
    );
  }

  /** fromUser's service accounts in scope (all, those named, or those of the named customers), with the serving station. */
  private accountsOf(cmd: RotateAccountsCommand): Promise<Moving[]> {
    const visible = scopeCondition(this.scope);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (cmd.serviceAccountIds?.length) {
      conditions.push('sa.id = any(?::int[])');
      params.push(`{${cmd.serviceAccountIds.join(',')}}`);
    }
    if (cmd.customerIds?.length) {
      conditions.push('sa.customer_id = any(?::int[])');
      params.push(`{${cmd.customerIds.join(',')}}`);
    }
    return this.em.execute<Moving[]>(
      `select sa.id, sa.customer_id as "customerId", o.path, rp.started_at as since
       from service_account sa join customer c on c.id = sa.customer_id join org_unit o on o.id = sa.org_unit_id
       left join responsibility_period rp on rp.service_account_id = sa.id and rp.role = 'COLLECTOR' and rp.ended_at is null
       where sa.collector_id = ? and ${visible.sql} ${conditions.map((c) => `and ${c}`).join(' ')}
       order by sa.id`,
      [cmd.fromUserId, ...visible.params, ...params],
    );
  }

  /** Every id named must be one of fromUser's accounts the viewer may see (one message for both, so nothing leaks). */
  private checkSelection(cmd: RotateAccountsCommand, moving: Moving[], errors: FieldError[]): void {
    const ids = new Set(moving.map((m) => m.id));
    const customers = new Set(moving.map((m) => m.customerId));
    const problem = cmd.role === 'REP' ? 'is not a customer of fromUser that you may see' : 'holds no service account of fromUser that you may see';
    cmd.customerIds?.forEach((id, i) => {
      if (!customers.has(id)) errors.push({ field: `customerIds.${i}`, message: problem });
    });
    if (cmd.role === 'COLLECTOR') {
      cmd.serviceAccountIds?.forEach((id, i) => {
        if (!ids.has(id)) errors.push({ field: `serviceAccountIds.${i}`, message: 'is not a service account of fromUser that you may see' });
      });
    }
  }

  private async startOf(day: string): Promise<Date> {
    const [row] = await this.em.execute<Array<{ at: Date }>>(`select (?::date)::timestamp at time zone ? as at`, [day, COMPANY_TIME_ZONE]);
    return new Date(row!.at);
  }

  // ------------------------------------------------------------ writing

  private async moveCustomers(em: EntityManager, cmd: RotateAccountsCommand, moving: Moving[], at: Date | null, reason: string) {
    const ids = moving.map((m) => m.id);
    // Conditional on the rep still being fromUser: a concurrent change makes the whole rotation fail.
    const moved = await em.execute<Array<{ id: number }>>(
      `update customer set responsible_rep_id = ?, updated_at = now() where id = any(?::int[]) and responsible_rep_id = ? returning id`,
      [cmd.toUserId, `{${ids.join(',')}}`, cmd.fromUserId],
    );
    if (moved.length !== ids.length) throw RotationErrors.changedMeanwhile();
    await recordHandovers(em, ResponsibilityRole.REP, ids.map((id) => ({ customerId: id, serviceAccountId: null, userId: cmd.toUserId })), {
      at,
      reason,
      changedById: this.actor.userId,
    });
    const reowned = await this.reownAlerts(em, cmd.fromUserId, cmd.toUserId, 'customer_id', ids);
    await this.announce(em, cmd, ids, new Map(), reowned, reason);
    return { customerIds: ids, serviceAccountIds: [], alertsReassigned: reowned.length };
  }

  private async moveAccounts(em: EntityManager, cmd: RotateAccountsCommand, moving: Moving[], at: Date | null, reason: string) {
    const ids = moving.map((m) => m.id);
    const moved = await em.execute<Array<{ id: number }>>(
      `update service_account set collector_id = ? where id = any(?::int[]) and collector_id = ? returning id`,
      [cmd.toUserId, `{${ids.join(',')}}`, cmd.fromUserId],
    );
    if (moved.length !== ids.length) throw RotationErrors.changedMeanwhile();
    const customerIds = [...new Set(moving.map((m) => m.customerId))];
    await em.execute(`update customer set updated_at = now() where id = any(?::int[])`, [`{${customerIds.join(',')}}`]);
    await recordHandovers(em, ResponsibilityRole.COLLECTOR, moving.map((m) => ({ customerId: m.customerId, serviceAccountId: m.id, userId: cmd.toUserId })), {
      at,
      reason,
      changedById: this.actor.userId,
    });
    const reowned = await this.reownAlerts(em, cmd.fromUserId, cmd.toUserId, 'service_account_id', ids);
    const accountsByCustomer = new Map<number, number[]>();
    for (const m of moving) accountsByCustomer.set(m.customerId, [...(accountsByCustomer.get(m.customerId) ?? []), m.id]);
    await this.announce(em, cmd, customerIds, accountsByCustomer, reowned, reason);
    return { customerIds, serviceAccountIds: ids, alertsReassigned: reowned.length };
  }

  /** Open alerts of the moved accounts that fromUser owned now belong to toUser (the worklist follows the account). */
  private reownAlerts(em: EntityManager, fromUserId: number, toUserId: number, column: 'customer_id' | 'service_account_id', ids: number[]) {
    return em.execute<Array<{ id: number; customerId: number }>>(
      `update alert set owner_id = ? where resolved_at is null and owner_id = ? and ${column} = any(?::int[])
       returning id::int as id, customer_id as "customerId"`,
      [toUserId, fromUserId, `{${ids.join(',')}}`],
    );
  }

  /** One audit entry and one domain event per moved customer. */
  private async announce(
    em: EntityManager,
    cmd: RotateAccountsCommand,
    customerIds: number[],
    accountsByCustomer: Map<number, number[]>,
    reowned: Array<{ id: number; customerId: number }>,
    reason: string,
  ): Promise<void> {
    const customers = await em.find(Customer, { id: { $in: customerIds } }, { refresh: true, orderBy: { id: 'asc' } });
    // Into the identity map, so recordCustomerChange finds each unit without a statement.
    await em.find(OrgUnit, { id: { $in: [...new Set(customers.map((c) => c.orgUnit.id))] } });
    for (const customer of customers) {
      const alertIds = reowned.filter((r) => r.customerId === customer.id).map((r) => r.id);
      const accounts = accountsByCustomer.get(customer.id) ?? [];
      const shared = { reason, effectiveOn: cmd.effectiveOn, reassignedAlertIds: alertIds };
      await recordCustomerChange(em, this.actor, customer, {
        action: 'rotation.rotate',
        entityType: 'Customer',
        entityId: customer.id,
        ...(cmd.role === 'REP'
          ? {
              before: { responsibleRepId: cmd.fromUserId },
              after: { responsibleRepId: cmd.toUserId, ...shared },
              kind: 'customer.updated' as const,
              changedFields: ['responsibleRep'],
              payload: { previousResponsibleRepId: cmd.fromUserId, rotation: true },
            }
          : {
              before: { collectorId: cmd.fromUserId, serviceAccountIds: accounts },
              after: { collectorId: cmd.toUserId, serviceAccountIds: accounts, ...shared },
              kind: 'customer.service_account_updated' as const,
              changedFields: ['serviceAccounts'],
              payload: { serviceAccountIds: accounts, rotation: true },
            }),
      });
    }
  }
}
