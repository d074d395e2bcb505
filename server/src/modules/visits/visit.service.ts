/**
 * Visits 走访/拜访 (DOMAIN.md "Visits"): logging a phone call, on-site visit,
 * WeChat exchange, event or seminar with its rules, and the team lead's list
 * of visits. A visit belongs to a customer: one the viewer may not see does
 * not exist for them, and its visits neither.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordCustomerChange } from '../../events/customer-change.js';
import type { FieldError } from '../../graphql/errors.js';
import type { Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { calendarDateIn } from '../../calendar.js';
import { Visit, VisitChannel, VisitPurpose } from './visit.entity.js';
import { VisitErrors } from './visit.errors.js';

/** The limits a logged visit must keep. */
export const VISIT_RULES = {
  /** Clocks of phones in the field run a little fast: this much "future" is accepted. */
  clockSkewMs: 5 * 60_000,
  /** A visit older than this (in years) is history, not a log entry. */
  maxAgeYears: 1,
  /** An on-site check-in lies within this many hours of the visit. */
  checkInWindowMs: 12 * 3_600_000,
  /** People on one visit, the recorder included. */
  maxParticipants: 20,
} as const;

export interface VisitData {
  customerId: number;
  serviceAccountId: number | null;
  channel: VisitChannel;
  purpose: VisitPurpose;
  occurredAt: Date;
  outcome: string;
  nextStep: string | null;
  nextStepDueOn: string | null;
  promisedAmount: string | null;
  promisedOn: string | null;
  satisfaction: number | null;
  checkInAt: Date | null;
  checkInLatitude: number | null;
  checkInLongitude: number | null;
  /** Who went besides the recorder (leaders too: 领导走访). */
  participantIds: number[];
}

export interface VisitListQuery {
  first: number;
  /** Keyset of the last row seen: [occurredAt ISO string, id]. */
  after?: [string, number] | null;
  orgUnitId?: number | null;
  participantId?: number | null;
  purposes?: VisitPurpose[] | null;
  channels?: VisitChannel[] | null;
  /** occurredAt ≥ from. */
  from?: Date | null;
  /** occurredAt < to. */
  to?: Date | null;
  /** Promised payment date ≥ this day (YYYY-MM-DD). */
  promiseDueFrom?: string | null;
  /** Promised payment date ≤ this day (YYYY-MM-DD). */
  promiseDueTo?: string | null;
}

const isPositive = (amount: string) => !amount.startsWith('-') && /[1-9]/.test(amount);

/**
 * The rules of one visit that need no database, as field errors (empty when
 * it is fine). `visitDate` is the business day the visit happened on.
 */
