/** GraphQL API of the org tree and staff users. */
import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { OrgUnit } from './org-unit.entity.js';
import { User } from './user.entity.js';
import { OrgService } from './org.service.js';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => [OrgUnit], { description: 'The org tree as a flat list, parents before their children.' })
  orgUnits(@Ctx() ctx: Context): Promise<OrgUnit[]> {
    return new OrgService(ctx.em).listOrgUnits();
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'The unit above; null for the company.' })
  parent(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit | null> | null {
    return unit.parent ? ctx.loaders.orgUnit.load(unit.parent.id) : null;
  }

  @FieldResolver(() => [OrgUnit], { description: 'The units directly below, by code.' })
  children(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit[]> {
    return ctx.loaders.orgUnitChildren.load(unit.id);
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => OrgUnit, { description: 'The org unit the user belongs to.' })
  async orgUnit(@Root() user: User, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(user.orgUnit.id))!;
  }
}
