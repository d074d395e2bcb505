/**
 * The audit log: who changed what and when, with the values before and
 * after. Written in the same transaction as the change it records.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { User } from '../org/user.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';

@ObjectType('AuditEntry', { implements: Node, description: 'One recorded change: who, what, when, before and after.' })
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_entity_idx', properties: ['entityType', 'entityId', 'id'] })
export class AuditEntry {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'entityGlobalId';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('AuditEntry', this.id);
  }

  @ManyToOne(() => User, { nullable: true, index: true })
  actorUser?: Rel<User> | null;

  @ManyToOne(() => ApiKey, { nullable: true, index: true })
  actorApiKey?: Rel<ApiKey> | null;

  @Field(() => String, { description: 'What was done, e.g. customer.update, apiKey.revoke.' })
  @Property({ type: 'text' })
  action!: string;

  @Field(() => String, { description: 'Kind of the changed object, e.g. Customer.' })
  @Property({ type: 'text' })
  entityType!: string;

  @Field(() => ID, { name: 'entityId', description: 'Global ID of the changed object.' })
  get entityGlobalId(): string {
    return toGlobalId(this.entityType, this.entityId);
  }

  @Property({ type: 'integer' })
  entityId!: number;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Changed fields before the change; null for a creation.' })
  @Property({ type: 'json', nullable: true })
  before?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Changed fields after the change; null for a deletion.' })
  @Property({ type: 'json', nullable: true })
  after?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Request id of the change, to match server logs.' })
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Field(() => Date, { description: 'When the change was committed.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
