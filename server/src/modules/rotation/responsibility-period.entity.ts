/**
 * Responsibility history 责任人履历 (issue 8 item 5; DOMAIN.md "Customers": a
 * responsible rep, and for hard accounts a responsible leader 包保领导; seed
 * 003: key-account staff rotate by area 定期片区轮岗 and every handover is
 * reviewed 工作交接专项审查): one row per period in which one person held one
 * role for a customer (REP, LEADER) or one service account (COLLECTOR 收费员).
 * `endedAt` null is the current holder. The customer's history shows who was
 * responsible when; collector statistics take "accounts handled in a month"
 * from it.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { User } from '../org/user.entity.js';

export enum ResponsibilityRole {
  REP = 'REP',
  LEADER = 'LEADER',
  COLLECTOR = 'COLLECTOR',
}
registerEnumType(ResponsibilityRole, {
  name: 'ResponsibilityRole',
  description: 'What a person is responsible for 责任角色.',
  valuesConfig: {
    REP: { description: "The customer's responsible rep / account manager 客户经理." },
    LEADER: { description: "The customer's responsible leader for a hard account 包保领导." },
    COLLECTOR: { description: 'The fee collector 收费员 of one service account 户号.' },
  },
});

@ObjectType('ResponsibilityPeriod', {
  implements: Node,
  description: 'A period in which one person held one responsibility for a customer or service account 责任期 (who was responsible when).',
})
@Entity({ tableName: 'responsibility_period' })
// The customer's history and its timeline read newest first by customer.
@Index({ name: 'responsibility_period_customer_idx', properties: ['customer', 'startedAt'] })
// Collector statistics: a person's periods overlapping a month.
@Index({ name: 'responsibility_period_user_idx', properties: ['user', 'role', 'startedAt'] })
@Index({ name: 'responsibility_period_account_idx', properties: ['serviceAccount', 'startedAt'] })
// One current holder per customer and role, and per service account.
@Index({
  name: 'responsibility_period_open_idx',
  expression:
    'create unique index responsibility_period_open_idx on responsibility_period (customer_id, role, coalesce(service_account_id, 0)) where ended_at is null',
})
@Check({ name: 'responsibility_period_account_role', expression: "(role = 'COLLECTOR') = (service_account_id is not null)" })
@Check({ name: 'responsibility_period_order', expression: 'ended_at is null or ended_at >= started_at' })
export class ResponsibilityPeriod {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ResponsibilityPeriod', this.id);
  }

  /** Always set, also for a collector's period: scoping and the customer's timeline go by it. */
  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The account a collector's period is about; null for REP and LEADER. */
  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => ResponsibilityRole, { description: 'The responsibility held.' })
  @Enum({ items: () => ResponsibilityRole, columnType: 'text' })
  role!: ResponsibilityRole;

  @ManyToOne(() => User, { index: false })
  user!: Rel<User>;

  @Field(() => Date, { description: 'When the person became responsible.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the responsibility passed on; null while the person still holds it.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it started, e.g. 片区轮岗 (a rotation) or 建档 (the customer was recorded); null when not known.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** Who made the change; null for the system (backfill, seed) and partner tools. */
  @ManyToOne(() => User, { nullable: true, index: false })
  changedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the row was written.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
