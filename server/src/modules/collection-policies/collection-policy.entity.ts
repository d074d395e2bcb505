/**
 * Collection policy 催收策略 of a company (issue 6 item 3; DOMAIN.md
 * "Receivables and collection"; seed 002: 每日下发欠费大于500元用户明细 —
 * accounts owing more than 500 CNY are monitored daily; 每月用电10万千瓦时以上
 * 的客户每月电费划拨次数不少于三次 — big users are collected at least three
 * times a month; 潜在风险客户每五天收取一次电费 — risk customers every five
 * days). One row per company (a root org unit); a company without a row uses
 * the defaults of collection-policy.service.ts. The row is the source of truth
 * for the monitoring threshold read by the ledger's arrears alerts and the
 * daily scan.
 */
import { Check, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../graphql/scalars.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { Utility } from '../customers/customer.enums.js';

@ObjectType('BigUserThreshold', { description: "A utility's big-user threshold 大客户用量阈值: monthly consumption above it makes a customer a big user." })
export class BigUserThreshold {
  @Field(() => Utility, { description: 'The utility the threshold applies to.' })
  utility!: Utility;

  @Field(() => DecimalScalar, { description: "Monthly consumption, in the utility's unit, above which a customer is a big user." })
  threshold!: string;

  @Field(() => String, { description: 'The unit of the threshold: kWh, m³, GJ, t.' })
  unit!: string;
}

@ObjectType('CollectionPolicy', { description: "A company's collection policy 催收策略 (seed 002): daily monitoring threshold, big-user collections a month, risk-customer check interval." })
@Entity({ tableName: 'collection_policy' })
@Check({ name: 'collection_policy_threshold_positive', expression: 'monitoring_threshold > 0' })
@Check({ name: 'collection_policy_collections_range', expression: 'big_user_collections_per_month >= 1 and big_user_collections_per_month <= 10' })
@Check({ name: 'collection_policy_interval_range', expression: 'risk_check_interval_days >= 1 and risk_check_interval_days <= 30' })
export class CollectionPolicy {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The company: a root org unit; exposed as company. */
  @ManyToOne(() => OrgUnit, { unique: true })
  company!: Rel<OrgUnit>;

  @Field(() => DecimalScalar, { description: 'Daily monitoring threshold in CNY 日监测阈值: accounts whose arrears exceed it are warned and followed up daily (500.00 by default).' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  monitoringThreshold!: string;

  /** Utility → monthly consumption (decimal string); utilities missing here use the defaults. */
  @Property({ type: 'json' })
  bigUserThresholds!: Record<string, string>;

  @Field(() => Int, { description: 'How many collections 扣款/催收 a big user gets at least each month (3 by default).' })
  @Property({ type: 'smallint' })
  bigUserCollectionsPerMonth!: number;

  @Field(() => Int, { description: 'Days between collection checks of a risk-ledger customer 风险客户每N天催收一次 (5 by default).' })
  @Property({ type: 'smallint' })
  riskCheckIntervalDays!: number;

  /** Who changed it last; exposed as updatedBy. */
  @ManyToOne(() => User, { nullable: true, index: false })
  updatedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true, description: 'When the policy was last changed; null while the defaults apply.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  updatedAt?: Date | null;
}
