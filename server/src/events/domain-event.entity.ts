/**
 * The domain_event table. Events are written and read with plain SQL
 * (domain-events.ts, event-bus.ts); this entity declares the table so that
 * migrations generated from the entities know it.
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Customer } from '../modules/customers/customer.entity.js';
import { OrgUnit } from '../modules/org/org-unit.entity.js';

@Entity({ tableName: 'domain_event' })
@Index({ name: 'domain_event_customer_id_id_idx', properties: ['customer', 'id'] })
export class DomainEventRow {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  kind!: string;

  @ManyToOne(() => Customer, { nullable: true, deleteRule: 'set null', index: false })
  customer?: Rel<Customer> | null;

  @ManyToOne(() => OrgUnit)
  orgUnit!: Rel<OrgUnit>;

  @Property({ type: 'text' })
  orgPath!: string;

  @Property({ type: 'json', defaultRaw: "'{}'" })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
