/**
 * The receivables ledger 应收账款 (DOMAIN.md "Receivables and collection"):
 * bills 账单 per service account and period, payments 缴费 from many channels
 * 缴费渠道多样化, allocations of payments to bills, adjustments (credit notes,
 * debits, write-offs) and refunds. Money is numeric(14,2), exact to the fen.
 * Every row carries its customer (denormalised from the service account) so
 * scoping and per-customer balances need no extra join.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { User } from '../org/user.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';

export enum PaymentChannel {
  BANK = 'BANK',
  COUNTER = 'COUNTER',
  WECHAT_PAY = 'WECHAT_PAY',
  ALIPAY = 'ALIPAY',
  CASH = 'CASH',
  PREPAYMENT = 'PREPAYMENT',
}
registerEnumType(PaymentChannel, {
  name: 'PaymentChannel',
  description: 'How a payment 缴费 arrived (缴费渠道多样化).',
  valuesConfig: {
    BANK: { description: 'Bank transfer or bank withholding 银行代扣/转账.' },
    COUNTER: { description: 'At a business hall counter 营业厅柜台.' },
    WECHAT_PAY: { description: 'WeChat Pay 微信支付.' },
    ALIPAY: { description: 'Alipay 支付宝.' },
    CASH: { description: 'Cash taken by a collector 现金收费.' },
    PREPAYMENT: { description: 'Drawn down from a prepayment 预付费抵扣.' },
  },
});

export enum AdjustmentKind {
  CREDIT_NOTE = 'CREDIT_NOTE',
  DEBIT = 'DEBIT',
  WRITE_OFF = 'WRITE_OFF',
}
registerEnumType(AdjustmentKind, {
  name: 'AdjustmentKind',
  description: 'What an adjustment of a balance is.',
  valuesConfig: {
    CREDIT_NOTE: { description: 'A credit note 红冲/退补 lowering what is owed; its amount is negative.' },
    DEBIT: { description: 'An extra charge 补收 raising what is owed; its amount is positive.' },
    WRITE_OFF: { description: 'Uncollectable arrears written off 核销; its amount is negative.' },
  },
});

@ObjectType('Bill', { implements: Node, description: 'A bill 账单: what a service account owes for one period, pushed by a billing system.' })
@Entity({ tableName: 'bill' })
@Unique({ name: 'bill_source_external_unique', properties: ['sourceSystem', 'externalId'] })
@Index({ name: 'bill_account_due_idx', properties: ['serviceAccount', 'dueOn', 'id'] })
@Index({ name: 'bill_customer_idx', properties: ['customer', 'periodStart'] })
// The customer's timeline (receivables.timeline.ts): bills by issue moment in the default company zone.
@Index({
  name: 'bill_customer_issued_idx',
  expression: `create index bill_customer_issued_idx on bill (customer_id, (issued_on::timestamp at time zone 'Asia/Shanghai'), id)`,
})
// Open bills by account and due date (the worklist's and the arrears queries' candidates): the few thousand still open,
// not the ~13 per account ever issued. Kept by the triggers of Migration20261126090000_bill_open_amount.
@Index({
  name: 'bill_open_account_due_idx',
  expression: 'create index bill_open_account_due_idx on bill (service_account_id, due_on) where open_amount > 0',
})
@Check({ name: 'bill_amount_positive', expression: 'amount > 0' })
@Check({ name: 'bill_period_order', expression: 'period_end >= period_start' })
export class Bill {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'openAmount';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Bill', this.id);
  }

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @Field(() => String, { description: 'First day of the billing period (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the billing period (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: 'Amount billed in CNY, more than 0.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  /**
   * What is still open on the bill: amount + its adjustments − its allocations (negative when credited beyond what is
   * unpaid). Maintained in the writing transaction by triggers on bill, allocation and adjustment (see
   * Migration20261126090000_bill_open_amount), so every writer — the ledger service, the seed, bulk SQL — keeps it exact;
   * test/support/ledger-invariants.ts checks it against the sums. Not an API field: `Bill.outstanding` is.
   */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  openAmount!: string;

  @Field(() => String, { description: 'Due date (YYYY-MM-DD); unpaid after it, the bill is in arrears 欠费.' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => String, { description: 'Date the bill was issued (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  issuedOn!: string;

  @Field(() => String, { description: 'The billing system that issued it, e.g. 营销系统.' })
  @Property({ type: 'text' })
  sourceSystem!: string;

  @Field(() => String, { description: "The bill's id in its source system; unique per source system." })
  @Property({ type: 'text' })
  externalId!: string;

  @Field(() => Date, { description: 'When the bill was recorded in Gridline.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('Payment', { implements: Node, description: 'A payment 缴费 into a service account, allocated to its bills.' })
@Entity({ tableName: 'payment' })
@Unique({ name: 'payment_channel_reference_unique', properties: ['channel', 'externalReference'] })
@Index({ name: 'payment_account_idx', properties: ['serviceAccount', 'paidAt', 'id'] })
// By customer, newest first: balances per customer and the customer's timeline (receivables.timeline.ts).
@Index({ name: 'payment_customer_paid_idx', properties: ['customer', 'paidAt', 'id'] })
@Check({ name: 'payment_amount_positive', expression: 'amount > 0' })
export class Payment {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Payment', this.id);
  }

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @Field(() => DecimalScalar, { description: 'Amount paid in CNY, more than 0.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => PaymentChannel, { description: 'How it was paid.' })
  @Enum({ items: () => PaymentChannel, columnType: 'text' })
  channel!: PaymentChannel;

  @Field(() => Date, { description: 'When it was paid.' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  paidAt!: Date;

  @Field(() => String, { nullable: true, description: "The channel's reference (bank serial, WeChat order number); unique per channel." })
  @Property({ type: 'text', nullable: true })
  externalReference?: string | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  recordedByUser?: Rel<User> | null;

  @ManyToOne(() => ApiKey, { nullable: true, index: false })
  recordedByApiKey?: Rel<ApiKey> | null;

  @Field(() => Date, { description: 'When the payment was recorded in Gridline.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('Allocation', { implements: Node, description: 'Part of a payment applied to a bill. Never more than the bill or the payment.' })
@Entity({ tableName: 'allocation' })
@Index({ name: 'allocation_bill_idx', properties: ['bill'] })
@Index({ name: 'allocation_payment_idx', properties: ['payment'] })
@Check({ name: 'allocation_amount_positive', expression: 'amount > 0' })
export class Allocation {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Allocation', this.id);
  }

  @ManyToOne(() => Payment, { index: false })
  payment!: Rel<Payment>;

  @ManyToOne(() => Bill, { index: false })
  bill!: Rel<Bill>;

  @Field(() => DecimalScalar, { description: 'Amount applied in CNY, more than 0.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => Date, { description: 'When it was applied.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('Adjustment', { implements: Node, description: 'A change to what a service account owes: a credit note (negative), a debit (positive) or a write-off (negative).' })
@Entity({ tableName: 'adjustment' })
@Index({ name: 'adjustment_account_idx', properties: ['serviceAccount'] })
// By customer, newest first: balances per customer and the customer's timeline (receivables.timeline.ts).
@Index({ name: 'adjustment_customer_created_idx', properties: ['customer', 'createdAt', 'id'] })
@Index({ name: 'adjustment_bill_idx', properties: ['bill'] })
@Check({ name: 'adjustment_amount_not_zero', expression: 'amount <> 0' })
export class Adjustment {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Adjustment', this.id);
  }

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @ManyToOne(() => Bill, { nullable: true, index: false })
  bill?: Rel<Bill> | null;

  @Field(() => DecimalScalar, { description: 'Signed amount in CNY: negative lowers the balance, positive raises it.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => AdjustmentKind, { description: 'What kind of adjustment.' })
  @Enum({ items: () => AdjustmentKind, columnType: 'text' })
  kind!: AdjustmentKind;

  @Field(() => String, { description: 'Why it was made.' })
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Date, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('Refund', { implements: Node, description: 'Money paid back out of the unallocated part (credit) of a payment.' })
@Entity({ tableName: 'refund' })
@Index({ name: 'refund_payment_idx', properties: ['payment'] })
@Check({ name: 'refund_amount_positive', expression: 'amount > 0' })
export class Refund {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Refund', this.id);
  }

  @ManyToOne(() => Payment, { index: false })
  payment!: Rel<Payment>;

  @Field(() => DecimalScalar, { description: 'Amount refunded in CNY, more than 0.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => String, { description: 'Why it was refunded.' })
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Date, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

/**
 * The first result of an idempotent write (DESIGN.md: the same key with the
 * same input returns it; a different input is CONFLICT). Written in the same
 * transaction as the write, so a failed write leaves no record.
 */
@Entity({ tableName: 'idempotency_record' })
export class IdempotencyRecord {
  [PrimaryKeyProp]?: ['actorKey', 'idempotencyKey'];
  [OptionalProps]?: 'createdAt';

  /** 'user:<id>' or 'key:<id>'. */
  @PrimaryKey({ type: 'text' })
  actorKey!: string;

  @PrimaryKey({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'text' })
  operation!: string;

  /** sha256 of the operation and its canonical input. */
  @Property({ type: 'text' })
  requestHash!: string;

  @Property({ type: 'jsonb', nullable: true })
  result?: unknown;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
