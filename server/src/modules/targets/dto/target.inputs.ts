/** Inputs, filters and payloads of the targets API 考核目标. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import { IsGlobalId } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Metric, PeriodKind } from '../../metrics/metric.enums.js';
import { VisitChannel } from '../../visits/visit.entity.js';
import { Target } from '../target.entity.js';
import { MeasureScalar } from '../measure.js';
import { MAX_SPLIT_PARTS } from '../target.service.js';

@InputType({ description: 'Setting a target 设定考核目标: created when there is none for this metric, channel, period and subject, else its value changes.' })
export class SetTargetInput {
  @Field(() => Metric, { description: 'What is measured.' })
  metric!: Metric;

  @Field(() => VisitChannel, { nullable: true, description: 'For VISITS only: count one channel (e.g. ON_SITE); omit to count every channel.' })
  @IsOptional()
  channel?: VisitChannel | null;

  @Field(() => PeriodKind, { description: 'The kind of period.' })
  periodKind!: PeriodKind;

  @Field(() => String, { description: 'First day of the period (YYYY-MM-DD): a Monday for WEEK, the 1st for MONTH, 1 Jan/Apr/Jul/Oct for QUARTER, 1 Jan for YEAR.' })
  @IsCalendarDate()
  periodStart!: string;

  @Field(() => ID, { nullable: true, description: "The org unit whose target it is; give this or userId, not both." })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The person whose target it is; give this or orgUnitId, not both.' })
  @IsOptional()
  @IsGlobalId('User')
  userId?: string | null;

  @Field(() => MeasureScalar, {
    description: 'The target value: a whole number for counts, CNY with at most 2 decimals, a percent from 0 to 100 with at most 3 decimals for COLLECTION_RATE (e.g. "99.999").',
  })
  value!: string;
}

@InputType({ description: 'One part of a split: a direct child unit or a person of the parent target\'s unit, and its value.' })
export class TargetPartInput {
  @Field(() => ID, { nullable: true, description: 'A direct child unit of the parent target\'s unit; give this or userId.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A person whose unit is the parent target\'s unit; give this or orgUnitId.' })
  @IsOptional()
  @IsGlobalId('User')
  userId?: string | null;

  @Field(() => MeasureScalar, { description: 'The part\'s value, with the same precision rules as the parent\'s metric.' })
  value!: string;
}

@InputType({ description: 'Splitting a unit\'s target down the tree 目标分解 into its complete set of children.' })
export class SplitTargetInput {
  @Field(() => ID, { description: "The parent target: an org unit's target." })
  @IsGlobalId('Target')
  parentId!: string;

  @Field(() => [TargetPartInput], {
    description: `The parts, 1 to ${MAX_SPLIT_PARTS}, each subject at most once. Except for COLLECTION_RATE they must add up exactly to the parent's value. Children of an earlier split that are not listed are deleted.`,
  })
  @ValidateNested({ each: true })
  parts!: TargetPartInput[];
}

@InputType({ description: 'Deleting a target that is not split.' })
export class DeleteTargetInput {
  @Field(() => ID, { description: 'The target; it must have no children.' })
  @IsGlobalId('Target')
  id!: string;
}

@InputType({ description: 'Which targets to list; every condition must hold.' })
export class TargetFilter {
  @Field(() => ID, { nullable: true, description: 'Only targets of this org unit\'s subtree (its units and their people).' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this person's targets." })
  @IsOptional()
  @IsGlobalId('User')
  userId?: string | null;

  @Field(() => Metric, { nullable: true, description: 'Only targets of this metric.' })
  @IsOptional()
  metric?: Metric | null;

  @Field(() => PeriodKind, { nullable: true, description: 'Only targets of this kind of period.' })
  @IsOptional()
  periodKind?: PeriodKind | null;

  @Field(() => String, { nullable: true, description: 'Only targets whose period contains this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  date?: string | null;
}

@ObjectType({ description: 'Result of setTarget.' })
export class SetTargetPayload {
  @Field(() => Target, { description: 'The target with its new value; its children (if split) stay, see unallocated.' })
  target!: Target;

  @Field(() => Boolean, { description: 'True when the target was created, false when an existing one changed.' })
  created!: boolean;
}

@ObjectType({ description: 'Result of splitTarget.' })
export class SplitTargetPayload {
  @Field(() => Target, { description: 'The parent target.' })
  parent!: Target;

  @Field(() => [Target], { description: 'Its children, in the order of the parts.' })
  children!: Target[];
}

@ObjectType({ description: 'Result of deleteTarget.' })
export class DeleteTargetPayload {
  @Field(() => ID, { description: 'ID of the deleted target.' })
  deletedTargetId!: string;
}

export const { ConnectionType: TargetConnection } = connectionTypes(Target, 'Target', 'target');
