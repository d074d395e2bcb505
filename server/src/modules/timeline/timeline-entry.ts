/**
 * One entry of a customer's timeline: what happened (its kind), when, who
 * did it and the row it is about (its subject). Entries are not stored; they
 * are read from the source tables (timeline.sources.ts) one page at a time.
 */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';

/**
 * The kinds of entry. A module adding a source adds its kind here (and a
 * free code in timeline.sources.ts); the values sort entries that happened at
 * the same instant, by name.
 */
export enum TimelineKind {
  STATUS_CHANGED = 'STATUS_CHANGED',
  VISIT = 'VISIT',
  CONTRACT_EVENT = 'CONTRACT_EVENT',
  RISK_OPENED = 'RISK_OPENED',
  RISK_CLOSED = 'RISK_CLOSED',
  CONTACT_ADDED = 'CONTACT_ADDED',
  CONTACT_CHANGED = 'CONTACT_CHANGED',
  CONTACT_ARCHIVED = 'CONTACT_ARCHIVED',
  SERVICE_ACCOUNT_OPENED = 'SERVICE_ACCOUNT_OPENED',
  SERVICE_ACCOUNT_CLOSED = 'SERVICE_ACCOUNT_CLOSED',
}
registerEnumType(TimelineKind, {
  name: 'TimelineKind',
  description: 'What a timeline entry records.',
  valuesConfig: {
    STATUS_CHANGED: { description: 'The customer reached a lifecycle stage; the subject is the CustomerStatusChange.' },
    VISIT: { description: 'A visit 走访 or call; the subject is the Visit, at the time it happened.' },
    CONTRACT_EVENT: { description: 'Something happened to a contract (created, signed, renewed …); the subject is the ContractEvent.' },
    RISK_OPENED: { description: 'The customer was put on the risk ledger 风险客户台账; the subject is the RiskEntry.' },
    RISK_CLOSED: { description: 'The customer was taken off the risk ledger; the subject is the RiskEntry.' },
    CONTACT_ADDED: { description: 'A contact person was added; the subject is the Contact.' },
    CONTACT_CHANGED: { description: 'A contact person was changed 动态信息; the subject is the ContactRevision.' },
    CONTACT_ARCHIVED: { description: 'A contact person left or was removed; the subject is the Contact.' },
    SERVICE_ACCOUNT_OPENED: { description: 'A service account 户号 started supply (or was recorded, when no start is known); the subject is the ServiceAccount.' },
    SERVICE_ACCOUNT_CLOSED: { description: 'A service account was closed 销户; the subject is the ServiceAccount.' },
  },
});

/** A row of a timeline page as the service reads it. */
export interface TimelineRow {
  customerId: number;
  kind: TimelineKind;
  occurredAt: Date;
  /** `occurredAt` to the microsecond (PostgreSQL's precision), ISO 8601 in UTC: the cursor's time. */
  occurredKey: string;
  /** Primary key of the subject row. */
  sourceId: number;
  actorId: number | null;
}

/**
 * Entry IDs pack the source row's id and the kind's code into one number
 * (`sourceId * KIND_CODES + code`), so `node(id:)` finds an entry again.
 */
export const KIND_CODES = 32;

@ObjectType('TimelineEntry', { implements: Node, description: "One thing that happened to a customer, in the customer's timeline." })
export class TimelineEntry implements TimelineRow {
  customerId!: number;
  sourceId!: number;
  actorId!: number | null;
  occurredKey!: string;

  @Field(() => TimelineKind, { description: 'What happened; says how to read the subject.' })
  kind!: TimelineKind;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  /** The kind's code (timeline.sources.ts), for the ID. */
  code!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque, stable ID of the entry (its kind and subject).' })
  get nodeId(): string {
    return toGlobalId('TimelineEntry', this.sourceId * KIND_CODES + this.code);
  }

  static of(row: TimelineRow, code: number): TimelineEntry {
    return Object.assign(new TimelineEntry(), row, { code });
  }
}
