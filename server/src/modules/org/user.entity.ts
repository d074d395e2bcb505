/** Staff users; each belongs to an org unit and has one role. */
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { OrgUnit } from './org-unit.entity.js';

export enum Role {
  ADMIN = 'ADMIN',
  LEAD = 'LEAD',
  REP = 'REP',
  COLLECTOR = 'COLLECTOR',
  VIEWER = 'VIEWER',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a staff user does.',
  valuesConfig: {
    ADMIN: { description: 'Administers the org tree, users, policies and API keys.' },
    LEAD: { description: 'Team lead 班子成员/片区经理: sees and manages its subtree.' },
    REP: { description: 'Sales rep / account manager 客户经理: develops and serves customers.' },
    COLLECTOR: { description: 'Fee collector 收费员: records payments and chases arrears.' },
    VIEWER: { description: 'Read-only access.' },
  },
});

@ObjectType('User', { implements: Node, description: 'A staff member.' })
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'nodeId' | 'createdAt' | 'failedLogins';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID.' })
  get nodeId(): string {
    return toGlobalId('User', this.id);
  }

  @ManyToOne(() => OrgUnit, { index: true })
  orgUnit!: Rel<OrgUnit>;

  @Field(() => String, { description: 'Full name, e.g. 张伟.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Role, { description: 'The role that decides what this user may do.' })
  @Enum({ items: () => Role, columnType: 'text' })
  role!: Role;

  @Field(() => String, { description: 'Login name (ASCII), e.g. lead.gy.' })
  @Property({ type: 'text', unique: true })
  login!: string;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  /** argon2id hash; null for a user who cannot log in with a password. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  passwordHash?: string | null;

  @Field(() => Date, { nullable: true, description: 'When an admin disabled the user; null while active.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  /** Failed logins since the last success; drives the lockout. */
  @Property({ type: 'integer', default: 0 })
  failedLogins: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
