/**
 * The leaderboard API 排行榜 (issue 7 items 2–4): `leaderboard`,
 * `leaderboardSnapshot`, `quarterlyRanking`, `weeklyReview` and the
 * `leaderboardUpdated` subscription. Readable with org:read (money metrics
 * also need receivables:read); subscribing needs alerts:subscribe. Every board
 * is limited to a subtree of what the viewer may see; the services take that
 * subtree's path and put it in their SQL.
 */
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Decimal } from 'decimal.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { isCalendarDate, todayIn } from '../../calendar.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { can, requirePermission, requireViewer } from '../auth/viewer.js';
import { isInSubtree } from '../org/org.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { loadConfig } from '../../config.js';
import { now } from '../../clock.js';
import { Metric, PeriodKind } from '../metrics/metric.enums.js';
import { CHANNEL_METRICS } from '../metrics/metric-reader.js';
import { LeaderboardSubjectKind } from './leaderboard.enums.js';
import { LeaderboardErrors as E } from './leaderboard.errors.js';
import { liveBoardsOf } from './leaderboard.live.js';
import { loadPerson, loadSubject } from './leaderboard.loaders.js';
import {
  DEFAULT_BOARD_ROWS,
  MAX_BOARD_ROWS,
  MONEY_METRICS,
  parseQuarter,
  quarterlyRanking,
  readBoard,
  readFrozenBoard,
  weeklyReview,
  type Board,
  type BoardSpec,
} from './leaderboard.service.js';
import {
  Leaderboard,
  LeaderboardInput,
  LeaderboardRow,
  LeaderboardSnapshot,
  LeaderboardSubject,
  QuarterlyRankingType,
  TargetShortfallType,
  WeeklyReviewPerson,
  WeeklyReviewType,
} from './dto/leaderboard.types.js';

const TOP_N = () => loadConfig().leaderboardTopN;

/** The subtree a board covers: the unit asked for, if the viewer may see it, else the viewer's own. */
async function resolveRoot(ctx: Context, orgUnitId: string | null | undefined, field = 'orgUnitId'): Promise<{ id: number; path: string }> {
  const viewer = requireViewer(ctx.auth.viewer);
  const scope = ctx.scope();
  const id = orgUnitId ? decodeId(orgUnitId, 'OrgUnit', field) : viewer.orgUnitId;
  const unit = await ctx.loaders.orgUnit.load(id);
  if (!unit || !isInSubtree(unit.path, scope.orgPath)) throw E.unitNotFound();
  return { id: unit.id, path: unit.path };
}

function checkMetric(ctx: Context, metric: Metric): void {
  if (MONEY_METRICS.has(metric) && !can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ)) throw E.moneyForbidden();
}

/**
 * The board an input asks for, checked by hand as well: a subscription's
 * `subscribe` gets its arguments before any validation runs.
 */
async function resolveSpec(ctx: Context, input: LeaderboardInput): Promise<BoardSpec> {
  checkMetric(ctx, input.metric);
  if (input.date != null && !isCalendarDate(input.date)) throw E.bad('board.date', 'must be a calendar date written YYYY-MM-DD');
  const first = input.first ?? DEFAULT_BOARD_ROWS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_BOARD_ROWS) throw E.bad('board.first', `must be 1 to ${MAX_BOARD_ROWS}`);
  if (input.channel != null && !CHANNEL_METRICS.has(input.metric)) throw E.bad('board.channel', 'applies to VISITS and KEY_ACCOUNTS_COVERED only');
  return {
    metric: input.metric,
    periodKind: input.periodKind,
    date: input.date ?? null,
    subjectKind: input.subjectKind,
    root: await resolveRoot(ctx, input.orgUnitId, 'board.orgUnitId'),
    channel: input.channel ?? null,
    first,
  };
}

function toLeaderboard(board: Board): Leaderboard {
  return {
    metric: board.metric,
    periodKind: board.periodKind,
    periodStart: board.period.start,
    periodEnd: board.period.end,
    subjectKind: board.subjectKind,
    rootUnitId: board.rootUnitId,
    channel: board.channel as Leaderboard['channel'],
    generatedAt: board.generatedAt,
    rows: board.rows.map((r) => ({
      subjectKind: r.subjectKind,
      subjectId: r.id,
      rank: r.rank,
      value: r.value,
      rankChange: r.rankChange,
      rankChangeSinceYesterday: r.rankChangeSinceYesterday,
      highlighted: r.highlighted,
    })),
  };
}

const frozenRow = (kind: LeaderboardSubjectKind, r: { id: number; value: string; rank: number; highlighted: boolean }): LeaderboardRow => ({
  subjectKind: kind,
  subjectId: r.id,
  rank: r.rank,
  value: r.value,
  rankChange: null,
  rankChangeSinceYesterday: null,
  highlighted: r.highlighted,
});

