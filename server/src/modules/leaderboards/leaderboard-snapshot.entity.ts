/**
 * Frozen boards (issue 7 items 3 and 4): at midnight (company time zone) the
 * day just ended is kept as a snapshot of every metric's company-wide board,
 * and at the end of a quarter the quarterly ranking is frozen with its top N
 * highlighted (DOMAIN.md "Targets, leaderboards and rewards": the top three
 * stations and areas get a reward and a certificate). Subtree views re-rank
 * the stored values within the subtree.
 */
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

@Entity({ tableName: 'leaderboard_snapshot' })
@Unique({ name: 'leaderboard_snapshot_key', properties: ['periodKind', 'periodStart', 'metric', 'subjectKind', 'subjectId'] })
@Index({ name: 'leaderboard_snapshot_board_idx', properties: ['metric', 'periodKind', 'periodStart', 'subjectKind'] })
export class LeaderboardSnapshotRow {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** DAY or QUARTER. */
  @Property({ type: 'text' })
  periodKind!: string;

  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'text' })
  metric!: string;

  /** PERSON, STATION, AREA or BRANCH. */
  @Property({ type: 'text' })
  subjectKind!: string;

  /** A user id (PERSON) or an org unit id. */
  @Property({ type: 'integer' })
  subjectId!: number;

  /** Org path of the subject (a person's unit), for subtree views. */
  @Property({ type: 'text' })
  orgPath!: string;

  @Property({ type: 'decimal', precision: 16, scale: 2 })
  value!: string;

  /** Rank in the company-wide board. */
  @Property({ type: 'integer' })
  rank!: number;

  /** Among the top N when the quarter was frozen. */
  @Property({ type: 'boolean', default: false })
  highlighted: boolean = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  takenAt!: Date;
}
