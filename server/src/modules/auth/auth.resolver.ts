/** GraphQL API of sign-in, sessions and the current viewer. */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { AuthService } from './auth.service.js';
import { ApiKey } from './api-key.entity.js';
import { requireViewer } from './viewer.js';
import {
  ChangePasswordInput,
  LoginInput,
  LogoutInput,
  OkPayload,
  RefreshSessionInput,
  SessionPayload,
  ViewerInfo,
  ViewerKind,
} from './dto/auth.types.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => SessionPayload, { description: 'Signs a staff user in. Repeated failures lock the login for a while (RATE_LIMITED with retryAfter).' })
  login(@Arg('input', () => LoginInput, { description: 'Login and password.' }) input: LoginInput, @Ctx() ctx: Context): Promise<SessionPayload> {
    return new AuthService(ctx.em, ctx.signer).login(input.login, input.password, ctx.actor());
  }

  @Mutation(() => SessionPayload, { description: 'Exchanges a refresh token for a new access and refresh token.' })
  refreshSession(@Arg('input', () => RefreshSessionInput, { description: 'The refresh token.' }) input: RefreshSessionInput, @Ctx() ctx: Context): Promise<SessionPayload> {
    return new AuthService(ctx.em, ctx.signer).refresh(input.refreshToken);
  }

  @Mutation(() => OkPayload, { description: 'Ends a session (or all sessions of its user); its refresh token stops working.' })
  async logout(@Arg('input', () => LogoutInput, { description: 'The session to end.' }) input: LogoutInput, @Ctx() ctx: Context): Promise<OkPayload> {
    return { ok: await new AuthService(ctx.em, ctx.signer).logout(input.refreshToken, input.everywhere ?? false) };
  }

  @Authorized()
  @Mutation(() => OkPayload, { description: "Changes the signed-in user's password and ends every session of the user (all refresh tokens, this one's too): sign in again with the new password." })
  async changePassword(
    @Arg('input', () => ChangePasswordInput, { description: 'Current and new password.' }) input: ChangePasswordInput,
    @Ctx() ctx: Context,
  ): Promise<OkPayload> {
    const viewer = requireViewer(ctx.auth.viewer);
    if (viewer.kind !== 'user') throw new AppError(ErrorCode.FORBIDDEN, 'API keys have no password');
    await new AuthService(ctx.em, ctx.signer).changePassword(viewer.userId, input.currentPassword, input.newPassword, ctx.actor());
    return { ok: true };
  }

  @Authorized()
  @Query(() => ViewerInfo, { description: 'Who is calling: the signed-in user or the API key, with its permissions.' })
  async me(@Ctx() ctx: Context): Promise<ViewerInfo> {
    const viewer = requireViewer(ctx.auth.viewer);
    const orgUnit = (await ctx.loaders.orgUnit.load(viewer.orgUnitId))!;
    return {
      kind: viewer.kind === 'user' ? ViewerKind.STAFF : ViewerKind.PARTNER,
      user: viewer.kind === 'user' ? await ctx.loaders.user.load(viewer.userId) : null,
      apiKey: viewer.kind === 'apiKey' ? await ctx.loaders.apiKey.load(viewer.apiKeyId) : null,
      orgUnit,
      permissions: [...viewer.permissions].sort(),
    };
  }
}

@Resolver(() => ApiKey)
export class ApiKeyFieldsResolver {
  @FieldResolver(() => OrgUnit, { description: 'Root of the subtree the key sees.' })
  async orgUnit(@Root() key: ApiKey, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(key.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The admin who created the key.' })
  createdBy(@Root() key: ApiKey, @Ctx() ctx: Context): Promise<User | null> | null {
    return key.createdBy ? ctx.loaders.user.load(key.createdBy.id) : null;
  }
}
