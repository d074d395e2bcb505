/** The customer 客户: an organisation the company supplies or wants to supply. */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { CustomerKind, CustomerSource, CustomerStatus, CustomerTier, RiskLevel, Utility } from './customer.enums.js';

@ObjectType('Customer', { implements: Node, description: 'A customer 客户 with its classification, owner and contacts.' })
@Entity({ tableName: 'customer' })
@Index({ name: 'customer_org_unit_id_id_idx', properties: ['orgUnit', 'id'] })
@Index({ name: 'customer_name_id_idx', properties: ['name', 'id'] })
@Index({ name: 'customer_risk_level_idx', properties: ['riskLevel'] })
// Screening by distance: a bounding box on (latitude, longitude) before the great-circle test.
@Index({ name: 'customer_location_idx', properties: ['latitude', 'longitude'] })
// Keyset pages of the DEVELOPED_AT_DESC and CONSUMPTION_DESC orders (nulls last).
@Index({ name: 'customer_developed_at_idx', expression: 'create index customer_developed_at_idx on customer (developed_at desc nulls last, id desc)' })
@Index({ name: 'customer_consumption_idx', expression: 'create index customer_consumption_idx on customer (estimated_monthly_consumption desc nulls last, id desc)' })
// `name ilike '%…%'` search, Chinese names included (pg_trgm works on any UTF-8 text).
@Index({ name: 'customer_name_trgm_idx', expression: 'create index customer_name_trgm_idx on customer using gin (name gin_trgm_ops)' })
@Check({ name: 'customer_name_not_blank', expression: "length(btrim(name)) > 0" })
@Check({ name: 'customer_consumption_not_negative', expression: 'estimated_monthly_consumption >= 0' })
export class Customer {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'updatedAt' | 'statusChangedAt' | 'dishonest';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('Customer', this.id);
  }

  @Field(() => String, { description: 'Registered name, e.g. 遵义市第一人民医院.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Unified social credit code 统一社会信用代码 (18 characters, check character validated). Null for some prospects.',
  })
  @Property({ type: 'string', columnType: 'varchar(18)', nullable: true, unique: true })
  uscc?: string | null;

  @Field(() => CustomerKind, { description: 'What kind of organisation it is.' })
  @Enum({ items: () => CustomerKind, columnType: 'text' })
  kind!: CustomerKind;

  @Field(() => Utility, { description: 'What it buys.' })
  @Enum({ items: () => Utility, columnType: 'text' })
  utility!: Utility;

  @Field(() => CustomerTier, { description: 'How important it is.' })
  @Enum({ items: () => CustomerTier, columnType: 'text' })
  tier!: CustomerTier;

  @Field(() => CustomerStatus, { description: 'Lifecycle stage.' })
  @Enum({ items: () => CustomerStatus, columnType: 'text' })
  status!: CustomerStatus;

  @ManyToOne(() => OrgUnit)
  orgUnit!: Rel<OrgUnit>;

  @ManyToOne(() => User, { nullable: true, index: true })
  responsibleRep?: Rel<User> | null;

  @Field(() => String, { nullable: true, description: 'Postal address of the main site.' })
  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Estimated consumption per month in the utility\'s unit (kWh, m³, GJ, t); used to screen prospects and classify key accounts.',
  })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  estimatedMonthlyConsumption?: string | null;

  @Field(() => String, { nullable: true, description: 'Industry, e.g. 化工, 医疗, 酒店餐饮 (screening field for prospects).' })
  @Property({ type: 'text', nullable: true })
  industry?: string | null;

  @Field(() => CustomerSource, { nullable: true, description: 'How the customer was found.' })
  @Enum({ items: () => CustomerSource, columnType: 'text', nullable: true })
  source?: CustomerSource | null;

  @Field(() => String, { nullable: true, description: 'Detail of the source: the event, campaign or channel.' })
  @Property({ type: 'text', nullable: true })
  sourceDetail?: string | null;

  /** The customer who referred this one (客户引荐客户); exposed as referredBy. */
  @ManyToOne(() => Customer, { nullable: true, index: true, deleteRule: 'set null' })
  referredBy?: Rel<Customer> | null;

  @Field(() => String, { nullable: true, description: 'District 区县 of the main site, e.g. 南明区.' })
  @Property({ type: 'text', nullable: true })
  district?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude of the main site (WGS-84, degrees).' })
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the main site (WGS-84, degrees).' })
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  /** The leader responsible for a hard account 包保领导; exposed as responsibleLeader. */
  @ManyToOne(() => User, { nullable: true, index: true })
  responsibleLeader?: Rel<User> | null;

  @Field(() => Boolean, { description: 'On the industry dishonesty list 失信名单.' })
  @Property({ type: 'boolean', default: false })
  dishonest: boolean = false;

  @Field(() => Date, { nullable: true, description: 'When the customer was put on the dishonesty list.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  dishonestSince?: Date | null;

  @Field(() => RiskLevel, { nullable: true, description: 'Level of its open risk-ledger entry 风险客户台账; null when not on the ledger.' })
  @Enum({ items: () => RiskLevel, columnType: 'text', nullable: true })
  riskLevel?: RiskLevel | null;

  @Field(() => Date, { nullable: true, description: 'When it first became ACTIVE (developed 开发成功); counts for rewards and leaderboards.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  developedAt?: Date | null;

  @Field(() => Date, { description: 'When the customer reached its current lifecycle stage.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  statusChangedAt: Date = new Date();

  @Field(() => Date, { description: 'When the customer was created.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When the customer was last changed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
