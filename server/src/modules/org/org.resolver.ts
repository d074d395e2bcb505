/** GraphQL API of the org tree and staff users. */
import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ApiKeyScope } from '../auth/permissions.js';
import type { Context } from '../../graphql/context.js';
import { OrgUnit } from './org-unit.entity.js';
import { OrgService, isInSubtree } from './org.service.js';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Authorized(ApiKeyScope.ORG_READ)
  @Query(() => [OrgUnit], { description: 'Your part of the org tree as a flat list, parents before their children.' })
  orgUnits(@Ctx() ctx: Context): Promise<OrgUnit[]> {
    return new OrgService(ctx.em).listOrgUnits(ctx.scope().orgPath);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'The unit above; null for the company and above the root of what you may see.' })
  async parent(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit | null> {
    if (!unit.parent) return null;
    const parent = await ctx.loaders.orgUnit.load(unit.parent.id);
    return parent && isInSubtree(parent.path, ctx.scope().orgPath) ? parent : null;
  }

  @FieldResolver(() => [OrgUnit], { description: 'The units directly below, by code.' })
  children(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit[]> {
    return ctx.loaders.orgUnitChildren.load(unit.id);
  }
}
