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
  BILL_ISSUED = 'BILL_ISSUED',
  PAYMENT_RECEIVED = 'PAYMENT_RECEIVED',
  BALANCE_ADJUSTED = 'BALANCE_ADJUSTED',
  METER_INSTALLED = 'METER_INSTALLED',
  METER_CALIBRATED = 'METER_CALIBRATED',
  METER_REMOVED = 'METER_REMOVED',
  RESPONSIBILITY_CHANGED = 'RESPONSIBILITY_CHANGED',
  COLLECTOR_CHANGED = 'COLLECTOR_CHANGED',
  INSPECTION_PERFORMED = 'INSPECTION_PERFORMED',
  RECTIFICATION_OPENED = 'RECTIFICATION_OPENED',
  RECTIFICATION_CLOSED = 'RECTIFICATION_CLOSED',
  RETURN_VISIT_SCHEDULED = 'RETURN_VISIT_SCHEDULED',
  RETURN_VISIT_DONE = 'RETURN_VISIT_DONE',
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
    BILL_ISSUED: { description: 'A bill 账单 was issued for one of its service accounts (at the start of its issue day, company time zone); the subject is the Bill. Needs receivables:read.' },
    PAYMENT_RECEIVED: { description: 'A payment 缴费 was received (when it was paid); the subject is the Payment. Needs receivables:read.' },
    BALANCE_ADJUSTED: { description: 'A balance was adjusted: credit note 红冲/退补, debit 补收 or write-off 核销; the subject is the Adjustment. Needs receivables:read.' },
    METER_INSTALLED: { description: 'A meter 计量仪表 was installed on one of its service accounts (at the start of the install day); the subject is the Meter.' },
    METER_CALIBRATED: { description: 'A meter was calibrated 计量检定 (at the start of the calibration day); the subject is the MeterCalibration.' },
    METER_REMOVED: { description: 'A meter was removed 拆表/换表 (at the start of the removal day); the subject is the Meter.' },
    RESPONSIBILITY_CHANGED: { description: 'A responsible rep 客户经理 or leader 包保领导 took over the customer (rotation 轮岗 or assignment); the subject is the ResponsibilityPeriod.' },
    COLLECTOR_CHANGED: { description: 'A fee collector 收费员 took over one of its service accounts from another (or was named after the account was recorded); the subject is the ResponsibilityPeriod.' },
    INSPECTION_PERFORMED: { description: 'A safety inspection 安全检查/巡检 was performed (at noon of its day); the subject is the Inspection.' },
    RECTIFICATION_OPENED: { description: 'A rectification notice 整改通知书 was issued; the subject is the RectificationNotice.' },
    RECTIFICATION_CLOSED: { description: 'A rectification notice was closed with evidence; the subject is the RectificationNotice.' },
    RETURN_VISIT_SCHEDULED: { description: 'A return visit 回访 was scheduled after a service event; the subject is the ReturnVisit.' },
    RETURN_VISIT_DONE: { description: 'A scheduled return visit was made (a RETURN_VISIT visit was logged); the subject is the ReturnVisit.' },
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
