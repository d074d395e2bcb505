/**
 * GraphQL API of targets 考核目标: thin mapping onto TargetService. Leads and
 * admins set, split and delete targets in their subtree (targets:manage);
 * anyone with org:read reads the targets of its subtree with live
 * attainment (DOMAIN.md "Targets, leaderboards and rewards").
 */
import { Decimal } from 'decimal.js';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, idConnection } from '../../graphql/connection.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { Target, TargetStatus, TargetSubjectKind } from './target.entity.js';
import { TargetErrors } from './target.errors.js';
import { MeasureScalar, formatMeasure, isSummable } from './measure.js';
import { TargetService, attainmentPercent, statusOf, type TargetSubject } from './target.service.js';
import {
  DeleteTargetInput,
  DeleteTargetPayload,
  SetTargetInput,
  SetTargetPayload,
  SplitTargetInput,
  SplitTargetPayload,
  TargetConnection,
  TargetFilter,
} from './dto/target.inputs.js';

function service(ctx: Context): TargetService {
  return new TargetService(ctx.em, ctx.scope(), ctx.actor());
}

/** Exactly one of orgUnitId and userId names the subject. */
function subjectFrom(input: { orgUnitId?: string | null; userId?: string | null }, prefix = ''): TargetSubject {
  if (Boolean(input.orgUnitId) === Boolean(input.userId)) throw TargetErrors.bad(`${prefix}orgUnitId`, 'give exactly one of orgUnitId and userId');
  return input.userId
    ? { kind: TargetSubjectKind.USER, id: decodeId(input.userId, 'User', `${prefix}userId`) }
    : { kind: TargetSubjectKind.ORG_UNIT, id: decodeId(input.orgUnitId!, 'OrgUnit', `${prefix}orgUnitId`) };
}

/** The target when its unit lies in the viewer's subtree. */
export async function visibleTarget(ctx: Context, target: Target | null): Promise<Target | null> {
  if (!target) return null;
  const unit = await ctx.loaders.orgUnit.load(target.orgUnit.id);
  return unit && isInSubtree(unit.path, ctx.scope().orgPath) ? target : null;
}

