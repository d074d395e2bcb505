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
// Commit order (Migration20261126070000_one_notify): null only until the writing transaction commits.
@Index({ name: 'domain_event_seq_idx', expression: 'create unique index domain_event_seq_idx on domain_event (seq)' })
// The committing transaction finds its own rows through this (every committed row has a seq).
@Index({ name: 'domain_event_unsequenced_idx', expression: 'create index domain_event_unsequenced_idx on domain_event (id) where seq is null' })
export class DomainEventRow {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /**
   * Position in commit order, drawn by the deferred trigger domain_event_commit
   * as the transaction commits; the event bus reads "seq after the last seen".
   */
  @Property({ type: 'bigint', nullable: true })
  seq?: string | null;

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
