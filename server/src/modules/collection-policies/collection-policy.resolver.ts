/**
 * GraphQL API of collection policies 催收策略: anyone who reads receivables
 * may read their company's policy (it explains their worklist); only admins
 * (policies:manage) change it.
 */
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { User } from '../org/user.entity.js';
import { BigUserThreshold, CollectionPolicy } from './collection-policy.entity.js';
import { CollectionPolicyService, UTILITY_UNITS, bigUserThresholdsOf } from './collection-policy.service.js';
import { UpdateCollectionPolicyInput, UpdateCollectionPolicyPayload } from './dto/collection-policy.inputs.js';
import type { Utility } from '../customers/customer.enums.js';

function service(ctx: Context): CollectionPolicyService {
  return new CollectionPolicyService(ctx.em, ctx.scope(), ctx.actor());
}

@Resolver(() => CollectionPolicy)
export class CollectionPolicyResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => CollectionPolicy, { description: "Your company's collection policy 催收策略 (the defaults while none was saved)." })
  collectionPolicy(@Ctx() ctx: Context): Promise<CollectionPolicy> {
    return service(ctx).get();
  }

  @Authorized(StaffPermission.POLICIES_MANAGE)
  @Mutation(() => UpdateCollectionPolicyPayload, { description: "Changes your company's collection policy 催收策略 (admins); audited. Omitted settings stay as they are." })
  async updateCollectionPolicy(
    @Arg('input', () => UpdateCollectionPolicyInput, { description: 'The settings to change.' }) input: UpdateCollectionPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateCollectionPolicyPayload> {
    return { collectionPolicy: await service(ctx).update(input) };
  }

  @FieldResolver(() => [BigUserThreshold], { description: 'Big-user thresholds 大客户阈值, one per utility.' })
  bigUserThresholds(@Root() policy: CollectionPolicy): BigUserThreshold[] {
    return Object.entries(bigUserThresholdsOf(policy)).map(([utility, threshold]) => ({ utility: utility as Utility, threshold, unit: UTILITY_UNITS[utility as Utility] }));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who changed the policy last; null while the defaults apply or when changed by a partner tool.' })
  updatedBy(@Root() policy: CollectionPolicy, @Ctx() ctx: Context): Promise<User | null> | null {
    return policy.updatedBy ? ctx.loaders.user.load(policy.updatedBy.id) : null;
  }
}