@Resolver(() => Leaderboard)
export class LeaderboardResolver {
  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => Leaderboard, {
    description:
      'A leaderboard 排行榜 (needs org:read; amounts and rates also receivables:read): people, stations, areas or branches of a subtree ranked by a metric over a day, week, month, quarter or year.',
  })
  async leaderboard(@Arg('board', () => LeaderboardInput, { description: 'Which board.' }) board: LeaderboardInput, @Ctx() ctx: Context): Promise<Leaderboard> {
    const spec = await resolveSpec(ctx, board);
    const live = liveBoardsOf(ctx.events);
    const today = live?.currentDay() ?? todayIn(undefined, now());
    return toLeaderboard(await readBoard(ctx.em, spec, today, live?.lastRanksOf(spec) ?? null, TOP_N()));
  }

  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => LeaderboardSnapshot, {
    description:
      'A frozen board (needs org:read; amounts and rates also receivables:read): a DAY board as it stood at midnight 日榜快照, or a QUARTER ranking frozen at quarter end, re-ranked within the subtree.',
  })
  async leaderboardSnapshot(
    @Arg('metric', () => Metric, { description: 'What is ranked.' }) metric: Metric,
    @Arg('periodKind', () => PeriodKind, { description: 'DAY or QUARTER (the periods that are frozen).' }) periodKind: PeriodKind,
    @Arg('date', () => String, { description: 'A day of the period (YYYY-MM-DD).' }) date: string,
    @Arg('subjectKind', () => LeaderboardSubjectKind, { description: 'What the rows are.' }) subjectKind: LeaderboardSubjectKind,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Root of the subtree; omitted: everything you may see.' }) orgUnitId: string | null,
    @Arg('first', () => Int, { nullable: true, description: `How many rows: 1 to ${MAX_BOARD_ROWS} (default ${DEFAULT_BOARD_ROWS}).` }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<LeaderboardSnapshot> {
    checkMetric(ctx, metric);
    if (periodKind !== PeriodKind.DAY && periodKind !== PeriodKind.QUARTER) throw E.bad('periodKind', 'must be DAY or QUARTER');
    if (!isCalendarDate(date)) throw E.bad('date', 'must be a calendar date written YYYY-MM-DD');
    const limit = first ?? DEFAULT_BOARD_ROWS;
    if (limit < 1 || limit > MAX_BOARD_ROWS) throw E.bad('first', `must be 1 to ${MAX_BOARD_ROWS}`);
    const root = await resolveRoot(ctx, orgUnitId);
    const frozen = await readFrozenBoard(ctx.em, periodKind, date, metric, subjectKind, root.path, limit);
    return {
      metric,
      periodKind,
      periodStart: frozen.period.start,
      periodEnd: frozen.period.end,
      subjectKind,
      rootUnitId: root.id,
      takenAt: frozen.takenAt,
      rows: frozen.rows.map((r) => frozenRow(subjectKind, r)),
    };
  }

  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => QuarterlyRankingType, {
    description:
      'The quarterly ranking 季度排名 (needs org:read; amounts and rates also receivables:read) with the top N highlighted: frozen once the quarter is over, live until then.',
  })
  async quarterlyRanking(
    @Arg('quarter', () => String, { description: 'The quarter, written YYYY-Qn, e.g. 2026-Q3.' }) quarter: string,
    @Arg('metric', () => Metric, { description: 'What is ranked, e.g. NEW_ACCOUNTS for customers developed.' }) metric: Metric,
    @Arg('subjectKind', () => LeaderboardSubjectKind, { description: 'Stations, areas, branches or people.' }) subjectKind: LeaderboardSubjectKind,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Root of the subtree; omitted: everything you may see.' }) orgUnitId: string | null,
    @Arg('first', () => Int, { nullable: true, description: `How many rows: 1 to ${MAX_BOARD_ROWS} (default ${DEFAULT_BOARD_ROWS}).` }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<QuarterlyRankingType> {
    checkMetric(ctx, metric);
    const period = parseQuarter(quarter);
    if (!period) throw E.bad('quarter', 'must be written YYYY-Qn, e.g. 2026-Q3');
    const limit = first ?? DEFAULT_BOARD_ROWS;
    if (limit < 1 || limit > MAX_BOARD_ROWS) throw E.bad('first', `must be 1 to ${MAX_BOARD_ROWS}`);
    const root = await resolveRoot(ctx, orgUnitId);
    const ranking = await quarterlyRanking(ctx.em, period, metric, subjectKind, root, TOP_N(), limit);
    return {
      quarter,
      periodStart: period.start,
      periodEnd: period.end,
      metric,
      subjectKind,
      frozen: ranking.frozen,
      frozenAt: ranking.takenAt,
      topN: ranking.topN,
      rows: ranking.rows.map((r) => frozenRow(subjectKind, r)),
    };
  }

  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => WeeklyReviewType, {
    description:
      'The weekly review 周例会 of a subtree (needs org:read; money metrics only with receivables:read): each metric this week against last, who climbed, whose figures fell, and who is behind target.',
  })
  async weeklyReview(
    @Arg('weekOf', () => String, { nullable: true, description: 'A day of the week (YYYY-MM-DD); omitted: this week.' }) weekOf: string | null,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Root of the subtree; omitted: everything you may see.' }) orgUnitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<WeeklyReviewType> {
    if (weekOf != null && !isCalendarDate(weekOf)) throw E.bad('weekOf', 'must be a calendar date written YYYY-MM-DD');
    const root = await resolveRoot(ctx, orgUnitId);
    const day = weekOf ?? liveBoardsOf(ctx.events)?.currentDay() ?? todayIn(undefined, now());
    const review = await weeklyReview(ctx.em, day, root, can(ctx.auth.viewer, ApiKeyScope.RECEIVABLES_READ));
    return {
      weekStart: review.week.start,
      weekEnd: review.week.end,
      rootUnitId: root.id,
      metrics: review.metrics,
      behindTarget: review.behindTarget,
    };
  }

  @Subscription(() => Leaderboard, {
    description:
      'A live board (needs alerts:subscribe; amounts and rates also receivables:read): its current state at once, then a push whenever committed facts move it — at most one per board per GRIDLINE_LEADERBOARD_PUSH_MS window — with each row\'s rank change since the previous push. A board without a date rolls over to the new day at midnight (company time zone), starting from zero.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
      const spec = await resolveSpec(ctx, args.board as LeaderboardInput);
      const live = liveBoardsOf(ctx.events);
      if (!live) throw new Error('live leaderboards are not running on this instance');
      return live.subscribe(spec);
    },
  })
  leaderboardUpdated(
    @Root() board: Board,
    @Arg('board', () => LeaderboardInput, { description: 'Which board.' }) _board: LeaderboardInput,
    @Ctx() ctx: Context,
  ): Leaderboard {
    ctx.refresh();
    // The viewer may have lost the right since it subscribed.
    requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
    return toLeaderboard(board);
  }

  @FieldResolver(() => OrgUnit, { description: 'Root of the subtree ranked.' })
  orgUnit(@Root() board: Leaderboard, @Ctx() ctx: Context): Promise<OrgUnit | null> {
    return ctx.loaders.orgUnit.load(board.rootUnitId);
  }
}

