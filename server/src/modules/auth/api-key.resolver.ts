/** GraphQL API of partner API keys, for admins. */
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { decodeId } from '../../graphql/global-id.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyService } from './api-key.service.js';
import { StaffPermission } from './permissions.js';
import { ApiKeyIdInput, ApiKeySecretPayload, CreateApiKeyInput, RevokeApiKeyPayload } from './dto/auth.types.js';

@Authorized(StaffPermission.APIKEYS_MANAGE)
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'API keys in your subtree, oldest first. Secrets are never shown again.' })
  apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    return new ApiKeyService(ctx.em, ctx.scope(), ctx.actor()).listApiKeys();
  }

  @Mutation(() => ApiKeySecretPayload, { description: 'Creates a key; the response is the only time its secret is shown.' })
  createApiKey(@Arg('input', () => CreateApiKeyInput, { description: 'The new key.' }) input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<ApiKeySecretPayload> {
    return new ApiKeyService(ctx.em, ctx.scope(), ctx.actor()).createApiKey({
      name: input.name,
      scopes: input.scopes,
      orgUnitId: decodeId(input.orgUnitId, 'OrgUnit', 'orgUnitId'),
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    });
  }

  @Mutation(() => ApiKeySecretPayload, { description: 'Gives a key a new secret; the old secret stops working at once.' })
  rotateApiKey(@Arg('input', () => ApiKeyIdInput, { description: 'The key.' }) input: ApiKeyIdInput, @Ctx() ctx: Context): Promise<ApiKeySecretPayload> {
    return new ApiKeyService(ctx.em, ctx.scope(), ctx.actor()).rotateApiKey(decodeId(input.id, 'ApiKey', 'id'));
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes a key: its requests fail and its subscriptions close at once.' })
  async revokeApiKey(@Arg('input', () => ApiKeyIdInput, { description: 'The key.' }) input: ApiKeyIdInput, @Ctx() ctx: Context): Promise<RevokeApiKeyPayload> {
    return { apiKey: await new ApiKeyService(ctx.em, ctx.scope(), ctx.actor()).revokeApiKey(decodeId(input.id, 'ApiKey', 'id')) };
  }
}