@Resolver(() => Target)
export class TargetResolver {
  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => TargetConnection, { description: 'Targets 考核目标 of your subtree with live attainment, newest first.' })
  async targets(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => TargetFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: TargetFilter | null,
    @Ctx() ctx: Context,
  ) {
    return idConnection({ first, after }, (page) =>
      service(ctx).list({
        ...page,
        orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
        userId: filter?.userId ? decodeId(filter.userId, 'User', 'filter.userId') : null,
        metric: filter?.metric,
        periodKind: filter?.periodKind,
        date: filter?.date,
      }),
    );
  }

  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => Target, { nullable: true, description: 'One target of your subtree; null when there is none you may see.' })
  target(@Arg('id', () => ID, { description: 'Global ID of the target.' }) id: string, @Ctx() ctx: Context): Promise<Target | null> {
    return service(ctx).get(decodeId(id, 'Target', 'id'));
  }

  @Authorized(StaffPermission.TARGETS_MANAGE)
  @Mutation(() => SetTargetPayload, {
    description:
      'Sets a target 设定目标 for an org unit or a person of your subtree: creates it, or changes the value of the existing one. Children of a split target stay as they are; the difference shows as unallocated.',
  })
  async setTarget(@Arg('input', () => SetTargetInput, { description: 'The target.' }) input: SetTargetInput, @Ctx() ctx: Context): Promise<SetTargetPayload> {
    return service(ctx).set({
      metric: input.metric,
      channel: input.channel ?? null,
      periodKind: input.periodKind,
      periodStart: input.periodStart,
      subject: subjectFrom(input),
      value: input.value,
    });
  }

  @Authorized(StaffPermission.TARGETS_MANAGE)
  @Mutation(() => SplitTargetPayload, {
    description:
      "Splits an org unit's target 目标分解 among its direct child units and its people; the parts must add up exactly to the target's value (except COLLECTION_RATE, where each part is a rate). Replaces any earlier split.",
  })
  async splitTarget(@Arg('input', () => SplitTargetInput, { description: 'The parent and its parts.' }) input: SplitTargetInput, @Ctx() ctx: Context): Promise<SplitTargetPayload> {
    const parts = input.parts.map((part, i) => ({ subject: subjectFrom(part, `parts.${i}.`), value: part.value }));
    return service(ctx).split(decodeId(input.parentId, 'Target', 'parentId'), parts);
  }

  @Authorized(StaffPermission.TARGETS_MANAGE)
  @Mutation(() => DeleteTargetPayload, { description: 'Deletes a target of your subtree; CONFLICT while it is split into children.' })
  async deleteTarget(@Arg('input', () => DeleteTargetInput, { description: 'Which target.' }) input: DeleteTargetInput, @Ctx() ctx: Context): Promise<DeleteTargetPayload> {
    const id = decodeId(input.id, 'Target', 'id');
    await service(ctx).delete(id);
    return { deletedTargetId: toGlobalId('Target', id) };
  }

  @FieldResolver(() => TargetSubjectKind, { description: 'Whether the target is an org unit\'s or a person\'s.' })
  subjectKind(@Root() target: Target): TargetSubjectKind {
    return target.user ? TargetSubjectKind.USER : TargetSubjectKind.ORG_UNIT;
  }

  @FieldResolver(() => OrgUnit, { description: "The org unit whose target it is; for a person's target, the person's unit when it was set." })
  async orgUnit(@Root() target: Target, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(target.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "The person whose target it is; null for an org unit's target." })
  user(@Root() target: Target, @Ctx() ctx: Context): Promise<User | null> | null {
    return target.user ? ctx.loaders.user.load(target.user.id) : null;
  }

  @FieldResolver(() => MeasureScalar, { description: 'The target value: a count, CNY, or a percent for COLLECTION_RATE.' })
  value(@Root() target: Target): string {
    return formatMeasure(target.metric, target.value);
  }

  @FieldResolver(() => MeasureScalar, {
    description: 'What has been attained so far in the period 完成值, live from the day\'s facts (an org unit counts its whole subtree; COLLECTION_RATE in percent).',
  })
  attained(@Root() target: Target, @Ctx() ctx: Context): Promise<string> {
    return ctx.loaders.targetAttained.load(target);
  }

  @FieldResolver(() => MeasureScalar, { nullable: true, description: 'attained ÷ value in percent 完成率 (2 decimals); null for a target of 0.' })
  async attainmentPercent(@Root() target: Target, @Ctx() ctx: Context): Promise<string | null> {
    return attainmentPercent(target, await ctx.loaders.targetAttained.load(target));
  }

  @FieldResolver(() => TargetStatus, { description: 'ON_TRACK or BEHIND compared with the share of the period before today (company time zone).' })
  async status(@Root() target: Target, @Ctx() ctx: Context): Promise<TargetStatus> {
    return statusOf(target, await ctx.loaders.targetAttained.load(target));
  }

  @FieldResolver(() => [Target], { description: 'The targets this one is split into 分解目标 (empty when not split), in the order they were created.' })
  children(@Root() target: Target, @Ctx() ctx: Context): Promise<Target[]> {
    return ctx.loaders.targetChildren.load(target.id);
  }

  @FieldResolver(() => MeasureScalar, {
    nullable: true,
    description:
      "value − the children's values 未分解: non-zero after the value changed since the split (negative when the children ask for more). Null when not split, and always for COLLECTION_RATE (rates are not summed).",
  })
  async unallocated(@Root() target: Target, @Ctx() ctx: Context): Promise<string | null> {
    if (!isSummable(target.metric)) return null;
    const children = await ctx.loaders.targetChildren.load(target.id);
    if (!children.length) return null;
    const sum = children.reduce((total, child) => total.plus(child.value), new Decimal(0));
    return formatMeasure(target.metric, new Decimal(target.value).minus(sum));
  }

  @FieldResolver(() => Target, { nullable: true, description: 'The target this one was split from; null when set directly, or when the parent lies outside your subtree.' })
  async parent(@Root() target: Target, @Ctx() ctx: Context): Promise<Target | null> {
    return target.parent ? visibleTarget(ctx, await ctx.loaders.target.load(target.parent.id)) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who set the value last; null for the system.' })
  setBy(@Root() target: Target, @Ctx() ctx: Context): Promise<User | null> | null {
    return target.setBy ? ctx.loaders.user.load(target.setBy.id) : null;
  }
}
