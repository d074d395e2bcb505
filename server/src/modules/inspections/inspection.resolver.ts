/**
 * GraphQL API of safety inspections 安全检查 and rectification notices
 * 整改通知书: thin mapping onto InspectionService. Reading needs
 * customers:read; recording inspections and closing or extending notices
 * need inspections:write (reps, leads, admins, and partner field-inspection
 * tools given that scope); the inspection frequencies are an admin setting
 * (inspections:configure).
 */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { AppError } from '../../graphql/errors.js';
import { isCalendarDate, todayIn } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { ReturnVisit } from '../return-visits/return-visit.entity.js';
import { Inspection, InspectionFinding, InspectionPolicy, RectificationNotice } from './inspection.entity.js';
import { InspectionService, type InspectionDueRow } from './inspection.service.js';
import {
  CloseRectificationNoticeInput,
  CloseRectificationNoticePayload,
  ExtendRectificationDeadlineInput,
  ExtendRectificationDeadlinePayload,
  InspectionConnection,
  InspectionDue,
  InspectionDueConnection,
  InspectionFilter,
  RecordInspectionInput,
  RecordInspectionPayload,
  RectificationNoticeConnection,
  RectificationNoticeFilter,
  SetInspectionPolicyInput,
  SetInspectionPolicyPayload,
} from './dto/inspection.inputs.js';
import './inspection.timeline.js';

function service(ctx: Context): InspectionService {
  return new InspectionService(ctx.em, ctx.scope(), ctx.actor());
}

const optionalId = (value: string | null | undefined, type: string, field: string) => (value ? decodeId(value, type, field) : null);

function dateKey(after: string | null | undefined): [string, number] | null {
  if (!after) return null;
  const key = decodeCursor(after, ['string', 'number']) as [string, number];
  if (!isCalendarDate(key[0])) throw AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
  return key;
}

