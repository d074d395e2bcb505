/**
 * GraphQL API of worklists 工作清单: a person's collection day and the list
 * of worklist items. Reading needs receivables:read; a staff member reads
 * their own day, leads and admins (users:read) anyone's in their subtree.
 */
import { Args, Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { todayIn } from '../../calendar.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { visibleCustomer } from '../customers/customer.loaders.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { WorklistItem } from './worklist-item.entity.js';
import { WorklistErrors } from './worklist.errors.js';
import { WorklistService } from './worklist.service.js';
import { Worklist, WorklistArgs, WorklistArrearsEntry, WorklistItemConnection, WorklistItemFilter } from './dto/worklist.inputs.js';

function service(ctx: Context): WorklistService {
  return new WorklistService(ctx.em, ctx.scope());
}

@Resolver(() => Worklist)
export class WorklistResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => Worklist, { description: "A person's collection day 今日工作清单 (yourself by default): accounts in arrears by priority, policy visits due, promises due, breached plans." })
  async worklist(@Args(() => WorklistArgs) args: WorklistArgs, @Ctx() ctx: Context): Promise<Worklist> {
    const viewer = ctx.auth.viewer;
    let ownerId = args.ownerId ? decodeId(args.ownerId, 'User', 'ownerId') : null;
    if (ownerId === null && viewer.kind === 'user') ownerId = viewer.userId;
    else if (viewer.kind === 'user' && ownerId !== viewer.userId && !can(viewer, StaffPermission.USERS_READ)) throw WorklistErrors.othersWorklist();
    return service(ctx).day({
      ownerId,
      orgUnitId: args.orgUnitId ? decodeId(args.orgUnitId, 'OrgUnit', 'orgUnitId') : null,
      date: args.date ?? todayIn(),
      first: args.limit,
    });
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => WorklistItemConnection, { description: 'Worklist items 策略催收任务 of the customers you may see, earliest due first.' })
  async worklistItems(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => WorklistItemFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: WorklistItemFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).list({
      first,
      after: after ? decodeCursor(after, ['string', 'number']) : null,
      statuses: filter?.statuses,
      kinds: filter?.kinds,
      ownerId: filter?.ownerId ? decodeId(filter.ownerId, 'User', 'filter.ownerId') : null,
      dueBy: filter?.dueBy,
      orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.dueOn, row.id]);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Whose worklist it is; null for everyone in scope (partner keys).' })
  owner(@Root() worklist: Worklist, @Ctx() ctx: Context): Promise<User | null> | null {
    return worklist.ownerId ? ctx.loaders.user.load(worklist.ownerId) : null;
  }
}

@Resolver(() => WorklistArrearsEntry)
export class WorklistArrearsEntryResolver {
  @FieldResolver(() => ServiceAccount, { description: 'The service account 户号 in arrears.' })
  async serviceAccount(@Root() entry: WorklistArrearsEntry, @Ctx() ctx: Context): Promise<ServiceAccount> {
    return (await ctx.loaders.serviceAccount.load(entry.serviceAccountId))!;
  }

  @FieldResolver(() => Customer, { description: 'The customer who owes.' })
  customer(@Root() entry: WorklistArrearsEntry, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, entry.customerId);
  }
}

@Resolver(() => WorklistItem)
export class WorklistItemResolver {
  @FieldResolver(() => Customer, { description: 'The customer concerned.' })
  customer(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<Customer> {
    return visibleCustomer(ctx.loaders, item.customer.id);
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 concerned; null for customer-wide items (big users, risk checks).' })
  serviceAccount(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return item.serviceAccount ? ctx.loaders.serviceAccount.load(item.serviceAccount.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who should do it: the account's collector 收费员, else the customer's responsible rep; null when neither is set." })
  owner(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<User | null> | null {
    return item.owner ? ctx.loaders.user.load(item.owner.id) : null;
  }

  @FieldResolver(() => OrgUnit, { description: "The customer's org unit." })
  async orgUnit(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(item.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who did it (the recorder of the collection visit); null unless a visit closed it.' })
  doneBy(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<User | null> | null {
    return item.doneBy ? ctx.loaders.user.load(item.doneBy.id) : null;
  }

  @FieldResolver(() => Visit, { nullable: true, description: 'The collection visit 催收走访 that fulfilled it; null unless a visit closed it.' })
  visit(@Root() item: WorklistItem, @Ctx() ctx: Context): Promise<Visit | null> | null {
    return item.visit ? ctx.loaders.visit.load(item.visit.id) : null;
  }
}