export function visitRuleProblems(data: VisitData, visitDate: string, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const at = data.occurredAt.getTime();

  if (at > now.getTime() + VISIT_RULES.clockSkewMs) problem('occurredAt', 'must not be in the future');
  const oldest = new Date(now);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - VISIT_RULES.maxAgeYears);
  if (at < oldest.getTime()) problem('occurredAt', `must be within the last ${VISIT_RULES.maxAgeYears} year`);
  if (!data.outcome.trim()) problem('outcome', 'must not be empty');

  // On-site visits prove the place and time with a check-in; nothing else has one.
  const checkIn = { checkInAt: data.checkInAt, checkInLatitude: data.checkInLatitude, checkInLongitude: data.checkInLongitude };
  if (data.channel === VisitChannel.ON_SITE) {
    for (const [field, value] of Object.entries(checkIn)) {
      if (value === null) problem(field, 'is required for an ON_SITE visit');
    }
    if (data.checkInAt) {
      const checkInAt = data.checkInAt.getTime();
      if (Math.abs(checkInAt - at) > VISIT_RULES.checkInWindowMs) problem('checkInAt', 'must be within 12 hours of occurredAt');
      else if (checkInAt > now.getTime() + VISIT_RULES.clockSkewMs) problem('checkInAt', 'must not be in the future');
    }
  } else {
    for (const [field, value] of Object.entries(checkIn)) {
      if (value !== null) problem(field, 'is only recorded on an ON_SITE visit');
    }
  }

  // A promise to pay: collection visits only, amount and date together.
  const { promisedAmount, promisedOn } = data;
  if (data.purpose !== VisitPurpose.COLLECTION) {
    if (promisedAmount !== null) problem('promisedAmount', 'is only recorded on a COLLECTION visit');
    if (promisedOn !== null) problem('promisedOn', 'is only recorded on a COLLECTION visit');
  } else {
    if (promisedAmount !== null && promisedOn === null) problem('promisedOn', 'is required with promisedAmount');
    if (promisedOn !== null && promisedAmount === null) problem('promisedAmount', 'is required with promisedOn');
    if (promisedAmount !== null && !isPositive(promisedAmount)) problem('promisedAmount', 'must be greater than 0');
    if (promisedOn !== null && promisedOn < visitDate) problem('promisedOn', `must not be before the visit date ${visitDate}`);
  }

  // Satisfaction: asked on return visits (required there) and service visits.
  if (data.purpose === VisitPurpose.RETURN_VISIT) {
    if (data.satisfaction === null) problem('satisfaction', 'is required on a RETURN_VISIT');
  } else if (data.purpose !== VisitPurpose.SERVICE && data.satisfaction !== null) {
    problem('satisfaction', 'is only recorded on a RETURN_VISIT or SERVICE visit');
  }
  if (data.satisfaction !== null && !(Number.isInteger(data.satisfaction) && data.satisfaction >= 1 && data.satisfaction <= 5)) {
    problem('satisfaction', 'must be between 1 and 5');
  }

  if (data.nextStep !== null && !data.nextStep.trim()) problem('nextStep', 'must not be empty');
  if (data.nextStepDueOn !== null) {
    if (data.nextStep === null) problem('nextStepDueOn', 'needs a nextStep');
    if (data.nextStepDueOn < visitDate) problem('nextStepDueOn', `must not be before the visit date ${visitDate}`);
  }
  return problems;
}

/** The company subtree a scope lies in: '/1/4/9/' → '/1/'. */
function companyPathOf(orgPath: string): string {
  const root = orgPath.split('/').find(Boolean);
  return root ? `/${root}/` : '/';
}

