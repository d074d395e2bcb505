/**
 * Where timeline entries come from: a registry of sources, each a SQL
 * fragment over one table (plus joins) and the kind of entry its rows make.
 * The timeline's page query is a UNION ALL over the registered sources, so a
 * module adds its facts to every customer's history by registering a source:
 *
 *   registerTimelineSource({
 *     kind: TimelineKind.BILL_ISSUED,          // a value added to TimelineKind
 *     code: 11,                                // free, never reused
 *     subject: Bill,                           // entity and GraphQL type
 *     from: 'bill x join service_account a on a.id = x.service_account_id',
 *     customerId: 'a.customer_id',
 *     occurredAt: 'x.issued_at',
 *     actorId: 'null',
 *     requires: ApiKeyScope.RECEIVABLES_READ,
 *   });
 *
 * (The receivables module is expected to add bills and payments this way.)
 * The source's table must have an integer `id`, aliased `x`; an index on
 * (customer, occurred) keeps a page a short index scan.
 */
import type { EntityClass } from '@mikro-orm/core';
import type { Permission } from '../auth/permissions.js';
import { CustomerStatusChange } from '../customers/status-change.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { ContractEvent } from '../contracts/contract.entity.js';
import { RiskEntry } from '../risk/risk-entry.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { ContactRevision } from '../contacts/contact-revision.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { KIND_CODES, TimelineKind } from './timeline-entry.js';

export interface TimelineSource {
  kind: TimelineKind;
  /** 1–31, unique and stable: entry IDs carry it. */
  code: number;
  /** The subject's entity, which is also its GraphQL object type (a member of the TimelineSubject union). */
  subject: EntityClass<{ id: number }>;
  /** FROM clause (with joins); the subject's table is aliased `x`. */
  from: string;
  /** SQL expression: the customer's id. */
  customerId: string;
  /** SQL expression (timestamptz): when it happened. */
  occurredAt: string;
  /** SQL expression: the app_user id of who did it, or 'null'. */
  actorId: string;
  /** Extra SQL condition, e.g. that the moment exists at all. */
  where?: string;
  /** A permission needed, besides customers:read, to see entries of this kind. */
  requires?: Permission;
}

const SOURCES = new Map<TimelineKind, TimelineSource>();
const BY_CODE = new Map<number, TimelineSource>();

export function registerTimelineSource(source: TimelineSource): void {
  if (!/^[A-Z][A-Z_]*$/.test(source.kind)) throw new Error(`timeline kind ${source.kind} must be SCREAMING_CASE`);
  if (!Number.isInteger(source.code) || source.code < 1 || source.code >= KIND_CODES) {
    throw new Error(`timeline source ${source.kind}: code must be an integer from 1 to ${KIND_CODES - 1}`);
  }
  const taken = SOURCES.get(source.kind) ?? BY_CODE.get(source.code);
  if (taken) throw new Error(`timeline source ${source.kind} (code ${source.code}) clashes with ${taken.kind} (code ${taken.code})`);
  SOURCES.set(source.kind, source);
  BY_CODE.set(source.code, source);
}

/** Every registered source, in registration order. */
export function timelineSources(): TimelineSource[] {
  return [...SOURCES.values()];
}

export function sourceOfKind(kind: string): TimelineSource | undefined {
  return SOURCES.get(kind as TimelineKind);
}

export function sourceOfCode(code: number): TimelineSource | undefined {
  return BY_CODE.get(code);
}

/** The subject types of all sources, each once: the members of the TimelineSubject union. */
export function timelineSubjectTypes(): Array<EntityClass<{ id: number }>> {
  return [...new Set(timelineSources().map((s) => s.subject))];
}

// ------------------------------------------------------- the CRM core's sources

registerTimelineSource({
  kind: TimelineKind.STATUS_CHANGED,
  code: 1,
  subject: CustomerStatusChange,
  from: 'customer_status_change x',
  customerId: 'x.customer_id',
  occurredAt: 'x.changed_at',
  actorId: 'x.changed_by_id',
});
registerTimelineSource({
  kind: TimelineKind.VISIT,
  code: 2,
  subject: Visit,
  from: 'visit x',
  customerId: 'x.customer_id',
  occurredAt: 'x.occurred_at',
  actorId: 'x.recorded_by_id',
});
registerTimelineSource({
  kind: TimelineKind.CONTRACT_EVENT,
  code: 3,
  subject: ContractEvent,
  from: 'contract_event x',
  customerId: 'x.customer_id',
  occurredAt: 'x.occurred_at',
  actorId: 'x.actor_id',
});
registerTimelineSource({
  kind: TimelineKind.RISK_OPENED,
  code: 4,
  subject: RiskEntry,
  from: 'risk_entry x',
  customerId: 'x.customer_id',
  occurredAt: 'x.opened_at',
  actorId: 'x.opened_by_id',
});
registerTimelineSource({
  kind: TimelineKind.RISK_CLOSED,
  code: 5,
  subject: RiskEntry,
  from: 'risk_entry x',
  customerId: 'x.customer_id',
  occurredAt: 'x.closed_at',
  actorId: 'x.closed_by_id',
  where: 'x.closed_at is not null',
});
registerTimelineSource({
  kind: TimelineKind.CONTACT_ADDED,
  code: 6,
  subject: Contact,
  from: 'contact x',
  customerId: 'x.customer_id',
  occurredAt: 'x.created_at',
  actorId: 'null',
});
registerTimelineSource({
  kind: TimelineKind.CONTACT_CHANGED,
  code: 7,
  subject: ContactRevision,
  from: 'contact_revision x join contact k on k.id = x.contact_id',
  customerId: 'k.customer_id',
  occurredAt: 'x.changed_at',
  actorId: 'x.changed_by_id',
});
registerTimelineSource({
  kind: TimelineKind.CONTACT_ARCHIVED,
  code: 8,
  subject: Contact,
  from: 'contact x',
  customerId: 'x.customer_id',
  occurredAt: 'x.archived_at',
  actorId: 'null',
  where: 'x.archived_at is not null',
});
registerTimelineSource({
  kind: TimelineKind.SERVICE_ACCOUNT_OPENED,
  code: 9,
  subject: ServiceAccount,
  from: 'service_account x',
  customerId: 'x.customer_id',
  occurredAt: 'coalesce(x.opened_at, x.created_at)',
  actorId: 'null',
});
registerTimelineSource({
  kind: TimelineKind.SERVICE_ACCOUNT_CLOSED,
  code: 10,
  subject: ServiceAccount,
  from: 'service_account x',
  customerId: 'x.customer_id',
  occurredAt: 'x.closed_at',
  actorId: 'null',
  where: 'x.closed_at is not null',
});
