/**
 * The customer's lifecycle history: one row per stage reached, with the
 * reason and who moved it, so "when was it developed" and "why was it
 * closed" stay answerable (DOMAIN.md "Customers", lifecycle).
 */
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../org/user.entity.js';
import { Customer } from './customer.entity.js';
import { CustomerStatus } from './customer.enums.js';

@ObjectType('CustomerStatusChange', { implements: Node, description: 'A lifecycle stage the customer reached.' })
@Entity({ tableName: 'customer_status_change' })
@Index({ name: 'customer_status_change_customer_idx', properties: ['customer', 'changedAt'] })
export class CustomerStatusChange {
  [OptionalProps]?: 'nodeId' | 'changedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('CustomerStatusChange', this.id);
  }

  @ManyToOne(() => Customer, { deleteRule: 'cascade', index: false })
  customer!: Rel<Customer>;

  @Field(() => CustomerStatus, { nullable: true, description: 'The stage before; null when the customer was created.' })
  @Enum({ items: () => CustomerStatus, columnType: 'text', nullable: true })
  fromStatus?: CustomerStatus | null;

  @Field(() => CustomerStatus, { description: 'The stage reached.' })
  @Enum({ items: () => CustomerStatus, columnType: 'text' })
  toStatus!: CustomerStatus;

  @Field(() => String, { nullable: true, description: 'Why, required for moves such as closing a prospect or suspending supply.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  changedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the stage was reached.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  changedAt: Date = new Date();
}
