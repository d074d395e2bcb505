/** Inputs and types of the leaderboard API 排行榜 (issue 7 items 2–4). */
import { Field, ID, InputType, Int, ObjectType, createUnionType } from 'type-graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId } from '../../../graphql/validators.js';
import { IsCalendarDate } from '../../../calendar.js';
import { User } from '../../org/user.entity.js';
import { OrgUnit } from '../../org/org-unit.entity.js';
import { VisitChannel } from '../../visits/visit.entity.js';
import { Metric, PeriodKind } from '../../metrics/metric.enums.js';
import { LeaderboardSubjectKind } from '../leaderboard.enums.js';
import { DEFAULT_BOARD_ROWS, MAX_BOARD_ROWS } from '../leaderboard.service.js';

@InputType('LeaderboardInput', { description: 'Which board 排行榜: a metric over a calendar period, ranking people or org units of a subtree.' })
export class LeaderboardInput {
  @Field(() => Metric, { description: 'What is ranked.' })
  metric!: Metric;

  @Field(() => PeriodKind, { description: 'Day, week, month, quarter or year.' })
  periodKind!: PeriodKind;

  @Field(() => String, {
    nullable: true,
    description: 'A day of the period (YYYY-MM-DD, company time zone). Omitted: today — a live board then rolls over to the new day at midnight.',
  })
  @IsOptional()
  @IsCalendarDate()
  date?: string | null;

  @Field(() => LeaderboardSubjectKind, { description: 'Rank people, stations, areas or branches.' })
  subjectKind!: LeaderboardSubjectKind;

