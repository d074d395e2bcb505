/**
 * Contact changes are recorded, not overwritten 动态信息管理: each change keeps
 * the fields before and after, who changed them and when.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../org/user.entity.js';
import { Contact } from './contact.entity.js';

@ObjectType('ContactRevision', { implements: Node, description: 'One recorded change of a contact.' })
@Entity({ tableName: 'contact_revision' })
@Index({ name: 'contact_revision_contact_idx', properties: ['contact', 'id'] })
export class ContactRevision {
  [OptionalProps]?: 'nodeId' | 'changedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ContactRevision', this.id);
  }

  @ManyToOne(() => Contact, { deleteRule: 'cascade', index: false })
  contact!: Rel<Contact>;

  @Field(() => GraphQLJSONObject, { description: 'Changed fields before the change (personal data only with pii:read).' })
  @Property({ type: 'json' })
  before!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'Changed fields after the change (personal data only with pii:read).' })
  @Property({ type: 'json' })
  after!: Record<string, unknown>;

  @ManyToOne(() => User, { nullable: true, index: false })
  changedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the change was made.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  changedAt: Date = new Date();
}
