/**
 * Targets 考核目标 and their cascade 目标分解 (DOMAIN.md "Targets, leaderboards
 * and rewards"; issue 7 item 1; seed 001: 目标到人、责任到人 — a branch's
 * target is split to its areas and people, and attainment shows live).
 *
 * Rules:
 * - A target is one metric (VISITS may name one channel), one period — its
 *   start must be the first day of such a period (`periodOf`, weeks start on
 *   Monday) — and one subject: an org unit, or a person. Unique per metric,
 *   channel, period and subject: `setTarget` creates it or changes its value.
 * - Values are exact: counts are whole numbers, CNY at most 2 decimals,
 *   COLLECTION_RATE a percent from 0 to 100 with at most 3 decimals (99.999).
 * - `splitTarget` gives a unit's target its complete set of children: each
 *   part is a DIRECT child unit of the target's unit or a person of that
 *   unit (a user whose unit it is). For every metric but COLLECTION_RATE
 *   the parts must add up EXACTLY to the parent's value (decimal.js); a rate
 *   is not summed, each child simply gets its own rate. A part whose subject
 *   already has a target of that metric and period (set directly earlier)
 *   adopts it; children left out of a new split are deleted, unless they are
 *   split themselves (CONFLICT). A person's target cannot be split.
 * - Changing a parent's value with `setTarget` leaves its children as they
 *   are; the difference shows as `unallocated` (value − the children's sum;
 *   negative when the children ask for more), until the lead splits again.
 * - `deleteTarget` only deletes a target without children.
 * - Scope: the viewer sees and changes targets whose unit lies in its
 *   subtree (for a person's target: the person's unit when it was set).
 *   Leads and admins manage (targets:manage); anyone with org:read reads.
 * - Every write is audited (target.set, target.split, target.delete).
 * - Attainment comes from the metrics module's `readMetric` (one call per
 *   metric, channel and period a page asks for); `statusOf` compares it with
 *   the share of the period before today (company time zone).
 */
import { Decimal } from 'decimal.js';
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { todayIn } from '../../calendar.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Metric, PeriodKind, periodOf, type Period } from '../metrics/metric.enums.js';
import { readMetric } from '../metrics/metric-reader.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { VisitChannel } from '../visits/visit.entity.js';
import { Target, TargetStatus, TargetSubjectKind } from './target.entity.js';
import { TargetErrors as E } from './target.errors.js';
import { formatMeasure, isSummable, measureProblem } from './measure.js';

/** At most this many parts in one split (a unit rarely has more children and people). */
export const MAX_SPLIT_PARTS = 200;

export interface TargetSubject {
  kind: TargetSubjectKind;
  id: number;
}

export interface SetTargetData {
  metric: Metric;
  channel: VisitChannel | null;
  periodKind: PeriodKind;
  periodStart: string;
  subject: TargetSubject;
  value: string;
}

export interface SplitPart {
  subject: TargetSubject;
  value: string;
}

export interface TargetQuery {
  first: number;
  /** Keyset [id] of the last row seen. */
  after?: unknown[] | null;
  /** Only targets of units in this unit's subtree (and of their people). */
  orgUnitId?: number | null;
  userId?: number | null;
  metric?: Metric | null;
  periodKind?: PeriodKind | null;
  /** Only targets whose period contains this day. */
  date?: string | null;
}

/** The subject of a target, as the metric reader names it. */
export function subjectOf(target: Target): TargetSubject {
  return target.user ? { kind: TargetSubjectKind.USER, id: target.user.id } : { kind: TargetSubjectKind.ORG_UNIT, id: target.orgUnit.id };
}

export function periodOfTarget(target: Target): Period {
  return { kind: target.periodKind, start: target.periodStart, end: target.periodEnd };
}

/** The targets a scope may see: those of units in its subtree. */
export function targetScopeFilter(scope: DataScope): FilterQuery<Target> {
  return { orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } } as FilterQuery<Target>;
}

