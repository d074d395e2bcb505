/**
 * Targets 考核目标 (DOMAIN.md "Targets, leaderboards and rewards"; issue 7
 * item 1; seed 001: responsibility pushed down the tree 目标到人、责任到人、
 * 奖惩到人, 十百千万 tiered targets): a value of one metric for one period,
 * for an org unit or a person, optionally split from its parent's target
 * (the cascade 目标分解). The rules are in target.service.ts.
 *
 * `orgUnit` is always set: the unit itself, or for a person's target the
 * person's unit when the target was set. Scoping is then one path prefix on
 * that unit, whatever the subject.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Metric, PeriodKind } from '../metrics/metric.enums.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { VisitChannel } from '../visits/visit.entity.js';

export enum TargetSubjectKind {
  ORG_UNIT = 'ORG_UNIT',
  USER = 'USER',
}
registerEnumType(TargetSubjectKind, {
  name: 'TargetSubjectKind',
  description: 'Whose target it is 考核对象.',
  valuesConfig: {
    ORG_UNIT: { description: 'An org unit 单位 (branch, area, station); attainment counts its whole subtree.' },
    USER: { description: 'A person 个人; attainment counts what that person did.' },
  },
});

export enum TargetStatus {
  ON_TRACK = 'ON_TRACK',
  BEHIND = 'BEHIND',
}
registerEnumType(TargetStatus, {
  name: 'TargetStatus',
  description: 'How attainment compares with the share of the period that has passed 进度.',
  valuesConfig: {
    ON_TRACK: {
      description:
        'At or ahead of plan 进度正常: attained ≥ value × (days of the period before today ÷ days of the period); for COLLECTION_RATE the rate so far ≥ the target rate.',
    },
    BEHIND: { description: 'Behind plan 进度滞后: less attained than the elapsed share of the period asks for.' },
  },
});

@ObjectType('Target', { implements: Node, description: 'A target 考核目标: a value of one metric for one period, for an org unit or a person, with live attainment.' })
@Entity({ tableName: 'target' })
// One target per metric, channel, period and subject; a NULL channel ("all channels") is one value, not many.
@Index({
  name: 'target_unit_unique',
  expression:
    'create unique index target_unit_unique on target (metric, channel, period_kind, period_start, org_unit_id) nulls not distinct where user_id is null',
})
@Index({
  name: 'target_user_unique',
  expression: 'create unique index target_user_unique on target (metric, channel, period_kind, period_start, user_id) nulls not distinct where user_id is not null',
})
@Index({ name: 'target_org_unit_period_idx', properties: ['orgUnit', 'periodStart'] })
@Index({ name: 'target_parent_idx', properties: ['parent'] })
@Check({ name: 'target_value_not_negative', expression: 'value >= 0' })
@Check({ name: 'target_rate_at_most_100', expression: "metric <> 'COLLECTION_RATE' or value <= 100" })
@Check({ name: 'target_channel_only_for_visits', expression: "channel is null or metric = 'VISITS'" })
@Check({ name: 'target_period_order', expression: 'period_end >= period_start' })
export class Target {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Target', this.id);
  }

  @Field(() => Metric, { description: 'What is measured 考核指标.' })
  @Enum({ items: () => Metric, columnType: 'text' })
  metric!: Metric;

  @Field(() => VisitChannel, { nullable: true, description: 'For VISITS only: the one channel counted; null counts every channel.' })
  @Enum({ items: () => VisitChannel, columnType: 'text', nullable: true })
  channel?: VisitChannel | null;

  @Field(() => PeriodKind, { description: 'The kind of period 考核周期.' })
  @Enum({ items: () => PeriodKind, columnType: 'text' })
  periodKind!: PeriodKind;

  @Field(() => String, { description: 'First day of the period (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the period, inclusive (YYYY-MM-DD).' })
  @Property({ type: 'date' })
  periodEnd!: string;

  /** The unit the target belongs to: the subject unit, or the person's unit. */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  /** The person, for a person's target; null for a unit's. */
  @ManyToOne(() => User, { nullable: true, index: false })
  user?: Rel<User> | null;

  /** Exact value: a count, CNY to the fen, or a percent to 3 decimals (99.999). */
  @Property({ type: 'decimal', precision: 15, scale: 3 })
  value!: string;

  /** The target this one was split from 上级目标; null for a target set directly. */
  @ManyToOne(() => Target, { nullable: true, index: false, deleteRule: 'restrict' })
  parent?: Rel<Target> | null;

  /** Who set it last; null for the system. */
  @ManyToOne(() => User, { nullable: true, index: false })
  setBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the target was created.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When its value was last set.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  updatedAt: Date = new Date();
}
