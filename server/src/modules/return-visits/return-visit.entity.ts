/**
 * Return visits 回访 after service events (DOMAIN.md "Service": scheduled
 * return visits with feedback; seed 003 §3(6)⑤ 多层次、全方位回访服务 and §4(5)
 * analysing customers' service ratings). A return visit is scheduled when a
 * rectification notice is closed, a meter installed or a repair done, and is
 * DONE when a visit with purpose RETURN_VISIT is logged for the customer; the
 * visit's satisfaction (1–5) is copied onto it.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { todayIn } from '../../calendar.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { User } from '../org/user.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { RectificationNotice } from '../inspections/inspection.entity.js';

export enum ReturnVisitReason {
  INSTALLATION = 'INSTALLATION',
  REPAIR = 'REPAIR',
  RECTIFICATION = 'RECTIFICATION',
  COMPLAINT = 'COMPLAINT',
  OTHER = 'OTHER',
}
registerEnumType(ReturnVisitReason, {
  name: 'ReturnVisitReason',
  description: 'The service event a return visit follows up 回访事由.',
  valuesConfig: {
    INSTALLATION: { description: 'A meter or facility was installed 安装.' },
    REPAIR: { description: 'A repair was done 维修.' },
    RECTIFICATION: { description: 'A rectification notice 整改通知书 was closed.' },
    COMPLAINT: { description: 'A complaint was handled 投诉.' },
    OTHER: { description: 'Any other service event.' },
  },
});

export enum ReturnVisitStatus {
  SCHEDULED = 'SCHEDULED',
  DONE = 'DONE',
}
registerEnumType(ReturnVisitStatus, {
  name: 'ReturnVisitStatus',
  description: 'Where a return visit stands; overdue is derived (SCHEDULED past its due day), see `overdue`.',
  valuesConfig: {
    SCHEDULED: { description: 'To be made 待回访.' },
    DONE: { description: 'Made: a RETURN_VISIT visit was logged 已回访.' },
  },
});

@ObjectType('ReturnVisit', { implements: Node, description: 'A return visit 回访 due after a service event, and its outcome.' })
@Entity({ tableName: 'return_visit' })
@Index({ name: 'return_visit_customer_idx', properties: ['customer', 'id'] })
@Index({ name: 'return_visit_scheduled_due_idx', expression: `create index return_visit_scheduled_due_idx on return_visit (due_on) where status = 'SCHEDULED'` })
@Check({ name: 'return_visit_satisfaction_range', expression: 'satisfaction >= 1 and satisfaction <= 5' })
@Check({ name: 'return_visit_done_has_visit', expression: `status = 'SCHEDULED' or (visit_id is not null and completed_at is not null)` })
export class ReturnVisit {
  [OptionalProps]?: 'nodeId' | 'status' | 'scheduledAt' | 'overdue';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ReturnVisit', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => ReturnVisitReason, { description: 'The service event it follows up.' })
  @Enum({ items: () => ReturnVisitReason, columnType: 'text' })
  reason!: ReturnVisitReason;

  /** The closed notice it follows up (reason RECTIFICATION). */
  @ManyToOne(() => RectificationNotice, { nullable: true, index: false, unique: 'return_visit_notice_unique' })
  notice?: Rel<RectificationNotice> | null;

  @Field(() => String, { nullable: true, description: 'What it is about, e.g. the repair done.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String, { description: 'Day it is due (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  dueOn!: string;

  /** Who makes it: the customer's rep when scheduled. */
  @ManyToOne(() => User, { nullable: true, index: false })
  owner?: Rel<User> | null;

  @Field(() => ReturnVisitStatus, { description: 'SCHEDULED or DONE.' })
  @Enum({ items: () => ReturnVisitStatus, columnType: 'text', default: ReturnVisitStatus.SCHEDULED })
  status: ReturnVisitStatus = ReturnVisitStatus.SCHEDULED;

  @Field(() => Date, { description: 'When it was scheduled.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  scheduledAt: Date = new Date();

  /** The RETURN_VISIT visit that made it. */
  @ManyToOne(() => Visit, { nullable: true, index: false, unique: 'return_visit_visit_unique' })
  visit?: Rel<Visit> | null;

  @Field(() => Date, { nullable: true, description: 'When the return visit happened (the visit\'s time); null while scheduled.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1–5 given on the visit 满意度; null while scheduled or when not asked.' })
  @Property({ type: 'smallint', nullable: true })
  satisfaction?: number | null;

  @Field(() => Boolean, { description: 'SCHEDULED and past its due day (company time zone) 逾期未回访.' })
  get overdue(): boolean {
    return this.status === ReturnVisitStatus.SCHEDULED && this.dueOn < todayIn();
  }
}