export class VisitService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** Logs a visit with its participants, audit entry and one `visit.logged` event, or writes nothing. */
  async logVisit(data: VisitData): Promise<Visit> {
    return this.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] });
      if (!customer) throw CustomerErrors.notFound();
      const visitDate = calendarDateIn(data.occurredAt);
      const problems = visitRuleProblems(data, visitDate, new Date());

      let serviceAccount: ServiceAccount | null = null;
      if (data.serviceAccountId !== null) {
        serviceAccount = await em.findOne(ServiceAccount, { id: data.serviceAccountId, customer: customer.id });
        if (!serviceAccount) problems.push({ field: 'serviceAccountId', message: 'is not a service account of this customer' });
      }
      const { recorderId, participantIds } = await this.participants(em, data.participantIds, problems);
      if (problems.length) throw VisitErrors.badInput(problems);

      const visit = em.create(Visit, {
        customer,
        serviceAccount,
        channel: data.channel,
        purpose: data.purpose,
        occurredAt: data.occurredAt,
        outcome: data.outcome.trim(),
        nextStep: data.nextStep?.trim() ?? null,
        nextStepDueOn: data.nextStepDueOn,
        promisedAmount: data.promisedAmount,
        promisedOn: data.promisedOn,
        satisfaction: data.satisfaction,
        checkInAt: data.checkInAt,
        checkInLatitude: data.checkInLatitude,
        checkInLongitude: data.checkInLongitude,
        recordedBy: em.getReference(User, recorderId!),
      });
      for (const id of participantIds) visit.participants.add(em.getReference(User, id));
      await em.flush();

      await recordCustomerChange(em, this.actor, customer, {
        action: 'visit.log',
        entityType: 'Visit',
        entityId: visit.id,
        before: null,
        after: {
          customerId: customer.id,
          serviceAccountId: serviceAccount?.id ?? null,
          channel: visit.channel,
          purpose: visit.purpose,
          occurredAt: visit.occurredAt.toISOString(),
          outcome: visit.outcome,
          nextStep: visit.nextStep,
          nextStepDueOn: visit.nextStepDueOn,
          promisedAmount: visit.promisedAmount,
          promisedOn: visit.promisedOn,
          satisfaction: visit.satisfaction,
          checkInAt: visit.checkInAt?.toISOString() ?? null,
          checkInLatitude: visit.checkInLatitude,
          checkInLongitude: visit.checkInLongitude,
          recordedById: recorderId,
          participantIds,
        },
        kind: 'visit.logged',
        changedFields: ['visits'],
        payload: { visitId: visit.id, channel: visit.channel, purpose: visit.purpose },
      });
      return visit;
    });
  }

  /**
   * Who went. The recorder always did: the signed-in user, or with an API key
   * (no person behind it) the first participant named. The others must be
   * active staff of the viewer's company, any role — a leader's visit counts
   * (领导走访, DOMAIN.md "Visits"). Problems are added to `problems`.
   */
  private async participants(em: EntityManager, named: number[], problems: FieldError[]): Promise<{ recorderId: number | null; participantIds: number[] }> {
    const recorderId = this.actor.userId ?? named[0] ?? null;
    if (recorderId === null) {
      problems.push({ field: 'participantIds', message: 'must name the staff member who made the visit when it is logged with an API key' });
      return { recorderId, participantIds: [] };
    }
    const participantIds = [...new Set([recorderId, ...named])];
    if (participantIds.length > VISIT_RULES.maxParticipants) {
      problems.push({ field: 'participantIds', message: `must list at most ${VISIT_RULES.maxParticipants} people, the recorder included` });
      return { recorderId, participantIds };
    }
    const checked = this.actor.userId === null ? named : named.filter((id) => id !== recorderId);
    if (checked.length === 0) return { recorderId, participantIds };
    const eligible = await em.find(
      User,
      { id: { $in: checked }, disabledAt: null, orgUnit: { path: { $like: `${escapeLike(companyPathOf(this.scope.orgPath))}%` } } },
      { fields: ['id'] },
    );
    const ok = new Set(eligible.map((user) => user.id));
    named.forEach((id, index) => {
      if (checked.includes(id) && !ok.has(id)) {
        problems.push({ field: `participantIds.${index}`, message: 'is not an active staff member of your company' });
      }
    });
    return { recorderId, participantIds };
  }

  /** Visits of the customers the scope may see, newest first; `first + 1` rows and the total. */
  async listVisits(query: VisitListQuery): Promise<{ rows: Visit[]; totalCount: number }> {
    const where: FilterQuery<Visit> = { $and: [{ customer: customerScopeFilter(this.scope) }, await this.filterFor(query)] };
    let page: FilterQuery<Visit> = where;
    if (query.after) {
      const [occurredAt, id] = query.after;
      const at = new Date(occurredAt);
      page = { $and: [where, { $or: [{ occurredAt: { $lt: at } }, { occurredAt: at, id: { $lt: id } }] }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.em.find(Visit, page, { orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], limit: query.first + 1 }),
      this.em.count(Visit, where),
    ]);
    return { rows, totalCount };
  }

  /** The keyset of a row; cursors encode it. */
  static keyOf(visit: Visit): [string, number] {
    return [visit.occurredAt.toISOString(), visit.id];
  }

  private async filterFor(query: VisitListQuery): Promise<FilterQuery<Visit>> {
    const where: Record<string, unknown> = {};
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw VisitErrors.orgUnitMissing('filter.orgUnitId');
      where.customer = { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } };
    }
    if (query.participantId) where.participants = { $some: { id: query.participantId } };
    if (query.purposes?.length) where.purpose = { $in: query.purposes };
    if (query.channels?.length) where.channel = { $in: query.channels };
    const occurred: Record<string, Date> = {};
    if (query.from) occurred.$gte = query.from;
    if (query.to) occurred.$lt = query.to;
    if (Object.keys(occurred).length) where.occurredAt = occurred;
    const promised: Record<string, string> = {};
    if (query.promiseDueFrom) promised.$gte = query.promiseDueFrom;
    if (query.promiseDueTo) promised.$lte = query.promiseDueTo;
    if (Object.keys(promised).length) where.promisedOn = promised;
    return where as FilterQuery<Visit>;
  }
}
