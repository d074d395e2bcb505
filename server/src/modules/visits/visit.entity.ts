/**
 * Visits 走访/拜访: a phone call, an on-site visit, a WeChat exchange, an event
 * or seminar with a customer — who went (leaders count: 领导走访), why, what
 * came of it, the next step and, on collection visits, a promise to pay.
 */
import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { User } from '../org/user.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';

export enum VisitChannel {
  PHONE = 'PHONE',
  ON_SITE = 'ON_SITE',
  WECHAT = 'WECHAT',
  EVENT = 'EVENT',
  SEMINAR = 'SEMINAR',
}
registerEnumType(VisitChannel, {
  name: 'VisitChannel',
  description: 'How the contact happened.',
  valuesConfig: {
    PHONE: { description: 'Phone call 电话.' },
    ON_SITE: { description: 'On-site visit 实地走访 (check-in time and place required).' },
    WECHAT: { description: 'WeChat 微信.' },
    EVENT: { description: 'An event or exhibition 活动.' },
    SEMINAR: { description: 'A seminar 座谈会.' },
  },
});

export enum VisitPurpose {
  DEVELOPMENT = 'DEVELOPMENT',
  COLLECTION = 'COLLECTION',
  SERVICE = 'SERVICE',
  RETURN_VISIT = 'RETURN_VISIT',
  INSPECTION = 'INSPECTION',
  CONTRACT = 'CONTRACT',
  COMPLAINT = 'COMPLAINT',
}
registerEnumType(VisitPurpose, {
  name: 'VisitPurpose',
  description: 'Why the visit happened.',
  valuesConfig: {
    DEVELOPMENT: { description: 'Developing a prospect 开发.' },
    COLLECTION: { description: 'Collecting arrears 催收/清收 (may record a promise to pay).' },
    SERVICE: { description: 'Service: invoice delivery, notices, training 服务.' },
    RETURN_VISIT: { description: 'Return visit 回访 (records satisfaction).' },
    INSPECTION: { description: 'Safety inspection 安检.' },
    CONTRACT: { description: 'Contract talks or signing 合同.' },
    COMPLAINT: { description: 'Handling a complaint 投诉.' },
  },
});

@ObjectType('Visit', { implements: Node, description: 'A visit 走访 or call with a customer.' })
@Entity({ tableName: 'visit' })
@Index({ name: 'visit_customer_occurred_idx', properties: ['customer', 'occurredAt', 'id'] })
@Index({ name: 'visit_recorded_by_occurred_idx', properties: ['recordedBy', 'occurredAt'] })
// The worklist's promises due on a day (Migration20261126091000_visit_promise_index).
@Index({ name: 'visit_promised_on_idx', expression: 'create index visit_promised_on_idx on visit (promised_on) where promised_on is not null' })
@Check({ name: 'visit_satisfaction_range', expression: 'satisfaction >= 1 and satisfaction <= 5' })
@Check({ name: 'visit_promise_positive', expression: 'promised_amount > 0' })
export class Visit {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Visit', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The service account the visit was about, if one. */
  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => VisitChannel, { description: 'Phone, on-site, WeChat, event or seminar.' })
  @Enum({ items: () => VisitChannel, columnType: 'text' })
  channel!: VisitChannel;

  @Field(() => VisitPurpose, { description: 'Why.' })
  @Enum({ items: () => VisitPurpose, columnType: 'text' })
  purpose!: VisitPurpose;

  @Field(() => Date, { description: 'When it happened.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Field(() => String, { description: 'What came of it.' })
  @Property({ type: 'text' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The agreed next step.' })
  @Property({ type: 'text', nullable: true })
  nextStep?: string | null;

  @Field(() => String, { nullable: true, description: 'Date (YYYY-MM-DD, company time zone) the next step is due.' })
  @Property({ type: 'date', nullable: true })
  nextStepDueOn?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Promise to pay: the amount in CNY (collection visits only).' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  promisedAmount?: string | null;

  @Field(() => String, { nullable: true, description: 'Promise to pay: the date (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  promisedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1–5, asked on return visits.' })
  @Property({ type: 'smallint', nullable: true })
  satisfaction?: number | null;

  @Field(() => Date, { nullable: true, description: 'On-site check-in time.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  checkInAt?: Date | null;

  @Field(() => Float, { nullable: true, description: 'On-site check-in latitude (WGS-84).' })
  @Property({ type: 'double', nullable: true })
  checkInLatitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'On-site check-in longitude (WGS-84).' })
  @Property({ type: 'double', nullable: true })
  checkInLongitude?: number | null;

  /** Who logged it; also one of the participants. */
  @ManyToOne(() => User, { index: false })
  recordedBy!: Rel<User>;

  /** Everyone who went, leaders included (领导走访). */
  @ManyToMany({ entity: () => User, pivotTable: 'visit_participant', joinColumn: 'visit_id', inverseJoinColumn: 'user_id' })
  participants = new Collection<User>(this);

  @Field(() => Date, { description: 'When the visit was logged.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