  @Field(() => ID, { nullable: true, description: 'Root of the subtree ranked; omitted: everything you may see.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => VisitChannel, { nullable: true, description: 'Only visits of this channel (VISITS and KEY_ACCOUNTS_COVERED only); omitted: all channels.' })
  @IsOptional()
  channel?: VisitChannel | null;

  @Field(() => Int, { nullable: true, description: `How many rows, best first: 1 to ${MAX_BOARD_ROWS} (default ${DEFAULT_BOARD_ROWS}).` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `must be 1 to ${MAX_BOARD_ROWS}` })
  @Max(MAX_BOARD_ROWS, { message: `must be 1 to ${MAX_BOARD_ROWS}` })
  first?: number | null;
}

export const LeaderboardSubject = createUnionType({
  name: 'LeaderboardSubject',
  description: 'Who is ranked: a staff member or an org unit.',
  types: () => [User, OrgUnit] as const,
  resolveType: (value) => (value instanceof User ? 'User' : 'OrgUnit'),
});

@ObjectType('LeaderboardRow', { description: 'One ranked subject of a board.' })
export class LeaderboardRow {
  subjectKind!: LeaderboardSubjectKind;
  subjectId!: number;

  @Field(() => Int, { description: 'Rank, 1 is best; equal values share a rank (1, 2, 2, 4).' })
  rank!: number;

  @Field(() => DecimalScalar, { description: 'The value: a count, an amount in CNY, or a percentage for COLLECTION_RATE.' })
  value!: string;

  @Field(() => Int, { nullable: true, description: 'Ranks gained since the previous push of this board (negative: lost); null when it was not on that push or none was sent.' })
  rankChange!: number | null;

  @Field(() => Int, { nullable: true, description: 'Ranks gained since the end of yesterday (negative: lost); null on the first day of a period or when it was unranked.' })
  rankChangeSinceYesterday!: number | null;

  @Field(() => Boolean, { description: 'Among the top N of a quarterly ranking (the reward places 奖励名次).' })
  highlighted!: boolean;
}

/** What a live board and a frozen one share; fields inherited by both (not emitted on its own: nothing returns it). */
@ObjectType('RankedBoardFields', { description: 'A metric over a period, ranking one kind of subject of a subtree (not used on its own).' })
abstract class RankedBoard {
  @Field(() => Metric, { description: 'What is ranked.' })
  metric!: Metric;

  @Field(() => PeriodKind, { description: 'The kind of period.' })
  periodKind!: PeriodKind;

  @Field(() => String, { description: 'First day of the period (YYYY-MM-DD).' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the period (YYYY-MM-DD).' })
  periodEnd!: string;

  @Field(() => LeaderboardSubjectKind, { description: 'What the rows are.' })
  subjectKind!: LeaderboardSubjectKind;

  rootUnitId!: number;

  @Field(() => [LeaderboardRow], { description: 'Rows in rank order.' })
  rows!: LeaderboardRow[];
}

@ObjectType('Leaderboard', { description: 'A ranked board 排行榜, computed from the daily counters of the period.' })
export class Leaderboard extends RankedBoard {
  @Field(() => VisitChannel, { nullable: true, description: 'The visit channel counted; null: all.' })
  channel!: VisitChannel | null;

  @Field(() => Date, { description: 'When the board was computed.' })
  generatedAt!: Date;
}

@ObjectType('LeaderboardSnapshot', { description: 'A frozen board: a day kept at midnight, or a quarter frozen at its end.' })
export class LeaderboardSnapshot extends RankedBoard {
  @Field(() => PeriodKind, { description: 'DAY or QUARTER.' })
  declare periodKind: PeriodKind;

  @Field(() => Date, { nullable: true, description: 'When it was frozen; null when nothing was frozen for that period (no rows).' })
  takenAt!: Date | null;

  @Field(() => [LeaderboardRow], { description: 'Rows re-ranked within the subtree asked for.' })
  declare rows: LeaderboardRow[];
}

@ObjectType('QuarterlyRanking', { description: 'The quarterly ranking 季度排名: stations, areas or people by a metric, with the top N highlighted.' })
export class QuarterlyRankingType {
  @Field(() => String, { description: 'The quarter, e.g. 2026-Q3.' })
  quarter!: string;

  @Field(() => String, { description: 'First day of the quarter.' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the quarter.' })
  periodEnd!: string;

  @Field(() => Metric, { description: 'What is ranked.' })
  metric!: Metric;

  @Field(() => LeaderboardSubjectKind, { description: 'What the rows are.' })
  subjectKind!: LeaderboardSubjectKind;

  @Field(() => Boolean, { description: 'True once the quarter ended and its ranking was frozen; then highlights are the company-wide reward places.' })
  frozen!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was frozen.' })
  frozenAt!: Date | null;

  @Field(() => Int, { description: 'How many places are highlighted (GRIDLINE_LEADERBOARD_TOP_N, default 3).' })
  topN!: number;

  @Field(() => [LeaderboardRow], { description: 'Rows in rank order.' })
  rows!: LeaderboardRow[];
}

@ObjectType('WeeklyReviewPerson', { description: 'A person in the weekly review, with this and last week\'s figures.' })
export class WeeklyReviewPerson {
  userId!: number;

  @Field(() => DecimalScalar, { description: 'This week\'s value.' })
  value!: string;

  @Field(() => DecimalScalar, { description: 'Last week\'s value.' })
  previousValue!: string;

  @Field(() => Int, { description: 'Rank this week within the subtree.' })
  rank!: number;

  @Field(() => Int, { description: 'Rank last week within the subtree.' })
  previousRank!: number;
}

@ObjectType('WeeklyReviewMetric', { description: 'One metric of the weekly review: what moved.' })
export class WeeklyReviewMetric {
  @Field(() => Metric, { description: 'The metric.' })
  metric!: Metric;

  @Field(() => DecimalScalar, { description: 'The subtree\'s value this week.' })
  total!: string;

  @Field(() => DecimalScalar, { description: 'The subtree\'s value last week.' })
  previousTotal!: string;

  @Field(() => [WeeklyReviewPerson], { description: 'Who climbed the most ranks against last week (at most five).' })
  risers!: WeeklyReviewPerson[];

  @Field(() => [WeeklyReviewPerson], { description: 'Whose value fell against last week, biggest fall first.' })
  fellBehind!: WeeklyReviewPerson[];
}

@ObjectType('TargetShortfall', { description: 'A person behind target for the week 未完成目标 (filled by the targets module).' })
export class TargetShortfallType {
  userId!: number;

  @Field(() => Metric, { description: 'The metric of the target.' })
  metric!: Metric;

  @Field(() => DecimalScalar, { description: 'The target for the period.' })
  target!: string;

  @Field(() => DecimalScalar, { description: 'What was achieved.' })
  actual!: string;
}

@ObjectType('WeeklyReview', { description: 'The weekly review 周例会 of a subtree, Monday to Sunday: what moved and who fell behind.' })
export class WeeklyReviewType {
  @Field(() => String, { description: 'Monday of the week.' })
  weekStart!: string;

  @Field(() => String, { description: 'Sunday of the week.' })
  weekEnd!: string;

  rootUnitId!: number;

  @Field(() => [WeeklyReviewMetric], { description: 'Each metric you may see, development count and collections first.' })
  metrics!: WeeklyReviewMetric[];

  @Field(() => [TargetShortfallType], {
    nullable: true,
    description: 'People behind their targets for the week; null while no targets are kept (the targets module fills it).',
  })
  behindTarget!: TargetShortfallType[] | null;
}
