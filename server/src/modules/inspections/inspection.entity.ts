/**
 * Safety inspections 安全检查 / 巡检 of key accounts' gas facilities and the
 * written rectification notices 整改通知书 their findings open (DOMAIN.md
 * "Facilities and safety"; seed 003 §3(3) ②④⑤: periodic inspections with a
 * record card 巡检记录卡, a yearly systematic safety inspection 每年定期系统安全检查,
 * bypass valves locked 旁通阀必须加锁, double regulator lines 双路调压 kept
 * ready, hazards within the customer's own responsibility get a written
 * notice with a deadline 发送书面整改通知书，限期整改).
 *
 * One class is both the table and the GraphQL type, as elsewhere.
 */
import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { todayIn } from '../../calendar.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerTier, Utility } from '../customers/customer.enums.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { User } from '../org/user.entity.js';

export enum InspectionKind {
  ROUTINE = 'ROUTINE',
  ANNUAL_SAFETY = 'ANNUAL_SAFETY',
  SPECIAL = 'SPECIAL',
}
registerEnumType(InspectionKind, {
  name: 'InspectionKind',
  description: 'Which kind of inspection 检查类别.',
  valuesConfig: {
    ROUTINE: { description: 'Periodic inspection 定期巡检 of supply facilities and gas appliances, at the frequency of the customer\'s tier.' },
    ANNUAL_SAFETY: { description: 'Yearly systematic safety inspection 年度安全检查 (pipes, facilities, appliances, leaks, gas alarms); also counts as a routine inspection.' },
    SPECIAL: { description: 'Special inspection 专项检查: after a complaint, an incident or for a re-check; never scheduled.' },
  },
});

export enum InspectionResult {
  PASSED = 'PASSED',
  HAZARDS_FOUND = 'HAZARDS_FOUND',
  SUPPLY_SEALED = 'SUPPLY_SEALED',
}
registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: 'What the inspection concluded 检查结论.',
  valuesConfig: {
    PASSED: { description: 'No hazard found 合格.' },
    HAZARDS_FOUND: { description: 'Hazards found 存在隐患; see the findings.' },
    SUPPLY_SEALED: { description: 'Supply stopped and the pipe sealed 封堵 (e.g. a suspended or closed account, or a grave hazard).' },
  },
});

export enum FindingCategory {
  METER = 'METER',
  REGULATOR = 'REGULATOR',
  DOUBLE_REGULATOR_LINE = 'DOUBLE_REGULATOR_LINE',
  BYPASS_VALVE_LOCK = 'BYPASS_VALVE_LOCK',
  PIPE = 'PIPE',
  LEAK = 'LEAK',
  OTHER = 'OTHER',
}
registerEnumType(FindingCategory, {
  name: 'FindingCategory',
  description: 'What a finding is about 隐患类别.',
  valuesConfig: {
    METER: { description: 'Meter 计量仪表: fault, seal, calibration overdue.' },
    REGULATOR: { description: 'Pressure regulator 调压装置: set or cut-off pressure wrong.' },
    DOUBLE_REGULATOR_LINE: { description: 'Double regulator line 双路调压 not ready for use.' },
    BYPASS_VALVE_LOCK: { description: 'Bypass valve 旁通阀 not locked or blanked.' },
    PIPE: { description: 'Pipe 管道: corrosion, covered or enclosed, coating damage.' },
    LEAK: { description: 'Gas leak 漏气.' },
    OTHER: { description: 'Anything else, e.g. the gas alarm not tested 报警器未例检.' },
  },
});

export enum FindingSeverity {
  MINOR = 'MINOR',
  MAJOR = 'MAJOR',
  CRITICAL = 'CRITICAL',
}
registerEnumType(FindingSeverity, {
  name: 'FindingSeverity',
  description: 'How grave a finding is.',
  valuesConfig: {
    MINOR: { description: 'Minor 一般隐患.' },
    MAJOR: { description: 'Major 较大隐患.' },
    CRITICAL: { description: 'Critical 重大隐患: act at once.' },
  },
});

export enum RectificationStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(RectificationStatus, {
  name: 'RectificationStatus',
  description: 'Where a rectification notice stands; overdue is derived (OPEN past its deadline), see `overdue`.',
  valuesConfig: {
    OPEN: { description: 'Issued, not yet rectified 待整改.' },
    CLOSED: { description: 'Rectified, with evidence 已整改.' },
  },
});

@ObjectType('InspectionPolicy', { description: 'How often customers of one utility and tier get one kind of inspection 巡检频次 (a company setting, changed by admins).' })
@Entity({ tableName: 'inspection_policy' })
@Unique({ name: 'inspection_policy_key_unique', properties: ['utility', 'tier', 'kind'] })
@Check({ name: 'inspection_policy_interval_range', expression: 'interval_months >= 1 and interval_months <= 60' })
export class InspectionPolicy {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Utility, { description: 'The customers\' utility, e.g. GAS.' })
  @Enum({ items: () => Utility, columnType: 'text' })
  utility!: Utility;

  @Field(() => CustomerTier, { description: 'The customers\' tier.' })
  @Enum({ items: () => CustomerTier, columnType: 'text' })
  tier!: CustomerTier;

  @Field(() => InspectionKind, { description: 'ROUTINE or ANNUAL_SAFETY (SPECIAL is never scheduled).' })
  @Enum({ items: () => InspectionKind, columnType: 'text' })
  kind!: InspectionKind;

  @Field(() => Int, { description: 'Months between two inspections, 1–60 (1 monthly, 3 quarterly, 12 yearly).' })
  @Property({ type: 'integer' })
  intervalMonths!: number;

  @Field(() => Date, { description: 'When the setting was last changed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType('Inspection', { implements: Node, description: 'A performed inspection 安全检查/巡检 of a customer\'s facilities, with its findings 巡检记录.' })
