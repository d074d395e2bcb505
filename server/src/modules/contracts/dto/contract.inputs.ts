/** Inputs, filters and payloads of the contract API. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Contract, ContractAttachment, ContractType, SettlementCycle } from '../contract.entity.js';

@InputType({ description: 'A document of a contract, kept by reference (the file itself lives in a document system).' })
export class ContractAttachmentInput {
  @Field(() => String, { description: 'File name, e.g. 供气合同扫描件.pdf (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @Field(() => String, { description: 'Where the document is: a URL or a document-system reference (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reference!: string;
}

@InputType({ description: 'A new contract, recorded as a DRAFT until it is signed.' })
export class CreateContractInput {
  @Field(() => ID, { description: 'The customer it is made with.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The service account 户号 it covers, if one; must belong to the customer.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => String, { description: 'Contract number, unique in the company, e.g. GZ-GY-2026-0001 (1–64 characters).' })
  @IsNotBlank()
  @MaxLength(64, { message: 'must be at most 64 characters' })
  number!: string;

  @Field(() => ContractType, { description: 'Kind of contract.' })
  type!: ContractType;

  @Field(() => String, { description: 'Our party, e.g. 黔能能源销售有限公司贵阳分公司.' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  supplierParty!: string;

  @Field(() => String, { description: "The customer's party as it signs." })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  customerParty!: string;

  @Field(() => String, { nullable: true, description: 'Who is to sign for the customer.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  signer?: string | null;

  @Field(() => String, { description: 'First day in force (YYYY-MM-DD).' })
  @IsCalendarDate()
  startsOn!: string;

  @Field(() => String, { nullable: true, description: 'Last day in force (YYYY-MM-DD), not before startsOn; omit for open-ended.' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Prepayment 预付款: settlement periods paid in advance, 0–12 (rolling settlement 滚动结算).' })
  @IsOptional()
  @Min(0, { message: 'must be between 0 and 12' })
  @Max(12, { message: 'must be between 0 and 12' })
  prepaymentPeriods?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Prepayment amount in CNY, not negative.' })
  prepaymentAmount?: string | null;

  @Field(() => SettlementCycle, { nullable: true, description: 'Reading and settlement cycle; required for GAS_SUPPLY, POWER_SUPPLY and HEAT_SUPPLY.' })
  settlementCycle?: SettlementCycle | null;

  @Field(() => String, {
    nullable: true,
    description: "Price terms, e.g. 参照上月交易结算电价 for a settlement agreement, or temperature/pressure compensation 温压补偿, facility ownership 产权 and maintenance duties for gas supply.",
  })
  @IsOptional()
  @MaxLength(4000, { message: 'must be at most 4000 characters' })
  priceTerms?: string | null;

  @Field(() => [ContractAttachmentInput], { nullable: true, description: 'Documents to attach at once (at most 20).' })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'must list at most 20 attachments' })
  @ValidateNested({ each: true })
  attachments?: ContractAttachmentInput[] | null;
}

@InputType({ description: 'Signing a DRAFT contract, which puts it in force.' })
export class SignContractInput {
  @Field(() => ID, { description: 'The contract.' })
  @IsGlobalId('Contract')
  id!: string;

  @Field(() => String, { description: 'Date signed (YYYY-MM-DD), not in the future and not after the end date.' })
  @IsCalendarDate()
  signedOn!: string;

  @Field(() => String, { description: 'Who signed for the customer.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  signer!: string;
}

@InputType({ description: 'Changed terms of a DRAFT or ACTIVE contract; omitted fields stay, null clears an optional one.' })
export class AmendContractInput {
  @Field(() => ID, { description: 'The contract.' })
  @IsGlobalId('Contract')
  id!: string;

  @Field(() => String, { description: 'Why the terms change, e.g. 补充协议第1号; shown in the timeline.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note!: string;

  @Field(() => ID, { nullable: true, description: 'New service account 户号 of the same customer; null for none.' })
  @IsOptional()
  @IsGlobalId('ServiceAccount')
  serviceAccountId?: string | null;

  @Field(() => String, { nullable: true, description: 'New supplier party.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  supplierParty?: string | null;

  @Field(() => String, { nullable: true, description: 'New customer party.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  customerParty?: string | null;

  @Field(() => String, { nullable: true, description: 'New signer.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  signer?: string | null;

  @Field(() => String, { nullable: true, description: 'New first day in force (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New last day in force (YYYY-MM-DD); not in the past for an ACTIVE contract (terminate it instead); null for open-ended.' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'New prepayment periods, 0–12.' })
  @IsOptional()
  @Min(0, { message: 'must be between 0 and 12' })
  @Max(12, { message: 'must be between 0 and 12' })
  prepaymentPeriods?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New prepayment amount in CNY, not negative.' })
  prepaymentAmount?: string | null;

  @Field(() => SettlementCycle, { nullable: true, description: 'New settlement cycle (supply contracts cannot drop it).' })
  settlementCycle?: SettlementCycle | null;

  @Field(() => String, { nullable: true, description: 'New price terms.' })
  @IsOptional()
  @MaxLength(4000, { message: 'must be at most 4000 characters' })
  priceTerms?: string | null;
}

@InputType({ description: 'Extending an ACTIVE or EXPIRED contract to a later end date.' })
export class RenewContractInput {
  @Field(() => ID, { description: 'The contract.' })
  @IsGlobalId('Contract')
  id!: string;

  @Field(() => String, { description: 'New last day in force (YYYY-MM-DD): later than the current one and not in the past.' })
  @IsCalendarDate()
  endsOn!: string;

  @Field(() => String, { description: 'What was agreed, e.g. 续签一年; shown in the timeline.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note!: string;
}

@InputType({ description: 'Ending an ACTIVE contract early.' })
export class TerminateContractInput {
  @Field(() => ID, { description: 'The contract.' })
  @IsGlobalId('Contract')
  id!: string;

  @Field(() => String, { description: 'Why it ends, e.g. 客户停产; shown in the timeline.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;

  @Field(() => String, { description: 'Last day in force (YYYY-MM-DD), between startsOn and the current end date; becomes endsOn.' })
  @IsCalendarDate()
  terminatedOn!: string;
}

@InputType({ description: 'A document to attach to a contract.' })
export class AddContractAttachmentInput {
  @Field(() => ID, { description: 'The contract.' })
  @IsGlobalId('Contract')
  contractId!: string;

  @Field(() => String, { description: 'File name, e.g. 补充协议.pdf (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @Field(() => String, { description: 'Where the document is: a URL or a document-system reference (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reference!: string;
}

@InputType({ description: 'Which expiring contracts to list; all conditions must hold.' })
export class ExpiringContractsFilter {
  @Field(() => ID, { nullable: true, description: "Only contracts of customers in the subtree of this org unit." })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [ContractType], { nullable: true, description: 'Only these kinds of contract.' })
  types?: ContractType[] | null;
}

@ObjectType({ description: 'Result of createContract.' })
export class CreateContractPayload {
  @Field(() => Contract, { description: 'The new DRAFT contract.' })
  contract!: Contract;
}

@ObjectType({ description: 'Result of signContract.' })
export class SignContractPayload {
  @Field(() => Contract, { description: 'The contract, now in force.' })
  contract!: Contract;
}

@ObjectType({ description: 'Result of amendContract.' })
export class AmendContractPayload {
  @Field(() => Contract, { description: 'The contract with its new terms.' })
  contract!: Contract;
}

@ObjectType({ description: 'Result of renewContract.' })
export class RenewContractPayload {
  @Field(() => Contract, { description: 'The contract with its new end date.' })
  contract!: Contract;
}

@ObjectType({ description: 'Result of terminateContract.' })
export class TerminateContractPayload {
  @Field(() => Contract, { description: 'The terminated contract.' })
  contract!: Contract;
}

@ObjectType({ description: 'Result of addContractAttachment.' })
export class AddContractAttachmentPayload {
  @Field(() => ContractAttachment, { description: 'The new attachment.' })
  attachment!: ContractAttachment;

  @Field(() => Contract, { description: 'The contract, with its attachments.' })
  contract!: Contract;
}

export const { ConnectionType: ContractConnection, EdgeType: ContractEdge } = connectionTypes(Contract, 'Contract', 'contract');