@Resolver(() => LeaderboardRow)
export class LeaderboardRowResolver {
  @FieldResolver(() => LeaderboardSubject, { description: 'Who is ranked: a User for PERSON boards, an OrgUnit otherwise.' })
  async subject(@Root() row: LeaderboardRow, @Ctx() ctx: Context): Promise<User | OrgUnit> {
    const subject = await loadSubject(ctx, row.subjectKind, row.subjectId);
    if (!subject) throw new Error(`ranked subject ${row.subjectKind} ${row.subjectId} vanished`);
    return subject;
  }
}

@Resolver(() => WeeklyReviewPerson)
export class WeeklyReviewPersonResolver {
  @FieldResolver(() => User, { description: 'The person.' })
  async person(@Root() row: WeeklyReviewPerson, @Ctx() ctx: Context): Promise<User> {
    const user = await loadPerson(ctx, row.userId);
    if (!user) throw new Error(`user ${row.userId} vanished`);
    return user;
  }

  @FieldResolver(() => DecimalScalar, { description: 'This week\'s value less last week\'s.' })
  change(@Root() row: WeeklyReviewPerson): string {
    return new Decimal(row.value).minus(row.previousValue).toFixed(2);
  }
}

@Resolver(() => TargetShortfallType)
export class TargetShortfallResolver {
  @FieldResolver(() => User, { description: 'The person behind target.' })
  async person(@Root() row: TargetShortfallType, @Ctx() ctx: Context): Promise<User> {
    const user = await loadPerson(ctx, row.userId);
    if (!user) throw new Error(`user ${row.userId} vanished`);
    return user;
  }
}

@Resolver(() => WeeklyReviewType)
export class WeeklyReviewResolver {
  @FieldResolver(() => OrgUnit, { description: 'Root of the subtree reviewed.' })
  orgUnit(@Root() review: WeeklyReviewType, @Ctx() ctx: Context): Promise<OrgUnit | null> {
    return ctx.loaders.orgUnit.load(review.rootUnitId);
  }
}

/** Every resolver of the module, for graphql/schema.ts. */
export const LEADERBOARD_RESOLVERS = [LeaderboardResolver, LeaderboardRowResolver, WeeklyReviewPersonResolver, TargetShortfallResolver, WeeklyReviewResolver] as const;