/** Checks a period start; returns the period. */
export function checkPeriod(kind: PeriodKind, start: string, field = 'periodStart'): Period {
  const period = periodOf(kind, start);
  if (period.start !== start) throw E.bad(field, `is not the first day of a ${kind} (the ${kind} containing ${start} starts on ${period.start})`);
  return period;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The share of the period that has passed by the start of `today`: 0 on its
 * first day (nothing is expected yet), 1 once it is over.
 */
export function elapsedShare(period: Period, today: string): Decimal {
  if (today <= period.start) return new Decimal(0);
  if (today > period.end) return new Decimal(1);
  return new Decimal(daysBetween(period.start, today)).dividedBy(daysBetween(period.start, period.end) + 1);
}

/**
 * ON_TRACK when attained ≥ value × elapsed share; for COLLECTION_RATE (not
 * cumulative) when the rate so far reaches the target rate, or nothing of
 * the period has passed yet.
 */
export function statusOf(target: Target, attained: string, today: string = todayIn()): TargetStatus {
  const share = elapsedShare(periodOfTarget(target), today);
  if (target.metric === Metric.COLLECTION_RATE) {
    return share.isZero() || new Decimal(attained).greaterThanOrEqualTo(target.value) ? TargetStatus.ON_TRACK : TargetStatus.BEHIND;
  }
  return new Decimal(attained).greaterThanOrEqualTo(new Decimal(target.value).times(share)) ? TargetStatus.ON_TRACK : TargetStatus.BEHIND;
}

/** attained ÷ value in percent (2 decimals); null for a target of 0. */
export function attainmentPercent(target: Target, attained: string): string | null {
  const value = new Decimal(target.value);
  if (value.isZero()) return null;
  return new Decimal(attained).times(100).dividedBy(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * What each target has attained so far, by target id, formatted for its
 * metric: one `readMetric` call per (metric, channel, period) among them.
 */
export async function attainmentOf(em: EntityManager, targets: readonly Target[]): Promise<Map<number, string>> {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const key = `${target.metric}|${target.channel ?? ''}|${target.periodKind}|${target.periodStart}`;
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const result = new Map<number, string>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const values = await readMetric(em, {
      metric: first.metric,
      channel: first.channel ?? null,
      period: periodOfTarget(first),
      subjects: group.map(subjectOf),
    });
    for (const target of group) {
      const subject = subjectOf(target);
      result.set(target.id, formatMeasure(target.metric, values.get(`${subject.kind}:${subject.id}`) ?? '0'));
    }
  }
  return result;
}

export interface BehindTarget {
  targetId: number;
  metric: Metric;
  subject: TargetSubject;
  value: string;
  attained: string;
}

/**
 * For the weekly review 周例会复盘 (metrics/leaderboards): the targets of
 * `period` in the subtree of `orgUnitPath` that are BEHIND today (company
 * time zone; a past period is judged on its whole length), with value and
 * attainment, in target id order.
 */
export async function targetsBehind(em: EntityManager, orgUnitPath: string, period: Period): Promise<BehindTarget[]> {
  const targets = await em.find(
    Target,
    { periodKind: period.kind, periodStart: period.start, orgUnit: { path: { $like: `${escapeLike(orgUnitPath)}%` } } } as FilterQuery<Target>,
    { orderBy: { id: 'asc' } },
  );
  const attained = await attainmentOf(em, targets);
  const today = todayIn();
  return targets
    .filter((target) => statusOf(target, attained.get(target.id)!, today) === TargetStatus.BEHIND)
    .map((target) => ({ targetId: target.id, metric: target.metric, subject: subjectOf(target), value: formatMeasure(target.metric, target.value), attained: attained.get(target.id)! }));
}

function snapshot(target: Target): Record<string, unknown> {
  return {
    metric: target.metric,
    channel: target.channel ?? null,
    periodKind: target.periodKind,
    periodStart: target.periodStart,
    orgUnitId: target.orgUnit.id,
    userId: target.user?.id ?? null,
    value: formatMeasure(target.metric, target.value),
    parentId: target.parent?.id ?? null,
  };
}

export class TargetService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Creates the target of (metric, channel, period, subject), or changes its value. */
  async set(data: SetTargetData): Promise<{ target: Target; created: boolean }> {
    const period = checkPeriod(data.periodKind, data.periodStart);
    if (data.channel && data.metric !== Metric.VISITS) throw E.bad('channel', 'only VISITS targets have a channel');
    const problem = measureProblem(data.metric, data.value);
    if (problem) throw E.bad('value', problem);
    try {
      return await this.em.transactional(async (em) => {
        const unit = await this.subjectUnit(em, data.subject);
        const existing = await em.findOne(
          Target,
          {
            metric: data.metric,
            channel: data.channel,
            periodKind: data.periodKind,
            periodStart: period.start,
            ...(data.subject.kind === TargetSubjectKind.USER ? { user: data.subject.id } : { orgUnit: unit.id, user: null }),
          },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        const before = existing ? snapshot(existing) : null;
        const target =
          existing ??
          em.create(Target, {
            metric: data.metric,
            channel: data.channel,
            periodKind: data.periodKind,
            periodStart: period.start,
            periodEnd: period.end,
            orgUnit: unit,
            user: data.subject.kind === TargetSubjectKind.USER ? em.getReference(User, data.subject.id) : null,
            value: data.value,
            parent: null,
          });
        target.value = new Decimal(data.value).toFixed(3);
        target.setBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
        target.updatedAt = new Date();
        await em.flush();
        await recordAudit(em, this.actor, { action: 'target.set', entityType: 'Target', entityId: target.id, before, after: snapshot(target) });
        return { target, created: !existing };
      });
    } catch (error) {
      // Two leads setting the same new target at once: the loser retries and changes it.
      if (error instanceof UniqueConstraintViolationException) throw E.concurrent();
      throw error;
    }
  }

  /**
   * Splits a unit's target into its children 目标分解 (the complete set):
   * parts for direct child units or people of the unit, adding up exactly to
   * the parent unless the metric is COLLECTION_RATE.
   */
  async split(parentId: number, parts: SplitPart[]): Promise<{ parent: Target; children: Target[] }> {
    if (parts.length === 0) throw E.bad('parts', 'must list at least one part');
    if (parts.length > MAX_SPLIT_PARTS) throw E.bad('parts', `must list at most ${MAX_SPLIT_PARTS} parts`);
    const seen = new Set<string>();
    for (const [i, part] of parts.entries()) {
      const key = `${part.subject.kind}:${part.subject.id}`;
      if (seen.has(key)) throw E.bad(`parts.${i}`, 'names a subject already named by an earlier part');
      seen.add(key);
    }
    return this.em.transactional(async (em) => {
      const parent = await em.findOne(Target, { $and: [{ id: parentId }, targetScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!parent) throw E.notFound();
      if (parent.user) throw E.bad('parentId', "is a person's target; only an org unit's target is split");
      for (const [i, part] of parts.entries()) {
        const problem = measureProblem(parent.metric, part.value);
        if (problem) throw E.bad(`parts.${i}.value`, problem);
      }
      const unit = await em.findOneOrFail(OrgUnit, { id: parent.orgUnit.id });
      await this.checkPartSubjects(em, unit, parts);
      if (isSummable(parent.metric)) {
        const sum = parts.reduce((total, part) => total.plus(part.value), new Decimal(0));
        if (!sum.equals(parent.value)) {
          const difference = sum.minus(parent.value);
          throw E.bad(
            'parts',
            `must add up exactly to the parent's value ${formatMeasure(parent.metric, parent.value)}; they add up to ${formatMeasure(parent.metric, sum)} (${difference.isPositive() ? '+' : ''}${formatMeasure(parent.metric, difference)})`,
          );
        }
      }

      // The children now, and targets of the same key set directly for the parts' subjects (adopted).
      const sameKey = { metric: parent.metric, channel: parent.channel ?? null, periodKind: parent.periodKind, periodStart: parent.periodStart };
      const userIds = parts.filter((p) => p.subject.kind === TargetSubjectKind.USER).map((p) => p.subject.id);
      const unitIds = parts.filter((p) => p.subject.kind === TargetSubjectKind.ORG_UNIT).map((p) => p.subject.id);
      const candidates = await em.find(
        Target,
        {
          $or: [
            { parent: parent.id },
            { ...sameKey, user: { $in: userIds.length ? userIds : [0] } },
            { ...sameKey, user: null, orgUnit: { $in: unitIds.length ? unitIds : [0] } },
          ],
        },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      const byKey = new Map(candidates.map((t) => [`${subjectOf(t).kind}:${subjectOf(t).id}`, t]));
      const before = candidates.filter((t) => t.parent?.id === parent.id).map(snapshot);

      // Children left out of the split go, unless they are split themselves.
      const dropped = candidates.filter((t) => t.parent?.id === parent.id && !seen.has(`${subjectOf(t).kind}:${subjectOf(t).id}`));
      if (dropped.length) {
        const grandchildren = await em.count(Target, { parent: { $in: dropped.map((t) => t.id) } });
        if (grandchildren > 0) throw E.childHasChildren('parts');
        for (const t of dropped) em.remove(t);
      }

      const setBy = this.actor.userId ? em.getReference(User, this.actor.userId) : null;
      const now = new Date();
      const children = parts.map((part) => {
        const existing = byKey.get(`${part.subject.kind}:${part.subject.id}`);
        const value = new Decimal(part.value).toFixed(3);
        if (existing) {
          existing.value = value;
          existing.parent = parent;
          existing.setBy = setBy;
          existing.updatedAt = now;
          return existing;
        }
        return em.create(Target, {
          ...sameKey,
          periodEnd: parent.periodEnd,
          orgUnit: part.subject.kind === TargetSubjectKind.ORG_UNIT ? em.getReference(OrgUnit, part.subject.id) : unit,
          user: part.subject.kind === TargetSubjectKind.USER ? em.getReference(User, part.subject.id) : null,
          value,
          parent,
          setBy,
        });
      });
      await em.flush();
      await recordAudit(em, this.actor, {
        action: 'target.split',
        entityType: 'Target',
        entityId: parent.id,
        before: { value: formatMeasure(parent.metric, parent.value), children: before },
        after: { value: formatMeasure(parent.metric, parent.value), children: children.map(snapshot), deletedTargetIds: dropped.map((t) => t.id) },
      });
      return { parent, children };
    });
  }

  /** Deletes a target that is not split. */
  async delete(id: number): Promise<Target> {
    return this.em.transactional(async (em) => {
      const target = await em.findOne(Target, { $and: [{ id }, targetScopeFilter(this.scope)] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!target) throw E.notFound();
      const children = await em.count(Target, { parent: target.id });
      if (children > 0) throw E.hasChildren(children);
      const before = snapshot(target);
      em.remove(target);
      await em.flush();
      await recordAudit(em, this.actor, { action: 'target.delete', entityType: 'Target', entityId: id, before, after: null });
      return target;
    });
  }

  /** One target the viewer may see. */
  get(id: number): Promise<Target | null> {
    return this.em.findOne(Target, { $and: [{ id }, targetScopeFilter(this.scope)] });
  }

  /** Targets the viewer may see, newest first; `first + 1` rows and the total. */
  async list(query: TargetQuery): Promise<{ rows: Target[]; totalCount: number }> {
    const conditions: FilterQuery<Target>[] = [targetScopeFilter(this.scope)];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw E.bad('filter.orgUnitId', 'is not an org unit you may see');
      conditions.push({ orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } as FilterQuery<Target>);
    }
    if (query.userId) conditions.push({ user: query.userId });
    if (query.metric) conditions.push({ metric: query.metric });
    if (query.periodKind) conditions.push({ periodKind: query.periodKind });
    if (query.date) conditions.push({ periodStart: { $lte: query.date }, periodEnd: { $gte: query.date } });
    const where: FilterQuery<Target> = { $and: conditions };
    const page: FilterQuery<Target> = query.after ? { $and: [...conditions, { id: { $lt: query.after[0] as number } }] } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Target, page, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(Target, where),
    ]);
    return { rows, totalCount };
  }

  /** The subject's unit, which must lie in the viewer's subtree; a person must be enabled. */
  private async subjectUnit(em: EntityManager, subject: TargetSubject): Promise<OrgUnit> {
    if (subject.kind === TargetSubjectKind.ORG_UNIT) {
      const unit = await em.findOne(OrgUnit, { id: subject.id });
      if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw E.orgUnitNotFound('orgUnitId');
      return unit;
    }
    const user = await em.findOne(User, { id: subject.id }, { populate: ['orgUnit'] });
    if (!user || !isInSubtree(user.orgUnit.path, this.scope.orgPath)) throw E.userNotFound('userId');
    if (user.disabledAt) throw E.bad('userId', 'is disabled');
    return user.orgUnit;
  }

  /** Each part names a direct child unit of `unit` or an enabled person of `unit`. */
  private async checkPartSubjects(em: EntityManager, unit: OrgUnit, parts: SplitPart[]): Promise<void> {
    const unitIds = parts.filter((p) => p.subject.kind === TargetSubjectKind.ORG_UNIT).map((p) => p.subject.id);
    const userIds = parts.filter((p) => p.subject.kind === TargetSubjectKind.USER).map((p) => p.subject.id);
    const units = new Map((unitIds.length ? await em.find(OrgUnit, { id: { $in: unitIds } }) : []).map((u) => [u.id, u]));
    const users = new Map((userIds.length ? await em.find(User, { id: { $in: userIds } }) : []).map((u) => [u.id, u]));
    for (const [i, part] of parts.entries()) {
      if (part.subject.kind === TargetSubjectKind.ORG_UNIT) {
        const child = units.get(part.subject.id);
        if (!child || child.parent?.id !== unit.id) throw E.bad(`parts.${i}.orgUnitId`, `is not a direct child unit of ${unit.name}`);
      } else {
        const user = users.get(part.subject.id);
        if (!user || user.orgUnit.id !== unit.id) throw E.bad(`parts.${i}.userId`, `is not a person of ${unit.name}`);
        if (user.disabledAt) throw E.bad(`parts.${i}.userId`, 'is disabled');
      }
    }
  }
}

