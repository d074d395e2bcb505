/**
 * Collection campaigns 清欠专项行动 / 清收 (DOMAIN.md "Receivables and
 * collection": "a target for the year, progress in percent ('74.52% of the
 * annual task, 223% of plan'), a leader per hard account, weekly notice 周通报";
 * seed 002: 目标到人、责任到人、奖惩到人; issue 6 item 8).
 *
 * This module owns three tables:
 * - `campaign`: a time-boxed drive over an org unit's subtree with a target
 *   (an amount in CNY, or a percentage of the arrears outstanding at the
 *   start) and an optional plan curve;
 * - `campaign_account`: its hard accounts 难点户 (service accounts), each with
 *   the base arrears snapshotted when it was added and a responsible leader
 *   包保领导;
 * - `campaign_bill`: the snapshot itself — which bills were overdue at the
 *   start and what was open on each then. Progress counts only money
 *   allocated to these bills, so it never moves because of new bills.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { todayIn } from '../../calendar.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Bill } from '../receivables/receivables.entity.js';

export enum CampaignTargetKind {
  AMOUNT = 'AMOUNT',
  PERCENT_OF_ARREARS = 'PERCENT_OF_ARREARS',
}
registerEnumType(CampaignTargetKind, {
  name: 'CampaignTargetKind',
  description: 'How a campaign 清欠专项行动 states its target 任务.',
  valuesConfig: {
    AMOUNT: { description: 'An amount in CNY to collect 清收金额.' },
    PERCENT_OF_ARREARS: { description: "A percentage of the hard accounts' arrears outstanding at the start (the base arrears 基数)." },
  },
});

export enum CampaignStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description: 'Where a campaign stands, derived from its dates (company time zone) and an explicit close.',
  valuesConfig: {
    PLANNED: { description: 'Not started yet 未开始.' },
    ACTIVE: { description: 'Between its first and last day and not closed 进行中.' },
    CLOSED: { description: 'Past its last day, or closed early 已结束.' },
  },
});

@ObjectType('CampaignPlanPoint', { description: 'A point of a plan curve 计划进度: by this day, this share of the target is expected.' })
export class CampaignPlanPoint {
  @Field(() => String, { description: 'The day (YYYY-MM-DD, company time zone).' })
  on!: string;

  @Field(() => DecimalScalar, { description: 'Share of the target expected by the end of that day, in percent (0–100).' })
  share!: string;
}

@ObjectType('Campaign', { implements: Node, description: 'A collection campaign 清欠专项行动: a time-boxed drive with a target over an org unit\'s hard accounts 难点户.' })
@Entity({ tableName: 'campaign' })
@Index({ name: 'campaign_org_unit_idx', properties: ['orgUnit', 'id'] })
@Check({ name: 'campaign_dates_order', expression: 'ends_on >= starts_on' })
@Check({
  name: 'campaign_target_shape',
  expression:
    "(target_kind = 'AMOUNT' and target_amount > 0 and target_percent is null) or (target_kind = 'PERCENT_OF_ARREARS' and target_percent > 0 and target_percent <= 100 and target_amount is null)",
})
export class Campaign {
  [OptionalProps]?: 'nodeId' | 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Campaign', this.id);
  }

  @Field(() => String, { description: 'Name, e.g. 2026年电费清欠专项行动.' })
  @Property({ type: 'text' })
  name!: string;

  /** Root of the subtree the campaign covers; its hard accounts are served there. */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  @Field(() => String, { description: 'First day (YYYY-MM-DD, company time zone); payments from its start count.' })
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => String, { description: 'Last day (YYYY-MM-DD, company time zone); payments up to its end count.' })
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => CampaignTargetKind, { description: 'How the target is stated.' })
  @Enum({ items: () => CampaignTargetKind, columnType: 'text' })
  targetKind!: CampaignTargetKind;

  @Field(() => DecimalScalar, { nullable: true, description: 'For AMOUNT: the CNY to collect; null otherwise.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  targetAmount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'For PERCENT_OF_ARREARS: the percentage of the base arrears to collect, e.g. 74.52; null otherwise.' })
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  targetPercent?: string | null;

  @Field(() => [CampaignPlanPoint], { nullable: true, description: 'The plan curve, in date order; null: linear from the first to the last day.' })
  @Property({ type: 'json', columnType: 'jsonb', nullable: true })
  planCurve?: CampaignPlanPoint[] | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed early; null unless closed by hand.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  closedBy?: Rel<User> | null;

  @ManyToOne(() => User, { index: false })
  createdBy!: Rel<User>;

  @Field(() => Date, { description: 'When it was created.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When it was last changed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => CampaignStatus, { description: 'PLANNED before the first day, ACTIVE until the last day, CLOSED after it or once closed by hand.' })
  get status(): CampaignStatus {
    return campaignStatus(this, todayIn());
  }
}

/** The status on `today` (YYYY-MM-DD); the SQL twin is in campaign.service.ts (statusCondition). */
export function campaignStatus(campaign: Pick<Campaign, 'startsOn' | 'endsOn' | 'closedAt'>, today: string): CampaignStatus {
  if (campaign.closedAt || today > campaign.endsOn) return CampaignStatus.CLOSED;
  return today < campaign.startsOn ? CampaignStatus.PLANNED : CampaignStatus.ACTIVE;
}

@ObjectType('CampaignAccount', { implements: Node, description: 'A hard account 难点户 of a campaign: a service account with its base arrears and responsible leader 包保领导.' })
@Entity({ tableName: 'campaign_account' })
@Unique({ name: 'campaign_account_unique', properties: ['campaign', 'serviceAccount'] })
@Index({ name: 'campaign_account_leader_idx', properties: ['leader'] })
@Check({ name: 'campaign_account_base_positive', expression: 'base_arrears > 0' })
export class CampaignAccount {
  [OptionalProps]?: 'nodeId' | 'addedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('CampaignAccount', this.id);
  }

  @ManyToOne(() => Campaign, { index: false })
  campaign!: Rel<Campaign>;

  @ManyToOne(() => ServiceAccount, { index: false })
  serviceAccount!: Rel<ServiceAccount>;

  /** Denormalised from the service account, for scoping and audit. */
  @ManyToOne(() => Customer, { index: true })
  customer!: Rel<Customer>;

  @Field(() => DecimalScalar, { description: 'Base arrears 基数: what was open on its bills overdue at the campaign start, snapshotted when it was added.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  baseArrears!: string;

  /** The responsible leader 包保领导 (a LEAD or ADMIN); null until assigned. */
  @ManyToOne(() => User, { nullable: true, index: false })
  leader?: Rel<User> | null;

  @ManyToOne(() => User, { index: false })
  addedBy!: Rel<User>;

  @Field(() => Date, { description: 'When it was added to the campaign.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  addedAt: Date = new Date();
}

/** One bill overdue at the campaign start, with what was open on it then (the snapshot; not exposed). */
@Entity({ tableName: 'campaign_bill' })
@Unique({ name: 'campaign_bill_unique', properties: ['campaignAccount', 'bill'] })
@Index({ name: 'campaign_bill_bill_idx', properties: ['bill'] })
@Check({ name: 'campaign_bill_base_positive', expression: 'base_open > 0' })
export class CampaignBill {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => CampaignAccount, { index: false, deleteRule: 'cascade' })
  campaignAccount!: Rel<CampaignAccount>;

  @ManyToOne(() => Bill, { index: false })
  bill!: Rel<Bill>;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  baseOpen!: string;
}
