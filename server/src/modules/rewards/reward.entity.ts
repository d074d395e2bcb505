/**
 * Development rewards 开发专项奖励 (DOMAIN.md "Targets, leaderboards and
 * rewards"; issue 7 item 5; seed 001: 新开卡单位客户在半年内或3个月内月均消费
 * … 阶梯式的激励体系): a company's reward scheme — a window of 3 or 6 months
 * and tiers of average monthly spend → amount — and the reward each newly
 * developed customer earns its developer once its window closes, proposed
 * with its explanation and approved or rejected by a lead. Rules in
 * reward.service.ts.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { Customer } from '../customers/customer.entity.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';

export enum RewardStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(RewardStatus, {
  name: 'RewardStatus',
  description: 'Where a reward stands 奖励状态.',
  valuesConfig: {
    PROPOSED: { description: 'Computed when the window closed, waiting for a lead 待审核.' },
    APPROVED: { description: 'Approved by a lead, to be paid 已批准.' },
    REJECTED: { description: 'Rejected by a lead, with a note 已驳回.' },
  },
});

/** A company's reward scheme; the row without a company is the default every company starts from. */
@Entity({ tableName: 'reward_scheme' })
@Unique({ name: 'reward_scheme_company_unique', properties: ['companyId'] })
// Only one default scheme (company_id null).
@Index({ name: 'reward_scheme_one_default_idx', expression: 'create unique index reward_scheme_one_default_idx on reward_scheme ((true)) where company_id is null' })
@Check({ name: 'reward_scheme_window_months', expression: 'window_months = 3 or window_months = 6' })
export class RewardScheme {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /**
   * The company (root org unit id); null for the default scheme seeded by the
   * migration. A plain id, not a foreign key: `pnpm seed --reset` truncates
   * org_unit with CASCADE, which must not take the default scheme with it.
   */
  @Property({ type: 'integer', nullable: true })
  companyId?: number | null;

  /** Months after development whose bills count: 3 or 6 (seed 001: 3个月内 / 半年内). */
  @Property({ type: 'integer' })
  windowMonths!: number;

  /** Who changed it last (a user id; plain for the same reason as companyId). */
  @Property({ type: 'integer', nullable: true })
  updatedById?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType('RewardTier', { description: 'One tier 档位 of the reward scheme: average monthly spend from lowerBound (inclusive) to upperBound (exclusive) earns amount.' })
@Entity({ tableName: 'reward_tier' })
@Unique({ name: 'reward_tier_scheme_lower_unique', properties: ['scheme', 'lowerBound'] })
@Check({ name: 'reward_tier_bounds', expression: 'lower_bound >= 0 and (upper_bound is null or upper_bound > lower_bound)' })
@Check({ name: 'reward_tier_amount_not_negative', expression: 'amount >= 0' })
export class RewardTier {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => RewardScheme, { index: false, deleteRule: 'cascade' })
  scheme!: Rel<RewardScheme>;

  @Field(() => DecimalScalar, { description: 'Lowest average monthly spend of the tier in CNY, inclusive.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  lowerBound!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Average monthly spend where the next tier starts, exclusive; null for the top tier.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  upperBound?: string | null;

  @Field(() => DecimalScalar, { description: 'Reward in CNY for the developer 专项奖励.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;
}

@ObjectType('Reward', { implements: Node, description: 'A development reward 开发专项奖励 for one newly developed customer, with why this amount.' })
@Entity({ tableName: 'reward' })
// One reward per customer, ever: recomputing is idempotent.
@Unique({ name: 'reward_customer_unique', properties: ['customer'] })
@Index({ name: 'reward_status_idx', properties: ['status', 'id'] })
@Index({ name: 'reward_developer_idx', properties: ['developer'] })
@Index({ name: 'reward_org_unit_idx', properties: ['orgUnit'] })
@Check({ name: 'reward_window_order', expression: 'window_end >= window_start' })
export class Reward {
  [OptionalProps]?: 'nodeId' | 'computedAt' | 'status';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Reward', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** Who developed the customer and earns the reward. */
  @ManyToOne(() => User, { index: false })
  developer!: Rel<User>;

  /** The customer's org unit when the reward was computed; scopes who sees and reviews it. */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  @Field(() => Int, { description: 'Months of spend counted: 3 or 6.' })
  @Property({ type: 'integer' })
  windowMonths!: number;

  @Field(() => String, { description: 'First day of the window: the day the customer was developed (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  windowStart!: string;

  @Field(() => String, { description: 'Last day of the window, inclusive (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  windowEnd!: string;

  @Field(() => DecimalScalar, { description: 'Sum of the bills counted, CNY.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  totalSpend!: string;

  @Field(() => DecimalScalar, { description: 'Average monthly spend 月均消费: totalSpend ÷ windowMonths, rounded half up to the fen; it picks the tier.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  averageMonthlySpend!: string;

  @Field(() => DecimalScalar, { description: 'Reward in CNY 奖励金额.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  /** Why this amount: bills, total, average, tier (see RewardExplanation). */
  @Property({ type: 'json' })
  explanation!: RewardExplanationData;

  @Field(() => RewardStatus, { description: 'Where it stands.' })
  @Enum({ items: () => RewardStatus, columnType: 'text', default: RewardStatus.PROPOSED })
  status: RewardStatus = RewardStatus.PROPOSED;

  @Field(() => Date, { description: 'When it was computed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  computedAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true, index: false })
  decidedBy?: Rel<User> | null;

  @Field(() => Date, { nullable: true, description: 'When a lead approved or rejected it; null while proposed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: "The lead's note with the decision; null while proposed." })
  @Property({ type: 'text', nullable: true })
  decisionNote?: string | null;
}

/** The stored explanation of a reward (JSON). */
export interface RewardExplanationData {
  /** How the developer was found: 'ACTIVATED_BY' (the rep who moved it to ACTIVE) or 'RESPONSIBLE_REP'. */
  developerSource: 'ACTIVATED_BY' | 'RESPONSIBLE_REP';
  /** Every bill counted: its billing period ends within the window. */
  bills: Array<{ billId: number; periodStart: string; periodEnd: string; amount: string }>;
  total: string;
  windowMonths: number;
  average: string;
  tier: { lowerBound: string; upperBound: string | null; amount: string };
  /** The full scheme in force, for the record. */
  tiers: Array<{ lowerBound: string; upperBound: string | null; amount: string }>;
}
