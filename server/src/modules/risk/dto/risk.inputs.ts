/** Inputs, filters, payloads and the plan type of the risk-ledger API. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Customer } from '../../customers/customer.entity.js';
import { RiskLevel } from '../../customers/customer.enums.js';
import { RiskEntry } from '../risk-entry.entity.js';

@ObjectType('RiskAction', { description: 'One action of a one-customer-one-policy plan 一户一策.' })
export class RiskActionType {
  @Field(() => String, { description: 'What is to be done, e.g. 每五天收取一次电费 or 签订电费结算协议.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'By when (YYYY-MM-DD).' })
  dueOn!: string | null;

  @Field(() => String, { nullable: true, description: 'When it was done (YYYY-MM-DD); null while open.' })
  doneOn!: string | null;

  @Field(() => Boolean, { description: 'Not done and its due date has passed (company time zone).' })
  overdue!: boolean;
}

@InputType({ description: 'A new action of a plan 一户一策.' })
export class RiskActionInput {
  @Field(() => String, { description: 'What is to be done (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  action!: string;

  @Field(() => String, { description: 'By when (YYYY-MM-DD).' })
  @IsCalendarDate()
  dueOn!: string;
}

@InputType({ description: 'An action of a plan with its progress.' })
export class RiskActionProgressInput extends RiskActionInput {
  @Field(() => String, { nullable: true, description: 'When it was done (YYYY-MM-DD, not in the future); null while open.' })
  @IsOptional()
  @IsCalendarDate()
  doneOn?: string | null;
}

@InputType({ description: 'Putting a customer on the risk-customer ledger 风险客户台账.' })
export class PutOnRiskLedgerInput {
  @Field(() => ID, { description: 'The customer; it must not be on the ledger already.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => RiskLevel, { description: 'Risk level; becomes the customer\'s riskLevel.' })
  level!: RiskLevel;

  @Field(() => String, { description: 'Why, e.g. 连续三个月欠费 (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;

  @Field(() => ID, { description: "The leader in charge 包保领导: an active LEAD or ADMIN of the customer's org unit or one above it." })
  @IsGlobalId('User')
  responsibleLeaderId!: string;

  @Field(() => [RiskActionInput], { description: 'The plan 一户一策: 1 to 20 actions.' })
  @ArrayMinSize(1, { message: 'must list at least one action (一户一策)' })
  @ArrayMaxSize(20, { message: 'must list at most 20 actions' })
  @ValidateNested({ each: true })
  plan!: RiskActionInput[];
}

@InputType({ description: 'A new version of the plan of an open ledger entry (and optionally its level).' })
export class UpdateRiskPlanInput {
  @Field(() => ID, { description: 'The open ledger entry.' })
  @IsGlobalId('RiskEntry')
  entryId!: string;

  @Field(() => RiskLevel, { nullable: true, description: 'New level (needs customers:assign); omitted: it stays.' })
  level?: RiskLevel | null;

  @Field(() => [RiskActionProgressInput], { description: 'The whole plan as it is now: 1 to 20 actions with their progress.' })
  @ArrayMinSize(1, { message: 'must list at least one action (一户一策)' })
  @ArrayMaxSize(20, { message: 'must list at most 20 actions' })
  @ValidateNested({ each: true })
  plan!: RiskActionProgressInput[];
}

@InputType({ description: 'Taking a customer off the risk ledger.' })
export class TakeOffRiskLedgerInput {
  @Field(() => ID, { description: 'The customer on the ledger.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => String, { description: 'Why, e.g. 欠费已结清 (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@InputType({ description: 'Which ledger entries to list; all conditions must hold.' })
export class RiskLedgerFilter {
  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [RiskLevel], { nullable: true, description: 'Only these levels.' })
  levels?: RiskLevel[] | null;

  @Field(() => ID, { nullable: true, description: 'Only entries with this leader in charge 包保领导.' })
  @IsOptional()
  @IsGlobalId('User')
  leaderId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Also list closed entries (the history); open ones only when omitted.' })
  includeClosed?: boolean | null;
}

@ObjectType({ description: 'Result of putOnRiskLedger.' })
export class PutOnRiskLedgerPayload {
  @Field(() => RiskEntry, { description: 'The new open entry.' })
  entry!: RiskEntry;

  @Field(() => Customer, { description: 'The customer, with its riskLevel.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of updateRiskPlan.' })
export class UpdateRiskPlanPayload {
  @Field(() => RiskEntry, { description: 'The entry with its new plan.' })
  entry!: RiskEntry;
}

@ObjectType({ description: 'Result of takeOffRiskLedger.' })
export class TakeOffRiskLedgerPayload {
  @Field(() => RiskEntry, { description: 'The closed entry.' })
  entry!: RiskEntry;

  @Field(() => Customer, { description: 'The customer, its riskLevel cleared.' })
  customer!: Customer;
}

export const { ConnectionType: RiskEntryConnection, EdgeType: RiskEntryEdge } = connectionTypes(RiskEntry, 'RiskEntry', 'risk-ledger entry');
