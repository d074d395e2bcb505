/**
 * GraphQL API of saved views 常用筛选: thin mapping onto SavedViewService.
 * Any signed-in staff user keeps views; the filter is checked against the
 * page's filter input type of this very schema (saved-view.filters.ts), then
 * tried on the page's list itself, so a stored view never holds a filter the
 * list would refuse (an org unit outside your subtree, a station without
 * coordinates).
 */
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { execute, parse, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../graphql/context.js';
import { ErrorCode, toClientError, type FieldError } from '../../graphql/errors.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import type { StaffViewer, Viewer } from '../auth/viewer.js';
import { User } from '../org/user.entity.js';
import { SavedView, SavedViewPage } from './saved-view.entity.js';
import { SavedViewErrors as E } from './saved-view.errors.js';
import { checkViewFilter } from './saved-view.filters.js';
import { SavedViewService } from './saved-view.service.js';
import { DeleteSavedViewInput, DeleteSavedViewPayload, SaveViewInput, SaveViewPayload } from './dto/saved-view.inputs.js';

function staff(viewer: Viewer): StaffViewer {
  if (viewer.kind !== 'user') throw E.staffOnly();
  return viewer;
}

function service(ctx: Context): SavedViewService {
  return new SavedViewService(ctx.em, staff(ctx.auth.viewer));
}

/** The node(id:) loader: a view the viewer may see, or null (API keys see none). */
export function savedViewNode(ctx: Context, id: number): Promise<SavedView | null> {
  return ctx.auth.viewer.kind === 'user' ? service(ctx).findVisible(id) : Promise.resolve(null);
}

/** The page's own list, asked for one row with the filter: what it refuses, the view may not hold. */
const TRIAL: Record<SavedViewPage, ReturnType<typeof parse>> = {
  [SavedViewPage.CUSTOMERS]: parse(`query SavedViewTrial($filter: CustomerFilter) { customers(first: 1, filter: $filter) { totalCount } }`),
  [SavedViewPage.PROSPECTS]: parse(`query SavedViewTrial($filter: CustomerFilter) { customers(first: 1, filter: $filter) { totalCount } }`),
  [SavedViewPage.CONTRACTS]: parse(`query SavedViewTrial($filter: ExpiringContractsFilter) { expiringContracts(withinDays: 1, first: 1, filter: $filter) { totalCount } }`),
};

async function tryOnList(ctx: Context, info: GraphQLResolveInfo, page: SavedViewPage, filter: Record<string, unknown>): Promise<FieldError[]> {
  const result = await execute({ schema: info.schema, document: TRIAL[page], contextValue: ctx, variableValues: { filter } });
  const refusal = result.errors?.map((e) => toClientError(e.originalError ?? e)).find((e) => e && e.code !== ErrorCode.INTERNAL_SERVER_ERROR);
  if (!refusal) {
    if (result.errors?.length) throw result.errors[0]!.originalError ?? result.errors[0]!;
    return [];
  }
  // The list names its fields `filter.<field>` already; a refusal without fields concerns the filter as a whole.
  return refusal.fields?.length ? refusal.fields : [{ field: 'filter', message: refusal.message }];
}

@Resolver(() => SavedView)
export class SavedViewResolver {
  @Authorized()
  @Query(() => [SavedView], { description: 'Your saved views 常用筛选 of a list page and those shared with your org subtree, by name. Staff users only.' })
  savedViews(@Arg('page', () => SavedViewPage, { description: 'The list page.' }) page: SavedViewPage, @Ctx() ctx: Context): Promise<SavedView[]> {
    return service(ctx).list(page);
  }

  @Authorized()
  @Mutation(() => SaveViewPayload, {
    description: "Saves a filter of a list page under a name. The filter must be one the page's list accepts (BAD_USER_INPUT otherwise); a name you already use on the page is CONFLICT.",
  })
  async saveView(
    @Arg('input', () => SaveViewInput, { description: 'The view.' }) input: SaveViewInput,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SaveViewPayload> {
    const views = service(ctx);
    const checked = await checkViewFilter(info.schema, input.page, input.filter);
    if ('problems' in checked) throw E.badFilter(checked.problems);
    const refused = await tryOnList(ctx, info, input.page, checked.filter);
    if (refused.length) throw E.badFilter(refused);
    const view = await views.save({ page: input.page, name: input.name, filter: checked.filter, orderBy: input.orderBy, shared: input.shared });
    return { view };
  }

  @Authorized()
  @Mutation(() => DeleteSavedViewPayload, { description: 'Deletes one of your own saved views; anyone else’s, shared or not, is NOT_FOUND.' })
  async deleteSavedView(
    @Arg('input', () => DeleteSavedViewInput, { description: 'Which view.' }) input: DeleteSavedViewInput,
    @Ctx() ctx: Context,
  ): Promise<DeleteSavedViewPayload> {
    const id = decodeId(input.id, 'SavedView', 'id');
    await service(ctx).delete(id);
    return { deletedId: toGlobalId('SavedView', id) };
  }

  @FieldResolver(() => User, { description: 'Who saved it.' })
  async owner(@Root() view: SavedView, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.user.load(view.owner.id))!;
  }

  @FieldResolver(() => Boolean, { description: 'True when it is yours (you may delete it).' })
  isMine(@Root() view: SavedView, @Ctx() ctx: Context): boolean {
    return ctx.auth.viewer.kind === 'user' && ctx.auth.viewer.userId === view.owner.id;
  }
}