@Entity({ tableName: 'inspection' })
@Index({ name: 'inspection_customer_performed_idx', properties: ['customer', 'performedOn', 'id'] })
export class Inspection {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Inspection', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The account 户号 whose facilities were inspected; null: the customer's site as a whole. */
  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @Field(() => InspectionKind, { description: 'Routine, annual safety or special.' })
  @Enum({ items: () => InspectionKind, columnType: 'text' })
  kind!: InspectionKind;

  @Field(() => String, { description: 'Day it was performed (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  performedOn!: string;

  @Field(() => InspectionResult, { description: 'What it concluded.' })
  @Enum({ items: () => InspectionResult, columnType: 'text' })
  result!: InspectionResult;

  @Field(() => String, { nullable: true, description: 'Remarks of the record card 巡检记录卡.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  /** Who recorded it (null: a partner tool). */
  @ManyToOne(() => User, { nullable: true, index: false })
  recordedBy?: Rel<User> | null;

  /** Who inspected 检查人员. */
  @ManyToMany({ entity: () => User, pivotTable: 'inspection_inspector', joinColumn: 'inspection_id', inverseJoinColumn: 'user_id' })
  inspectors = new Collection<User>(this);

  @Field(() => Date, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}

@ObjectType('InspectionFinding', { description: 'One hazard or defect an inspection found 检查发现的隐患.' })
@Entity({ tableName: 'inspection_finding' })
@Unique({ name: 'inspection_finding_sequence_unique', properties: ['inspection', 'sequence'] })
export class InspectionFinding {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Inspection, { index: false })
  inspection!: Rel<Inspection>;

  @Field(() => Int, { description: 'Position on the record card, from 1.' })
  @Property({ type: 'integer' })
  sequence!: number;

  @Field(() => FindingCategory, { description: 'What it is about.' })
  @Enum({ items: () => FindingCategory, columnType: 'text' })
  category!: FindingCategory;

  @Field(() => FindingSeverity, { description: 'How grave it is.' })
  @Enum({ items: () => FindingSeverity, columnType: 'text' })
  severity!: FindingSeverity;

  @Field(() => String, { description: 'What was found.' })
  @Property({ type: 'text' })
  description!: string;
}

@ObjectType('RectificationNotice', {
  implements: Node,
  description: 'A written rectification notice 整改通知书 for a hazard within the customer\'s own responsibility, with a deadline 限期整改 and an owner who follows it up.',
})
@Entity({ tableName: 'rectification_notice' })
@Index({ name: 'rectification_notice_customer_idx', properties: ['customer', 'id'] })
@Index({ name: 'rectification_notice_open_deadline_idx', expression: `create index rectification_notice_open_deadline_idx on rectification_notice (deadline) where status = 'OPEN'` })
@Check({
  name: 'rectification_notice_closed_evidence',
  expression: `status = 'OPEN' or (closed_at is not null and evidence_note is not null and evidence_reference is not null)`,
})
export class RectificationNotice {
  [OptionalProps]?: 'nodeId' | 'status' | 'openedAt' | 'extensions' | 'overdue';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('RectificationNotice', this.id);
  }

  @Field(() => String, { description: 'Notice number 通知书编号, e.g. ZG-2026-000042.' })
  @Property({ type: 'text', unique: 'rectification_notice_number_unique' })
  number!: string;

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @ManyToOne(() => ServiceAccount, { nullable: true, index: false })
  serviceAccount?: Rel<ServiceAccount> | null;

  @ManyToOne(() => Inspection, { index: true })
  inspection!: Rel<Inspection>;

  @ManyToOne(() => InspectionFinding, { unique: 'rectification_notice_finding_unique' })
  finding!: Rel<InspectionFinding>;

  @Field(() => String, { description: 'Day by which the hazard must be rectified (YYYY-MM-DD, company time zone).' })
  @Property({ type: 'date' })
  deadline!: string;

  @Field(() => String, { description: 'The deadline first set, before any extension.' })
  @Property({ type: 'date' })
  originalDeadline!: string;

  /** Who follows it up: the customer's rep unless another was named. */
  @ManyToOne(() => User, { nullable: true, index: false })
  owner?: Rel<User> | null;

  @Field(() => RectificationStatus, { description: 'OPEN or CLOSED.' })
  @Enum({ items: () => RectificationStatus, columnType: 'text', default: RectificationStatus.OPEN })
  status: RectificationStatus = RectificationStatus.OPEN;

  @Field(() => Date, { description: 'When it was issued.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  openedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When it was closed; null while open.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  closedBy?: Rel<User> | null;

  @Field(() => String, { nullable: true, description: 'Evidence of the rectification 整改佐证: what was done and checked.' })
  @Property({ type: 'text', nullable: true })
  evidenceNote?: string | null;

  @Field(() => String, { nullable: true, description: 'Reference of the evidence: photo, document or re-inspection record number.' })
  @Property({ type: 'text', nullable: true })
  evidenceReference?: string | null;

  @Field(() => Int, { description: 'How many times the deadline was extended.' })
  @Property({ type: 'integer', default: 0 })
  extensions: number = 0;

  @Field(() => Boolean, { description: 'OPEN and past its deadline (company time zone) 逾期未整改.' })
  get overdue(): boolean {
    return this.status === RectificationStatus.OPEN && this.deadline < todayIn();
  }
}