function toDue(row: InspectionDueRow, today: string): InspectionDue {
  return Object.assign(new InspectionDue(), row, { overdue: row.dueOn < today });
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => InspectionConnection, { description: 'Inspections 安全检查/巡检 of the customers you may see, newest first.' })
  async inspections(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => InspectionFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: InspectionFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).list({
      first,
      after: dateKey(after),
      customerId: optionalId(filter?.customerId, 'Customer', 'filter.customerId'),
      orgUnitId: optionalId(filter?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      kinds: filter?.kinds,
      results: filter?.results,
      performedFrom: filter?.performedFrom,
      performedTo: filter?.performedTo,
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.performedOn, row.id]);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => InspectionDueConnection, {
    description: 'Inspections due 待检 for active customers you may see, from the inspection policies (巡检频次), soonest first; overdue ones come first.',
  })
  async inspectionsDue(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('orgUnitId', () => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' }) orgUnitId: string | null,
    @Arg('before', () => String, { nullable: true, description: 'Due on or before this day (YYYY-MM-DD); today when omitted.' }) before: string | null,
    @Ctx() ctx: Context,
  ) {
    if (before && !isCalendarDate(before)) throw AppError.badInput([{ field: 'before', message: 'must be a calendar date written YYYY-MM-DD' }]);
    let key: [string, number, string] | null = null;
    if (after) {
      key = decodeCursor(after, ['string', 'number', 'string']) as [string, number, string];
      if (!isCalendarDate(key[0])) throw AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
    }
    const today = todayIn();
    const { rows, totalCount } = await service(ctx).due({ first, after: key, orgUnitId: optionalId(orgUnitId, 'OrgUnit', 'orgUnitId'), before: before ?? today });
    return toConnection(rows.map((row) => toDue(row, today)), first, after, totalCount, (row) => [row.dueOn, row.customerId, row.kind]);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => [InspectionPolicy], { description: 'The inspection frequencies 巡检频次 per utility, tier and kind.' })
  inspectionPolicies(@Ctx() ctx: Context): Promise<InspectionPolicy[]> {
    return service(ctx).policies();
  }

  @Authorized(ApiKeyScope.INSPECTIONS_WRITE)
  @Mutation(() => RecordInspectionPayload, {
    description:
      'Records a performed inspection with its findings; each finding marked openNotice opens a rectification notice 整改通知书 with a deadline and an owner. One transaction: bad input writes nothing.',
  })
  async recordInspection(
    @Arg('input', () => RecordInspectionInput, { description: 'The inspection.' }) input: RecordInspectionInput,
    @Ctx() ctx: Context,
  ): Promise<RecordInspectionPayload> {
    const { inspection, notices } = await service(ctx).record({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      serviceAccountId: optionalId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
      kind: input.kind,
      performedOn: input.performedOn,
      result: input.result,
      note: input.note ?? null,
      inspectorIds: (input.inspectorIds ?? []).map((id, i) => decodeId(id, 'User', `inspectorIds.${i}`)),
      findings: input.findings.map((f, i) => ({
        category: f.category,
        severity: f.severity,
        description: f.description,
        openNotice: f.openNotice,
        deadline: f.deadline ?? null,
        ownerId: optionalId(f.ownerId, 'User', `findings.${i}.ownerId`),
      })),
    });
    return { inspection, notices, customer: inspection.customer as Customer };
  }

  @Authorized(ApiKeyScope.INSPECTIONS_WRITE)
  @Mutation(() => CloseRectificationNoticePayload, {
    description:
      'Closes an OPEN rectification notice with evidence (a note and a reference, both required); resolves its overdue alert and schedules a return visit 回访, in one transaction. CONFLICT when already closed.',
  })
  async closeRectificationNotice(
    @Arg('input', () => CloseRectificationNoticeInput, { description: 'The notice and the evidence.' }) input: CloseRectificationNoticeInput,
    @Ctx() ctx: Context,
  ): Promise<CloseRectificationNoticePayload> {
    return service(ctx).closeNotice(decodeId(input.noticeId, 'RectificationNotice', 'noticeId'), input.evidenceNote ?? '', input.evidenceReference ?? '');
  }

  @Authorized(ApiKeyScope.INSPECTIONS_WRITE)
  @Mutation(() => ExtendRectificationDeadlinePayload, {
    description: 'Moves an OPEN rectification notice\'s deadline later, with a reason (audited); resolves the alert of the old deadline.',
  })
  async extendRectificationDeadline(
    @Arg('input', () => ExtendRectificationDeadlineInput, { description: 'The notice, the new deadline and why.' }) input: ExtendRectificationDeadlineInput,
    @Ctx() ctx: Context,
  ): Promise<ExtendRectificationDeadlinePayload> {
    return { notice: await service(ctx).extendDeadline(decodeId(input.noticeId, 'RectificationNotice', 'noticeId'), input.deadline, input.reason) };
  }

  @Authorized(StaffPermission.INSPECTIONS_CONFIGURE)
  @Mutation(() => SetInspectionPolicyPayload, { description: 'Sets how often customers of a utility and tier get a kind of inspection 巡检频次 (admins); null stops it.' })
  async setInspectionPolicy(
    @Arg('input', () => SetInspectionPolicyInput, { description: 'The utility, tier, kind and interval.' }) input: SetInspectionPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<SetInspectionPolicyPayload> {
    return { policies: await service(ctx).setPolicy(input.utility, input.tier, input.kind, input.intervalMonths ?? null) };
  }

  @FieldResolver(() => Customer, { description: 'The customer inspected.' })
  customer(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, inspection.customer.id);
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: "The service account 户号 inspected; null: the customer's site as a whole." })
  serviceAccount(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return inspection.serviceAccount ? ctx.loaders.serviceAccount.load(inspection.serviceAccount.id) : null;
  }

  @FieldResolver(() => [User], { description: 'Who inspected 检查人员.' })
  async inspectors(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<User[]> {
    const rows = await ctx.loaders.inspectorIdsByInspection.load(inspection.id);
    const users = await ctx.loaders.user.loadMany(rows.map((r) => r.userId));
    return users.filter((u): u is User => u instanceof User);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who recorded it; null for partner tools.' })
  recordedBy(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<User | null> | null {
    return inspection.recordedBy ? ctx.loaders.user.load(inspection.recordedBy.id) : null;
  }

  @FieldResolver(() => [InspectionFinding], { description: 'What it found, in record-card order.' })
  findings(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<InspectionFinding[]> {
    return ctx.loaders.findingsByInspection.load(inspection.id);
  }

  @FieldResolver(() => [RectificationNotice], { description: 'The rectification notices its findings opened.' })
  notices(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<RectificationNotice[]> {
    return ctx.loaders.noticesByInspection.load(inspection.id);
  }
}

@Resolver(() => InspectionFinding)
export class InspectionFindingResolver {
  @FieldResolver(() => RectificationNotice, { nullable: true, description: 'The rectification notice it opened; null when none.' })
  async notice(@Root() finding: InspectionFinding, @Ctx() ctx: Context): Promise<RectificationNotice | null> {
    return (await ctx.loaders.noticesByFinding.load(finding.id))[0] ?? null;
  }
}

@Resolver(() => RectificationNotice)
export class RectificationNoticeResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => RectificationNoticeConnection, { description: 'Rectification notices 整改通知书 of the customers you may see, earliest deadline first.' })
  async rectificationNotices(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => RectificationNoticeFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: RectificationNoticeFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).listNotices({
      first,
      after: dateKey(after),
      statuses: filter?.statuses,
      overdue: filter?.overdue,
      orgUnitId: optionalId(filter?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      ownerId: optionalId(filter?.ownerId, 'User', 'filter.ownerId'),
      deadlineBefore: filter?.deadlineBefore,
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.deadline, row.id]);
  }

  @FieldResolver(() => Customer, { description: 'The customer it was issued to.' })
  customer(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, notice.customer.id);
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 concerned, if one.' })
  serviceAccount(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return notice.serviceAccount ? ctx.loaders.serviceAccount.load(notice.serviceAccount.id) : null;
  }

  @FieldResolver(() => Inspection, { description: 'The inspection that found the hazard.' })
  async inspection(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<Inspection> {
    return (await ctx.loaders.inspection.load(notice.inspection.id))!;
  }

  @FieldResolver(() => InspectionFinding, { description: 'The finding it is about.' })
  async finding(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<InspectionFinding> {
    return (await ctx.loaders.inspectionFinding.load(notice.finding.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who follows it up (the customer\'s rep unless another was named).' })
  owner(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<User | null> | null {
    return notice.owner ? ctx.loaders.user.load(notice.owner.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who closed it; null while open or when closed by a partner tool.' })
  closedBy(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<User | null> | null {
    return notice.closedBy ? ctx.loaders.user.load(notice.closedBy.id) : null;
  }

  @FieldResolver(() => ReturnVisit, { nullable: true, description: 'The return visit 回访 scheduled when it was closed.' })
  async returnVisit(@Root() notice: RectificationNotice, @Ctx() ctx: Context): Promise<ReturnVisit | null> {
    return (await ctx.loaders.returnVisitsByNotice.load(notice.id))[0] ?? null;
  }
}

@Resolver(() => InspectionDue)
export class InspectionDueResolver {
  @FieldResolver(() => Customer, { description: 'The customer due for an inspection.' })
  customer(@Root() due: InspectionDue, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, due.customerId);
  }
}

@Resolver(() => Customer)
export class CustomerInspectionsResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [Inspection], { description: 'Its inspections 安全检查/巡检, newest first.' })
  inspections(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Inspection[]> {
    return ctx.loaders.inspectionsByCustomer.load(customer.id);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [RectificationNotice], { description: 'Its rectification notices 整改通知书, open and closed, newest first.' })
  rectificationNotices(@Root() customer: Customer, @Ctx() ctx: Context): Promise<RectificationNotice[]> {
    return ctx.loaders.rectificationNoticesByCustomer.load(customer.id);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => [InspectionDue], { description: 'When it next needs each kind of inspection, from the inspection policies; empty when none applies (or it is not ACTIVE).' })
  async inspectionSchedule(@Root() customer: Customer, @Ctx() ctx: Context): Promise<InspectionDue[]> {
    const today = todayIn();
    return (await ctx.loaders.inspectionSchedule.load(customer.id)).map((row) => toDue(row, today));
  }
}
