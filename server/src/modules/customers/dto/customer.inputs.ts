/** Inputs, filters and payloads of the customer API. */
import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank, IsUscc } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { OrgUnit } from '../../org/org-unit.entity.js';
import { Customer } from '../customer.entity.js';
import { CustomerKind, CustomerSource, CustomerStatus, CustomerTier, RiskLevel, Utility } from '../customer.enums.js';

/** A real calendar day written YYYY-MM-DD (no 2026-02-30). */
function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const [y, m, d] = value.split('-').map(Number) as [number, number, number];
          const date = new Date(Date.UTC(y, m - 1, d));
          return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
        },
        defaultMessage: () => 'must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

const LATITUDE_RANGE = 'must be between -90 and 90';
const LONGITUDE_RANGE = 'must be between -180 and 180';

/** Fields createCustomer and updateCustomer share beyond the basics: source, location, leader. */
@InputType('CustomerProfileFields', { description: 'Fields shared by CreateCustomerInput and UpdateCustomerInput (not used on its own).' })
abstract class CustomerProfileFields {
  @Field(() => String, { nullable: true, description: 'Industry, e.g. 化工, 医疗, 酒店餐饮 (at most 100 characters).' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  industry?: string | null;

  @Field(() => CustomerSource, { nullable: true, description: 'How the customer was found; REFERRAL is set by itself when only referredById is given.' })
  source?: CustomerSource | null;

  @Field(() => String, { nullable: true, description: 'Detail of the source: the event, campaign or channel (at most 500 characters).' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  sourceDetail?: string | null;

  @Field(() => ID, { nullable: true, description: 'The customer who referred this one 客户引荐客户: another customer you may see. Needs source REFERRAL.' })
  @IsOptional()
  @IsGlobalId('Customer')
  referredById?: string | null;

  @Field(() => String, { nullable: true, description: 'District 区县 of the main site, e.g. 南明区 (at most 100 characters).' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  district?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude of the main site, -90 to 90 (WGS-84); give it together with longitude.' })
  @IsOptional()
  @Min(-90, { message: LATITUDE_RANGE })
  @Max(90, { message: LATITUDE_RANGE })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the main site, -180 to 180 (WGS-84); give it together with latitude.' })
  @IsOptional()
  @Min(-180, { message: LONGITUDE_RANGE })
  @Max(180, { message: LONGITUDE_RANGE })
  longitude?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: "The leader responsible for a hard account 包保领导: a LEAD or ADMIN at the customer's org unit or above. Needs customers:assign.",
  })
  @IsOptional()
  @IsGlobalId('User')
  responsibleLeaderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the customer reaches its (new) lifecycle stage; required for SUSPENDED and CLOSED (at most 500 characters). Kept in statusHistory.',
  })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  statusReason?: string | null;
}

@InputType({ description: 'A new customer.' })
export class CreateCustomerInput extends CustomerProfileFields {
  @Field(() => String, { description: 'Registered name (1–200 characters).' })
  @IsNotBlank()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Unified social credit code 统一社会信用代码; required once the status is ACTIVE or SUSPENDED.' })
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
export class UpdateCustomerInput extends CustomerProfileFields {
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

  @Field(() => CustomerStatus, { nullable: true, description: 'Move to this lifecycle stage (only allowed moves; SUSPENDED and CLOSED need statusReason).' })
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

@InputType({ description: 'Puts a customer on the industry dishonesty list 失信名单, or takes it off.' })
export class SetDishonestyFlagInput {
  @Field(() => ID, { description: 'The customer.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => Boolean, { description: 'True: reported to the dishonesty list; false: taken off it.' })
  dishonest!: boolean;

  @Field(() => String, { nullable: true, description: 'Why (required when setting the flag; at most 500 characters). Kept in the audit log.' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason?: string | null;
}

@InputType({ description: 'Who is responsible for a customer; omitted fields stay as they are, null clears.' })
export class AssignCustomerInput {
  @Field(() => ID, { description: 'The customer.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => ID, { nullable: true, description: "The responsible rep 客户经理: a REP or LEAD at the customer's org unit or above." })
  @IsOptional()
  @IsGlobalId('User')
  responsibleRepId?: string | null;

  @Field(() => ID, { nullable: true, description: "The responsible leader 包保领导: a LEAD or ADMIN at the customer's org unit or above." })
  @IsOptional()
  @IsGlobalId('User')
  responsibleLeaderId?: string | null;
}

@InputType({ description: 'Marks a prospect as developed 开发成功: it becomes ACTIVE.' })
export class ConvertProspectInput {
  @Field(() => ID, { description: 'The customer, at PROSPECT, CONTACTED or NEGOTIATING.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => CustomerTier, { description: 'Its tier as a developed customer (STRATEGIC, KEY or REGULAR).' })
  tier!: CustomerTier;

  @Field(() => String, { description: 'Its unified social credit code 统一社会信用代码.' })
  @IsUscc()
  uscc!: string;
}

export enum CustomerOrder {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  NAME_ASC = 'NAME_ASC',
  DEVELOPED_AT_DESC = 'DEVELOPED_AT_DESC',
  CONSUMPTION_DESC = 'CONSUMPTION_DESC',
}
registerEnumType(CustomerOrder, {
  name: 'CustomerOrder',
  description: 'Sort order of a customer list.',
  valuesConfig: {
    CREATED_AT_DESC: { description: 'Newest first.' },
    NAME_ASC: { description: 'By name, A to Z (code point order).' },
    DEVELOPED_AT_DESC: { description: 'Most recently developed first; never-developed customers last.' },
    CONSUMPTION_DESC: { description: 'Largest estimated monthly consumption first; customers without an estimate last.' },
  },
});

@InputType({ description: 'Customers within a distance of a station (great-circle distance between their coordinates).' })
export class NearStationFilter {
  @Field(() => ID, { description: 'The station (or other org unit) to measure from; it must have coordinates.' })
  @IsGlobalId('OrgUnit')
  stationId!: string;

  @Field(() => Float, { description: 'Radius in km, more than 0 and at most 500. A station looks after prospects within 30–50 km.' })
  @Min(0.001, { message: 'must be more than 0' })
  @Max(500, { message: 'must be at most 500' })
  withinKm!: number;
}

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

  @Field(() => String, { nullable: true, description: 'Name contains this text, or the USCC or one of its service account numbers 户号 starts with it.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers of this responsible rep.' })
  @IsOptional()
  @IsGlobalId('User')
  responsibleRepId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers of this responsible leader 包保领导.' })
  @IsOptional()
  @IsGlobalId('User')
  responsibleLeaderId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only customers on the risk ledger 风险客户台账; false: only those not on it.' })
  onRiskLedger?: boolean | null;

  @Field(() => [RiskLevel], { nullable: true, description: 'Only customers whose open risk entry has one of these levels.' })
  riskLevels?: RiskLevel[] | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only customers on the dishonesty list 失信名单; false: only those not on it.' })
  dishonest?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only customers developed on or after this day (YYYY-MM-DD, company time zone).' })
  @IsOptional()
  @IsCalendarDate()
  developedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only customers developed on or before this day (YYYY-MM-DD, company time zone).' })
  @IsOptional()
  @IsCalendarDate()
  developedTo?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these industries (exact names, e.g. 化工).' })
  @IsOptional()
  @MaxLength(100, { each: true, message: 'must be at most 100 characters' })
  industries?: string[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only customers with an estimated monthly consumption of at least this.' })
  minMonthlyConsumption?: string | null;

  @Field(() => NearStationFilter, { nullable: true, description: 'Only customers with coordinates within a distance of a station (prospect screening).' })
  @IsOptional()
  @ValidateNested()
  nearStation?: NearStationFilter | null;
}

@ObjectType({ description: 'How far a customer is from a station.' })
export class StationDistance {
  @Field(() => OrgUnit, { description: 'The station.' })
  station!: OrgUnit;

  @Field(() => Float, { description: 'Great-circle distance in km between the customer and the station.' })
  distanceKm!: number;
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

@ObjectType({ description: 'Result of setDishonestyFlag.' })
export class SetDishonestyFlagPayload {
  @Field(() => Customer, { description: 'The customer after the change.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of assignCustomer.' })
export class AssignCustomerPayload {
  @Field(() => Customer, { description: 'The customer after the change.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of convertProspect.' })
export class ConvertProspectPayload {
  @Field(() => Customer, { description: 'The customer, now ACTIVE.' })
  customer!: Customer;
}

export const { ConnectionType: CustomerConnection, EdgeType: CustomerEdge } = connectionTypes(Customer, 'Customer', 'customer');
