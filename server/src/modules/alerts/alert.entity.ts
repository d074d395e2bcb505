/**
 * Alerts 预警: an account or customer that needs attention — arrears over the
 * threshold or growing, a policy visit overdue, a broken installment plan or
 * promise to pay, a consumption swing, an overdue rectification. Raised in
 * the same transaction as their cause (a bill, a payment, the daily scan) and
 * numbered in COMMIT order (`seq`, assigned at commit by a deferred trigger
 * under an advisory lock; see the alerts migration), so a live console that
 * remembers the last `seq` it saw can replay exactly what it missed.
 */
import { BigIntType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { User } from '../org/user.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';

export enum AlertKind {
  ARREARS_OVER_THRESHOLD = 'ARREARS_OVER_THRESHOLD',
  ARREARS_GREW = 'ARREARS_GREW',
  POLICY_VISIT_OVERDUE = 'POLICY_VISIT_OVERDUE',
  INSTALMENT_BREACHED = 'INSTALMENT_BREACHED',
  PROMISE_BROKEN = 'PROMISE_BROKEN',
  CONSUMPTION_SWING = 'CONSUMPTION_SWING',
  RECTIFICATION_OVERDUE = 'RECTIFICATION_OVERDUE',
}
registerEnumType(AlertKind, {
  name: 'AlertKind',
  description: 'What an alert 预警 is about.',
  valuesConfig: {
    ARREARS_OVER_THRESHOLD: { description: 'Arrears over the monitoring threshold 欠费超阈值 (500 CNY by default): 日监测、日预警.' },
    ARREARS_GREW: { description: 'Arrears grew since the last scan 欠费增加.' },
    POLICY_VISIT_OVERDUE: { description: 'A collection visit the policy requires is overdue 策略催收逾期 (big users 3× a month, risk customers every 5 days).' },
    INSTALMENT_BREACHED: { description: 'An instalment of a settlement agreement was missed 分期协议违约.' },
    PROMISE_BROKEN: { description: 'A promise to pay was not kept 承诺缴费未兑现.' },
    CONSUMPTION_SWING: { description: 'Consumption rose or fell sharply 用量异常波动.' },
    RECTIFICATION_OVERDUE: { description: 'A safety rectification notice passed its deadline 整改逾期.' },
  },
});

export enum AlertSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  CRITICAL = 'CRITICAL',
}
registerEnumType(AlertSeverity, {
  name: 'AlertSeverity',
  description: 'How urgent an alert is.',
  valuesConfig: {
    INFO: { description: 'For information 提示.' },
    WARNING: { description: 'Needs action 预警.' },
    CRITICAL: { description: 'Needs action now 严重.' },
  },
});

@ObjectType('Alert', { implements: Node, description: 'An alert 预警 about a customer or service account, raised with its cause and worked to resolution.' })
@Entity({ tableName: 'alert' })
@Index({ name: 'alert_customer_kind_idx', properties: ['customer', 'kind'] })
@Index({ name: 'alert_org_unit_idx', properties: ['orgUnit', 'id'] })
// Numbered in commit order; null only until the raising transaction commits.
@Index({ name: 'alert_seq_idx', expression: 'create unique index alert_seq_idx on alert (seq)' })
// The same open alert is never raised twice.
@Index({ name: 'alert_open_dedupe_idx', expression: 'create unique index alert_open_dedupe_idx on alert (dedupe_key) where resolved_at is null' })
export class Alert {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'seq' | 'eventId';

  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Alert', this.id);
  }

  /**
   * Position in commit order, assigned when the raising transaction commits.
   * Pass the last one seen as `since` to arrearsAlerts.
   */
  @Field(() => ID, { name: 'seq', nullable: true, description: 'Position in commit order (a decimal number as a string); pass the last one seen as `since` of arrearsAlerts.' })
  @Property({ type: new BigIntType('string'), nullable: true })
  seq?: string | null;

  /** The domain event announcing the alert; the commit trigger writes `seq` into its payload. */
  @Property({ type: new BigIntType('string'), nullable: true })
  eventId?: string | null;

  @Field(() => AlertKind, { description: 'What the alert is about.' })
  @Enum({ items: () => AlertKind, columnType: 'text' })
  kind!: AlertKind;

  @Field(() => AlertSeverity, { description: 'How urgent it is.' })
  @Enum({ items: () => AlertSeverity, columnType: 'text' })
  severity!: AlertSeverity;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @ManyToOne(() => ServiceAccount, { nullable: true, index: true })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The amount concerned in CNY, e.g. the arrears, if any.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  amount?: string | null;

  @Field(() => String, { description: 'What happened, for people (zh-CN).' })
  @Property({ type: 'text' })
  message!: string;

  /** Who should act: the collector or rep of the account; exposed as owner. */
  @ManyToOne(() => User, { nullable: true, index: false })
  owner?: Rel<User> | null;

  /** The customer's org unit when raised: scoping and subscription filters. */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  /** The same open alert is not raised twice: one open alert per key. */
  @Property({ type: 'text' })
  dedupeKey!: string;

  @Field(() => Date, { description: 'When it was raised.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true, index: false })
  acknowledgedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true, description: 'When someone acknowledged it; null until then.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  assignedTo?: Rel<User> | null;

  @Field(() => Date, { nullable: true, description: 'When it was last assigned; null if never.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  assignedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  resolvedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true, description: 'When it was resolved; null while open.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'How it was resolved, e.g. 已缴清 or the reason given; null while open.' })
  @Property({ type: 'text', nullable: true })
  resolutionNote?: string | null;
}
