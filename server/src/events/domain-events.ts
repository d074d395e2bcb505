/**
 * Domain events: a row in `domain_event` written by the same transaction as
 * the change it describes. The notify is not sent here: a deferred trigger
 * (domain_event_commit, Migration20261126070000_one_notify) numbers the
 * transaction's events in commit order (`seq`) as it commits and sends ONE
 * `pg_notify` carrying the highest seq, however many events the transaction
 * recorded — a rotation of 500 customers notifies once, keeping commits off
 * the notify-queue lock (DESIGN.md "Real time"). PostgreSQL delivers a
 * notification only when its transaction commits, so listeners never see a
 * change that was rolled back; the listener reads every event after the last
 * seq it saw (events/event-bus.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';

/** The channel the commit trigger notifies on (spelled out in Migration20261126070000_one_notify too). */
export const EVENTS_CHANNEL = 'gridline_events';

export type DomainEventKind =
  | 'customer.created'
  | 'customer.updated'
  | 'customer.contact_added'
  /** A contact changed (a revision was written): payload { contactId, contactFields, changedFields: ['contacts'], responsibleRepId }. */
  | 'customer.contact_updated'
  /** A contact was archived: payload as customer.contact_updated. */
  | 'customer.contact_archived'
  /** A service account 户号 was added: payload { serviceAccountId, accountNumber, changedFields: ['serviceAccounts'], responsibleRepId }. */
  | 'customer.service_account_added'
  /** A service account's address, district, meter points or station changed: payload as above. */
  | 'customer.service_account_updated'
  /** A service account was suspended, resumed or closed: payload as above plus { fromStatus, toStatus, reason }. */
  | 'customer.service_account_status_changed'
  /** A visit was logged: payload { visitId, channel, purpose, changedFields: ['visits'], responsibleRepId }. */
  | 'visit.logged'
  /**
   * A contract moved (created, signed, amended, renewed, terminated, expired, a document attached):
   * payload { contractId, contractEvent, contractFields?, changedFields: ['contracts'], responsibleRepId }.
   */
  | 'contract.created'
  | 'contract.signed'
  | 'contract.amended'
  | 'contract.renewed'
  | 'contract.terminated'
  | 'contract.expired'
  | 'contract.attachment_added'
  /** The risk ledger 风险客户台账 changed: payload { riskEntryId, riskLevel, changedFields: ['riskLevel', 'riskEntries'], responsibleRepId }. */
  | 'risk.opened'
  | 'risk.plan_updated'
  | 'risk.closed'
  /**
   * An alert was raised: payload { alertId, alertKind, severity, ownerId, serviceAccountId, responsibleRepId }
   * plus { seq }, written into the row by the commit trigger (modules/alerts).
   */
  | 'alert.raised'
  /** An alert was acknowledged, assigned or resolved: payload { alertId, alertKind, severity, ownerId, responsibleRepId }. */
  | 'alert.acknowledged'
  | 'alert.assigned'
  | 'alert.resolved'
  /**
   * The receivables ledger moved: payload { serviceAccountId, accountNumber, billId | paymentId | adjustmentId | refundId,
   * amount, changedFields: ['balance'], responsibleRepId }. Batches (bills_imported, payments_recorded) carry
   * { count, ids, responsibleRepId: null } and no customer.
   */
  | 'receivables.bill_recorded'
  | 'receivables.bills_imported'
  | 'receivables.payment_recorded'
  | 'receivables.payments_recorded'
  | 'receivables.adjustment_recorded'
  | 'receivables.payment_refunded'
  /**
   * An installment plan 分期协议 was agreed, paid into, cancelled or breached:
   * payload { planId, serviceAccountId, planStatus, instalmentId?, changedFields: ['installmentPlans'], responsibleRepId }.
   */
  | 'installment.agreed'
  | 'installment.instalment_paid'
  | 'installment.cancelled'
  | 'installment.breached'
  /**
   * Safety inspections and rectification notices 整改通知书 (modules/inspections): payload { inspectionId | noticeId,
   * noticeIds?, changedFields: ['inspections'] or ['rectificationNotices'], responsibleRepId }.
   */
  | 'inspection.recorded'
  | 'rectification.closed'
  | 'rectification.extended'
  /** Return visits 回访 (modules/return-visits): payload { returnVisitId, reason, visitId?, changedFields: ['returnVisits'], responsibleRepId }. */
  | 'return_visit.scheduled'
  | 'return_visit.completed'
  /**
   * Collection campaigns 清欠专项行动 (modules/campaigns): hard accounts added, or their leader 包保领导 assigned:
   * payload { campaignId, serviceAccountIds, leaderId?, changedFields: ['campaigns'], responsibleRepId }.
   */
  | 'campaign.accounts_added'
  | 'campaign.leader_assigned'
  /** A meter 计量仪表 was installed, removed or calibrated: payload { meterId, serviceAccountId, changedFields: ['meters'], responsibleRepId }. */
  | 'meter.installed'
  | 'meter.removed'
  | 'meter.calibrated'
  /** Meter readings were recorded on a service account: payload { serviceAccountId, readingIds, changedFields: ['consumption'], responsibleRepId }. */
  | 'meter.readings_recorded'
  /**
   * A development reward 开发专项奖励 was proposed (window closed), approved or rejected (modules/rewards):
   * payload { rewardId, developerId, amount, rewardStatus, changedFields: ['rewards'], responsibleRepId }.
   */
  | 'reward.proposed'
  | 'reward.approved'
  | 'reward.rejected'
  /**
   * A customer's collection worklist 工作清单 changed (modules/worklists): items made, done or cancelled by the daily
   * scan, or done by a collection visit: payload { created?, done, cancelled?, visitId?, changedFields: ['worklistItems'], responsibleRepId }.
   */
  | 'worklist.updated'
  /** Sessions that must end now: payload { userId } or { apiKeyId }. */
  | 'auth.user_disabled'
  /** A user's role or org unit changed (modules/org): its open subscriptions, authorised with the old ones, end; payload { userId }. */
  | 'auth.user_access_changed'
  | 'auth.api_key_revoked';

export interface DomainEvent {
  id: string;
  kind: DomainEventKind;
  customerId: number | null;
  orgUnitId: number;
  /** Path of the org unit the event belongs to, '/1/4/9/'. */
  orgPath: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export type NewDomainEvent = Omit<DomainEvent, 'id' | 'createdAt'>;

/**
 * Writes the event inside the caller's transaction (`em` must be the
 * transactional EntityManager); the commit trigger announces it.
 */
export async function recordEvent(em: EntityManager, event: NewDomainEvent): Promise<string> {
  const rows = await em.execute<Array<{ id: string }>>(
    `insert into domain_event (kind, customer_id, org_unit_id, org_path, payload)
     values (?, ?, ?, ?, ?::jsonb) returning id::text as id`,
    [event.kind, event.customerId, event.orgUnitId, event.orgPath, JSON.stringify(event.payload)],
  );
  return rows[0]!.id;
}

/** SQL select list turning a domain_event row into a DomainEvent. */
export const EVENT_COLUMNS = `id::text as id, kind, customer_id as "customerId", org_unit_id as "orgUnitId",
  org_path as "orgPath", payload, created_at as "createdAt"`;
