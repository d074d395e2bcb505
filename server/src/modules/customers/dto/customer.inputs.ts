/** Inputs, filters and payloads of the customer API. */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank, IsUscc } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { Customer } from '../customer.entity.js';
import { CustomerKind, CustomerStatus, CustomerTier, Utility } from '../customer.enums.js';

@InputType({ description: 'A new customer.' })
export class CreateCustomerInput {
  @Field(() => String, { description: 'Registered name (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code 统一社会信用代码; required once the status is ACTIVE, SUSPENDED or CLOSED.' })
  @IsOptional()
  @IsUscc()
  uscc?: string | null;

  @Field(() => CustomerKind, { description: 'What kind of organisation it is.' })
  kind!: CustomerKind;

  @Field(() => Utility, { description: 'What it buys.' })
  utility!: Utility;

  @Field(() => CustomerTier, { description: 'How important it is.' })
  tier!: CustomerTier;

  @Field(() => CustomerStatus, { nullable: true, description: 'Starting lifecycle stage; PROSPECT when omitted.' })
  status?: CustomerStatus | null;

  @Field(() => ID, { description: 'The station (or other org unit) the customer belongs to.' })
  @IsGlobalId('OrgUnit')
  orgUnitId!: string;

  @Field(() => ID, { nullable: true, description: 'The responsible rep 客户经理.' })
  @IsOptional()
  @IsGlobalId('User')
  responsibleRepId?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address of the main site.' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  address?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Estimated consumption per month, not negative.' })
  estimatedMonthlyConsumption?: string | null;
}

@InputType({ description: 'Changes to a customer; omitted fields stay as they are, null clears an optional field.' })
export class UpdateCustomerInput {
  @Field(() => ID, { description: 'The customer to change.' })
  @IsGlobalId('Customer')
  id!: string;

  @Field(() => String, { nullable: true, description: 'New registered name.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New unified social credit code.' })
  @IsOptional()
  @IsUscc()
  uscc?: string | null;

  @Field(() => CustomerKind, { nullable: true, description: 'New kind.' })
  kind?: CustomerKind | null;

  @Field(() => Utility, { nullable: true, description: 'New utility.' })
  utility?: Utility | null;

  @Field(() => CustomerTier, { nullable: true, description: 'New tier.' })
  tier?: CustomerTier | null;

  @Field(() => CustomerStatus, { nullable: true, description: 'Move to this lifecycle stage (only allowed moves).' })
  status?: CustomerStatus | null;

  @Field(() => ID, { nullable: true, description: 'Move the customer to this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New responsible rep.' })
  @IsOptional()
  @IsGlobalId('User')
  responsibleRepId?: string | null;

  @Field(() => String, { nullable: true, description: 'New address.' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  address?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New estimated monthly consumption.' })
  estimatedMonthlyConsumption?: string | null;
}

export enum CustomerOrder {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  NAME_ASC = 'NAME_ASC',
}
registerEnumType(CustomerOrder, {
  name: 'CustomerOrder',
  description: 'Sort order of a customer list.',
  valuesConfig: {
    CREATED_AT_DESC: { description: 'Newest first.' },
    NAME_ASC: { description: 'By name, A to Z (code point order).' },
  },
});

@InputType({ description: 'Which customers to list; all conditions must hold.' })
export class CustomerFilter {
  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [CustomerKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: CustomerKind[] | null;

  @Field(() => [CustomerTier], { nullable: true, description: 'Only these tiers.' })
  tiers?: CustomerTier[] | null;

  @Field(() => [CustomerStatus], { nullable: true, description: 'Only these lifecycle stages.' })
  statuses?: CustomerStatus[] | null;

  @Field(() => [Utility], { nullable: true, description: 'Only these utilities.' })
  utilities?: Utility[] | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, or the USCC starts with it.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  search?: string | null;
}

@ObjectType({ description: 'Result of createCustomer.' })
export class CreateCustomerPayload {
  @Field(() => Customer, { description: 'The new customer.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of updateCustomer.' })
export class UpdateCustomerPayload {
  @Field(() => Customer, { description: 'The customer after the change.' })
  customer!: Customer;
}

export const { ConnectionType: CustomerConnection, EdgeType: CustomerEdge } = connectionTypes(Customer, 'Customer', 'customer');
