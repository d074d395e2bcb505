/** `node(id:)` and `nodes(ids:)`: any object by its global ID. */
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { parseGlobalId } from './global-id.js';
import { Node } from './node.js';
import { MAX_PAGE_SIZE } from './connection.js';
import { AppError } from './errors.js';

/** How each type's objects are loaded; a module adds its types here. */
const NODE_LOADERS: Record<string, (ctx: Context, id: number) => Promise<object | null>> = {
  OrgUnit: (ctx, id) => ctx.loaders.orgUnit.load(id),
  User: (ctx, id) => ctx.loaders.user.load(id),
  Customer: (ctx, id) => ctx.loaders.customer.load(id),
  Contact: (ctx, id) => ctx.loaders.contact.load(id),
};

function loadNode(ctx: Context, globalId: string): Promise<object | null> {
  const parsed = parseGlobalId(globalId);
  const load = parsed && NODE_LOADERS[parsed.type];
  return load ? load(ctx, parsed.id) : Promise.resolve(null);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when there is none.' })
  node(@Arg('id', () => ID, { description: 'A global ID.' }) id: string, @Ctx() ctx: Context): Promise<object | null> {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: `Several objects by global ID (at most ${MAX_PAGE_SIZE}), in the order asked; null where there is none.` })
  nodes(
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<Array<object | null>> {
    if (ids.length > MAX_PAGE_SIZE) throw AppError.badInput([{ field: 'ids', message: `must list at most ${MAX_PAGE_SIZE} IDs` }]);
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}
