/**
 * Partner API keys: a public prefix to find the key and a secret stored as a
 * SHA-256 hash (the secret is 256 random bits, so a slow hash adds nothing).
 * Each key has scopes, an org subtree and a rate limit.
 */
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { ApiKeyScope } from './permissions.js';

@ObjectType('ApiKey', { implements: Node, description: 'A partner API key. The secret is shown once, when the key is created or rotated.' })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'nodeId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('ApiKey', this.id);
  }

  @Field(() => String, { description: 'What the key is for, e.g. 营财一体化系统.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { description: 'Public part of the key, shown in lists and logs (gl_<prefix>_…).' })
  @Property({ type: 'text', unique: true })
  prefix!: string;

  @Property({ type: 'text', hidden: true })
  secretHash!: string;

  @Field(() => [ApiKeyScope], { description: 'What the key may do.' })
  @Property({ type: 'text[]' })
  scopes!: ApiKeyScope[];

  @ManyToOne(() => OrgUnit, { index: true })
  orgUnit!: Rel<OrgUnit>;

  @Field(() => Int, { description: 'Requests per minute this key may make.' })
  @Property({ type: 'integer' })
  rateLimitPerMinute!: number;

  @Field(() => Date, { nullable: true, description: 'When the key was last used (updated at most once a minute).' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; null while it works.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the secret was last rotated.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  rotatedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  createdBy?: Rel<User> | null;

  @Field(() => Date, { description: 'When the key was created.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
