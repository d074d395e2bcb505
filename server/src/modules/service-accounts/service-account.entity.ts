/**
 * Service accounts 户号: the metered supply points a customer holds. One
 * customer has several, possibly in other districts and stations than its
 * home station — handled jointly 联办制, and gathered in the customer view.
 */
import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { Utility } from '../customers/customer.enums.js';

export enum ServiceAccountStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}
registerEnumType(ServiceAccountStatus, {
  name: 'ServiceAccountStatus',
  description: 'Supply status of a service account.',
  valuesConfig: {
    ACTIVE: { description: 'Supplied 正常用能.' },
    SUSPENDED: { description: 'Supply stopped, e.g. sealed for arrears or safety 停用/封堵.' },
    CLOSED: { description: 'Account closed 销户.' },
  },
});

@ObjectType('ServiceAccount', { implements: Node, description: 'A service account 户号: one metered supply point of a customer.' })
@Entity({ tableName: 'service_account' })
@Index({ name: 'service_account_customer_idx', properties: ['customer', 'id'] })
@Index({ name: 'service_account_org_unit_idx', properties: ['orgUnit', 'id'] })
@Index({ name: 'service_account_collector_idx', properties: ['collector', 'id'] })
@Check({ name: 'service_account_meter_points_positive', expression: 'meter_points >= 0' })
export class ServiceAccount {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'status' | 'meterPoints';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ServiceAccount', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  /** The station that serves this supply point (may differ from the customer's home station). */
  @ManyToOne(() => OrgUnit, { index: false })
  orgUnit!: Rel<OrgUnit>;

  /**
   * The fee collector 收费员 who collects this account (seed 004: each
   * collector has a round of accounts); exposed as collector. Worklists,
   * collector statistics and rotation 轮岗 follow it.
   */
  @ManyToOne(() => User, { nullable: true, index: false })
  collector?: Rel<User> | null;

  @Field(() => String, { description: 'Account number 户号 (digits, unique in the company).' })
  @Property({ type: 'text', unique: true })
  accountNumber!: string;

  @Field(() => String, { description: 'Address of the supply point.' })
  @Property({ type: 'text' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'District 区县 of the supply point.' })
  @Property({ type: 'text', nullable: true })
  district?: string | null;

  @Field(() => Utility, { description: 'What is supplied here.' })
  @Enum({ items: () => Utility, columnType: 'text' })
  utility!: Utility;

  @Field(() => Int, { description: 'Number of metering points 计量点 at this account.' })
  @Property({ type: 'integer', default: 1 })
  meterPoints: number = 1;

  @Field(() => ServiceAccountStatus, { description: 'Supply status.' })
  @Enum({ items: () => ServiceAccountStatus, columnType: 'text', default: 'ACTIVE' })
  status: ServiceAccountStatus = ServiceAccountStatus.ACTIVE;

  /**
   * Why and when the account reached its current status: stopping supply
   * seals the pipe 封堵, and its time and reason are checked later (seed 003,
   * 封堵…的时间和原因进行复核检查).
   */
  @Field(() => String, { nullable: true, description: 'Why the account reached its current status, e.g. 欠费封堵; null while it never changed status.' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the account reached its current status; null while it never changed status.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  statusChangedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When supply started.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  openedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the account was closed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Field(() => Date, { description: 'When the account was recorded.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
