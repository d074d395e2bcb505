/** The customer 客户: an organisation the company supplies or wants to supply. */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { CustomerKind, CustomerStatus, CustomerTier, Utility } from './customer.enums.js';

@ObjectType('Customer', { implements: Node, description: 'A customer 客户 with its classification, owner and contacts.' })
@Entity({ tableName: 'customer' })
@Index({ name: 'customer_org_unit_id_id_idx', properties: ['orgUnit', 'id'] })
@Index({ name: 'customer_name_id_idx', properties: ['name', 'id'] })
@Check({ name: 'customer_name_not_blank', expression: "length(btrim(name)) > 0" })
@Check({ name: 'customer_consumption_not_negative', expression: 'estimated_monthly_consumption >= 0' })
export class Customer {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'updatedAt' | 'statusChangedAt';

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
