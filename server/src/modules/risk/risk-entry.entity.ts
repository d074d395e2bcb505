/**
 * The risk-customer ledger 风险客户台账: a customer is put on it with a level,
 * a reason, a responsible leader and a one-customer-one-policy plan 一户一策,
 * and taken off with a reason. Entries are never deleted: the history stays.
 */
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../org/user.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { RiskLevel } from '../customers/customer.enums.js';

/** One action of the plan 一户一策. */
export interface RiskAction {
  action: string;
  dueOn: string | null;
  doneOn: string | null;
}

@ObjectType('RiskEntry', { implements: Node, description: 'A period on the risk-customer ledger 风险客户台账 with its plan 一户一策.' })
@Entity({ tableName: 'risk_entry' })
@Index({ name: 'risk_entry_customer_idx', properties: ['customer', 'openedAt'] })
// At most one open entry per customer.
@Index({ name: 'risk_entry_one_open_idx', expression: 'create unique index risk_entry_one_open_idx on risk_entry (customer_id) where closed_at is null' })
export class RiskEntry {
  [OptionalProps]?: 'nodeId' | 'openedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('RiskEntry', this.id);
  }

  @ManyToOne(() => Customer, { index: false })
  customer!: Rel<Customer>;

  @Field(() => RiskLevel, { description: 'Risk level.' })
  @Enum({ items: () => RiskLevel, columnType: 'text' })
  level!: RiskLevel;

  @Field(() => String, { description: 'Why the customer is on the ledger.' })
  @Property({ type: 'text' })
  reason!: string;

  /** The leader in charge 包保领导; exposed as responsibleLeader. */
  @ManyToOne(() => User, { index: true })
  responsibleLeader!: Rel<User>;

  /** The plan 一户一策: actions with due and done dates. */
  @Property({ type: 'json' })
  plan!: RiskAction[];

  @ManyToOne(() => User, { nullable: true, index: false })
  openedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the customer was put on the ledger.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  openedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When it was taken off; null while open.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was taken off.' })
  @Property({ type: 'text', nullable: true })
  closeReason?: string | null;

  @ManyToOne(() => User, { nullable: true, index: false })
  closedBy?: Rel<User> | null;
}
