/**
 * Refresh tokens: long-lived, stored only as a SHA-256 hash, rotated on every
 * use. A rotated token presented again means it leaked: the whole family
 * (every session of that login chain) is revoked.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from '../org/user.entity.js';

@Entity({ tableName: 'refresh_token' })
@Index({ name: 'refresh_token_family_idx', properties: ['family'] })
export class RefreshToken {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => User, { index: true, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  /** The first token of a login; every rotation keeps it. */
  @Property({ type: 'text' })
  family!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();
}
