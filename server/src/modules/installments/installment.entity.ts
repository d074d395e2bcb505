/**
 * Installment / settlement agreements 分期协议 (DOMAIN.md "Contracts":
 * settlement agreement 电费结算协议, installments 分次缴纳; seed 002): a
 * customer (or one of its service accounts) agrees to pay its arrears in
 * dated instalments that add up exactly to the agreed total. A missed
 * instalment breaches the plan the next business day.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { User } from '../org/user.entity.js';

export enum InstallmentPlanStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  BREACHED = 'BREACHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(InstallmentPlanStatus, {
  name: 'InstallmentPlanStatus',
  description: 'Where an installment plan 分期协议 stands.',
  valuesConfig: {
    ACTIVE: { description: 'Agreed and being paid 执行中.' },
    COMPLETED: { description: 'Every instalment paid 已履行.' },
    BREACHED: { description: 'An instalment was missed 违约.' },
    CANCELLED: { description: 'Called off, with a reason 已取消.' },
  },
});

export enum InstalmentStatus {
  DUE = 'DUE',
  PAID = 'PAID',
  MISSED = 'MISSED',
}
registerEnumType(InstalmentStatus, {
  name: 'InstalmentStatus',
  description: 'Where one instalment 分期款 stands.',
  valuesConfig: {
    DUE: { description: 'Not yet fully paid and not yet missed 待缴.' },
    PAID: { description: 'Paid in full 已缴.' },
    MISSED: { description: 'Not paid in full by its due date; detected the next business day 逾期未缴.' },
  },
});

@ObjectType('InstallmentPlan', { implements: Node, description: 'An installment / settlement agreement 分期协议: arrears agreed to be paid in dated instalments.' })
@Entity({ tableName: 'installment_plan' })
@Index({ name: 'installment_plan_customer_idx', properties: ['customer', 'id'] })
// At most one ACTIVE plan per customer (customer-wide) and per service account.
@Index({
  name: 'installment_plan_one_active_customer_idx',
  expression: `create unique index installment_plan_one_active_customer_idx on installment_plan (customer_id) where status = 'ACTIVE' and service_account_id is null`,
})
@Index({
  name: 'installment_plan_one_active_account_idx',
  expression: `create unique index installment_plan_one_active_account_idx on installment_plan (service_account_id) where status = 'ACTIVE'`,
})
@Check({ name: 'installment_plan_total_positive', expression: 'total > 0' })
export class InstallmentPlan {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'status';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('InstallmentPlan', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The account the plan covers; null: the customer's arrears across all its accounts. */
  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => DecimalScalar, { description: 'The arrears agreed, in CNY; the instalments add up to exactly this.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  total!: string;

  @Field(() => InstallmentPlanStatus, { description: 'Where the plan stands.' })
  @Enum({ items: () => InstallmentPlanStatus, columnType: 'text', default: InstallmentPlanStatus.ACTIVE })
  status: InstallmentPlanStatus = InstallmentPlanStatus.ACTIVE;

  @Field(() => String, { description: 'Day the plan was agreed (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  agreedOn!: string;

  /** Who agreed it (a collector); null for partner tools. */
  @ManyToOne(() => User, { nullable: true, index: false })
  agreedBy?: Rel<User> | null;

  @Field(() => String, { description: 'Terms or remarks, e.g. priced at last month\'s settlement price.' })
  @Property({ type: 'text' })
  note!: string;

  @Field(() => Date, { nullable: true, description: 'When it was breached, completed or cancelled; null while active.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled; null unless cancelled.' })
  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;

  @Field(() => Date, { description: 'When the plan was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('Instalment', { implements: Node, description: 'One dated instalment 分期款 of an installment plan.' })
@Entity({ tableName: 'instalment' })
@Unique({ name: 'instalment_plan_sequence_unique', properties: ['plan', 'sequence'] })
@Index({ name: 'instalment_due_idx', expression: `create index instalment_due_idx on instalment (due_on) where status = 'DUE'` })
@Check({ name: 'instalment_amount_positive', expression: 'amount > 0' })
@Check({ name: 'instalment_paid_within', expression: 'paid_amount >= 0 and paid_amount <= amount' })
export class Instalment {
  [OptionalProps]?: 'nodeId' | 'paidAmount' | 'status';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Instalment', this.id);
  }

  @ManyToOne(() => InstallmentPlan, { index: false })
  plan!: Rel<InstallmentPlan>;

  @Field(() => Int, { description: 'Position in the plan, from 1.' })
  @Property({ type: 'integer' })
  sequence!: number;

  @Field(() => String, { description: 'Day it is due (YYYY-MM-DD); missed if not paid in full by then.' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => DecimalScalar, { description: 'Amount due in CNY.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => DecimalScalar, { description: 'Amount paid so far in CNY.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, default: 0 })
  paidAmount: string = '0.00';

  @Field(() => Date, { nullable: true, description: 'When it was paid in full; null until then.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  paidAt?: Date | null;

  @Field(() => InstalmentStatus, { description: 'Where it stands.' })
  @Enum({ items: () => InstalmentStatus, columnType: 'text', default: InstalmentStatus.DUE })
  status: InstalmentStatus = InstalmentStatus.DUE;
}
