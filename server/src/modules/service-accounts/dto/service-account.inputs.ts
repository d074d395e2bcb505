/** Inputs and payloads of the service-account API. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { Customer } from '../../customers/customer.entity.js';
import { Utility } from '../../customers/customer.enums.js';
import { ServiceAccount, ServiceAccountStatus } from '../service-account.entity.js';
import { ACCOUNT_NUMBER_MESSAGE } from '../service-account.errors.js';
import { ACCOUNT_NUMBER_PATTERN } from '../service-account.service.js';

@InputType({ description: 'A new service account 户号 of a customer.' })
export class AddServiceAccountInput {
  @Field(() => ID, { description: 'The customer that holds the account.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => String, { description: 'Account number 户号: 8 to 20 digits, unique in the company.' })
  @Matches(ACCOUNT_NUMBER_PATTERN, { message: ACCOUNT_NUMBER_MESSAGE })
  accountNumber!: string;

  @Field(() => ID, {
    description: "The station that serves the supply point. It may belong to another branch than the customer's own station: cross-district accounts are handled jointly 联办制.",
  })
  @IsGlobalId('OrgUnit')
  orgUnitId!: string;

  @Field(() => String, { description: 'Address of the supply point (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'District 区县 of the supply point, e.g. 红花岗区.' })
  @IsOptional()
  @MaxLength(50, { message: 'must be at most 50 characters' })
  district?: string | null;

  @Field(() => Utility, { nullable: true, description: "What is supplied here; the customer's utility when omitted." })
  utility?: Utility | null;

  @Field(() => Int, { nullable: true, description: 'Number of metering points 计量点, 0 to 999; 1 when omitted.' })
  @IsOptional()
  @Min(0, { message: 'must not be negative' })
  @Max(999, { message: 'must be at most 999' })
  meterPoints?: number | null;

  @Field(() => Date, { nullable: true, description: 'When supply started.' })
  openedAt?: Date | null;
}

@InputType({ description: 'Changes to a service account; omitted fields stay as they are, null clears the district.' })
export class UpdateServiceAccountInput {
  @Field(() => ID, { description: 'The service account to change.' })
  @IsGlobalId('ServiceAccount')
  id!: string;

  @Field(() => String, { nullable: true, description: 'New address of the supply point.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'New district 区县; null clears it.' })
  @IsOptional()
  @MaxLength(50, { message: 'must be at most 50 characters' })
  district?: string | null;

  @Field(() => Int, { nullable: true, description: 'New number of metering points, 0 to 999.' })
  @IsOptional()
  @Min(0, { message: 'must not be negative' })
  @Max(999, { message: 'must be at most 999' })
  meterPoints?: number | null;

  @Field(() => ID, { nullable: true, description: 'Move the account to this serving station (any branch: 联办制).' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;
}

@InputType({ description: 'A supply status move of a service account, with its reason.' })
export class ChangeServiceAccountStatusInput {
  @Field(() => ID, { description: 'The service account.' })
  @IsGlobalId('ServiceAccount')
  id!: string;

  @Field(() => ServiceAccountStatus, {
    description: 'The new status. Allowed: ACTIVE ↔ SUSPENDED, and ACTIVE or SUSPENDED → CLOSED (final; sets closedAt).',
  })
  status!: ServiceAccountStatus;

  @Field(() => String, { description: 'Why, e.g. 欠费封堵 (sealed for arrears), 安全隐患停气, 缴清欠费恢复供气, 企业搬迁销户 (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason!: string;
}

@ObjectType({ description: 'Result of addServiceAccount.' })
export class AddServiceAccountPayload {
  @Field(() => ServiceAccount, { description: 'The new service account.' })
  serviceAccount!: ServiceAccount;

  @Field(() => Customer, { description: 'The customer, with all its service accounts.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of updateServiceAccount.' })
export class UpdateServiceAccountPayload {
  @Field(() => ServiceAccount, { description: 'The service account after the change.' })
  serviceAccount!: ServiceAccount;
}

@ObjectType({ description: 'Result of changeServiceAccountStatus.' })
export class ChangeServiceAccountStatusPayload {
  @Field(() => ServiceAccount, { description: 'The service account in its new status.' })
  serviceAccount!: ServiceAccount;
}
