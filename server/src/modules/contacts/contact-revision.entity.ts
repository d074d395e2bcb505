/**
 * Contact changes are recorded, not overwritten 动态信息管理: each change keeps
 * the fields before and after, who changed them and when.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../graphql/node.js';
import { personalDataKeys } from '../../graphql/personal-data.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../org/user.entity.js';
import { Contact } from './contact.entity.js';

/** Keys of a revision's before/after that hold personal data (shown only with pii:read). */
export const CONTACT_PERSONAL_DATA = ['phone', 'email', 'wechat'] as const;

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

  @UseMiddleware(personalDataKeys(CONTACT_PERSONAL_DATA))
  @Field(() => GraphQLJSONObject, {
    description: 'The changed fields before the change, by field name (name, title, role, phone, email, wechat, isPrimary, archivedAt, archiveReason). phone, email and wechat are personal data: null without pii:read.',
  })
  @Property({ type: 'json' })
  before!: Record<string, unknown>;

  @UseMiddleware(personalDataKeys(CONTACT_PERSONAL_DATA))
  @Field(() => GraphQLJSONObject, {
    description: 'The same fields after the change. phone, email and wechat are personal data: null without pii:read.',
  })
  @Property({ type: 'json' })
  after!: Record<string, unknown>;

  @ManyToOne(() => User, { nullable: true, index: false })
  changedBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the change was made.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  changedAt: Date = new Date();
}
