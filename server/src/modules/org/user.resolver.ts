/** GraphQL API of staff users: fields, and administration for admins. */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { StaffPermission } from '../auth/permissions.js';
import { OrgUnit } from './org-unit.entity.js';
import { User } from './user.entity.js';
import { UserService } from './user.service.js';
import { CreateUserInput, UpdateUserInput, UserFilter, UserIdInput, UserPayload } from './dto/user.inputs.js';

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => OrgUnit, { description: 'The org unit the user belongs to.' })
  async orgUnit(@Root() user: User, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(user.orgUnit.id))!;
  }

  @Authorized(StaffPermission.USERS_READ)
  @Query(() => [User], { description: 'Staff users in your subtree (at most 1,000), by id.' })
  users(@Arg('filter', () => UserFilter, { nullable: true, description: 'Conditions.' }) filter: UserFilter | null, @Ctx() ctx: Context): Promise<User[]> {
    return new UserService(ctx.em, ctx.scope(), ctx.actor()).listUsers({
      orgUnitId: filter?.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
      roles: filter?.roles,
      includeDisabled: filter?.includeDisabled,
    });
  }

  @Authorized(StaffPermission.USERS_MANAGE)
  @Mutation(() => UserPayload, { description: 'Creates a staff user with an initial password.' })
  async createUser(@Arg('input', () => CreateUserInput, { description: 'The new user.' }) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserPayload> {
    const user = await new UserService(ctx.em, ctx.scope(), ctx.actor()).createUser({
      login: input.login,
      name: input.name,
      role: input.role,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      password: input.password,
      phone: input.phone ?? null,
    });
    return { user };
  }

  @Authorized(StaffPermission.USERS_MANAGE)
  @Mutation(() => UserPayload, { description: "Changes a user's display name, role or org unit (admins; not your own role); audited. A new role or unit ends the user's open subscriptions." })
  async updateUser(@Arg('input', () => UpdateUserInput, { description: 'The user and what to change.' }) input: UpdateUserInput, @Ctx() ctx: Context): Promise<UserPayload> {
    const user = await new UserService(ctx.em, ctx.scope(), ctx.actor()).updateUser(decodeId(input.id, 'User', 'id'), {
      name: input.name,
      role: input.role,
      orgUnitId: input.orgUnitId ? decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId') : null,
    });
    return { user };
  }

  @Authorized(StaffPermission.USERS_MANAGE)
  @Mutation(() => UserPayload, { description: 'Disables a user: sign-in fails, sessions and subscriptions end at once.' })
  async disableUser(@Arg('input', () => UserIdInput, { description: 'The user.' }) input: UserIdInput, @Ctx() ctx: Context): Promise<UserPayload> {
    return { user: await new UserService(ctx.em, ctx.scope(), ctx.actor()).setDisabled(decodeId(input.id, 'User', 'id'), true) };
  }

  @Authorized(StaffPermission.USERS_MANAGE)
  @Mutation(() => UserPayload, { description: 'Re-enables a disabled user (and clears a login lock).' })
  async enableUser(@Arg('input', () => UserIdInput, { description: 'The user.' }) input: UserIdInput, @Ctx() ctx: Context): Promise<UserPayload> {
    return { user: await new UserService(ctx.em, ctx.scope(), ctx.actor()).setDisabled(decodeId(input.id, 'User', 'id'), false) };
  }
}
