/** Inputs, filters and payloads of the installment-plan API 分期协议. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Customer } from '../../customers/customer.entity.js';
import { InstallmentPlan, InstallmentPlanStatus, Instalment } from '../installment.entity.js';
import { MAX_INSTALMENTS, MIN_INSTALMENTS } from '../installment.service.js';

@InputType({ description: 'One instalment of a new plan.' })
export class InstalmentInput {
  @Field(() => String, { description: 'Day it is due (YYYY-MM-DD, company time zone): not in the past, after the previous instalment.' })
  @IsCalendarDate()
  dueOn!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0.' })
  amount!: string;
}

@InputType({ description: 'Agreeing an installment plan 分期协议 for a customer\'s (or one service account\'s) arrears.' })
export class AgreeInstallmentPlanInput {
  @Field(() => ID, { description: 'The customer who owes.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'One of its service accounts 户号 the plan covers; the whole customer when omitted.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => DecimalScalar, { description: 'The amount agreed in CNY: more than 0 and at most what the customer (or account) owes now.' })
  total!: string;

  @Field(() => [InstalmentInput], {
    description: `The instalments 分次缴纳, ${MIN_INSTALMENTS} to ${MAX_INSTALMENTS}, in date order; their amounts add up exactly to total.`,
  })
  @ValidateNested({ each: true })
  instalments!: InstalmentInput[];

  @Field(() => String, { description: "Terms or remarks, e.g. 按上月结算价格分次缴纳 (at most 2000 characters; may be empty)." })
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  note!: string;
}

@InputType({ description: 'Money paid against one instalment (tracked on the plan; the ledger payment is recorded separately with recordPayment).' })
export class RecordInstalmentPaymentInput {
  @Field(() => ID, { description: 'The instalment; it must be DUE and its plan ACTIVE.' })
  @IsGlobalId('Instalment')
  instalmentId!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0 and at most what is still due on the instalment.' })
  amount!: string;

  @Field(() => Date, { description: 'When it was paid (not in the future).' })
  paidAt!: Date;
}

@InputType({ description: 'Calling off an active installment plan.' })
export class CancelInstallmentPlanInput {
  @Field(() => ID, { description: 'The plan; it must be ACTIVE.' })
  @IsGlobalId('InstallmentPlan')
  planId!: string;

  @Field(() => String, { description: 'Why (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@InputType({ description: 'Which installment plans to list; every condition must hold.' })
export class InstallmentPlanFilter {
  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [InstallmentPlanStatus], { nullable: true, description: 'Only plans in these statuses; all when omitted.' })
  statuses?: InstallmentPlanStatus[] | null;
}

@ObjectType({ description: 'Result of agreeInstallmentPlan.' })
export class AgreeInstallmentPlanPayload {
  @Field(() => InstallmentPlan, { description: 'The new ACTIVE plan.' })
  plan!: InstallmentPlan;

  @Field(() => Customer, { description: 'The customer.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of recordInstalmentPayment.' })
export class RecordInstalmentPaymentPayload {
  @Field(() => Instalment, { description: 'The instalment with what is paid on it.' })
  instalment!: Instalment;

  @Field(() => InstallmentPlan, { description: 'Its plan (COMPLETED once every instalment is paid).' })
  plan!: InstallmentPlan;
}

@ObjectType({ description: 'Result of cancelInstallmentPlan.' })
export class CancelInstallmentPlanPayload {
  @Field(() => InstallmentPlan, { description: 'The CANCELLED plan.' })
  plan!: InstallmentPlan;
}

export const { ConnectionType: InstallmentPlanConnection } = connectionTypes(InstallmentPlan, 'InstallmentPlan', 'installment plan');
