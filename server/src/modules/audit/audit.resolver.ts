/** GraphQL API of the audit log, for admins: filtered by object, kind, action, actor and day range (company time zone). */
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../calendar.js';
import type { Context } from '../../graphql/context.js';
import { PageArgs, connectionTypes, decodeCursor, toConnection } from '../../graphql/connection.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { AppError } from '../../graphql/errors.js';
import { StaffPermission } from '../auth/permissions.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { User } from '../org/user.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditService } from './audit.service.js';

@InputType({ description: 'Which audit entries to list.' })
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Only changes to this object (any global ID).' })
  @IsOptional()
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. customer.update.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes to objects of this kind, e.g. Customer, User, ApiKey.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes made by this actor: a User or an ApiKey global ID.' })
  @IsOptional()
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes on or after this day (YYYY-MM-DD, company time zone).' })
  @IsOptional()
  @IsCalendarDate()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes on or before this day (YYYY-MM-DD, company time zone); not before `from`.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string | null;
}

export const { ConnectionType: AuditEntryConnection } = connectionTypes(AuditEntry, 'AuditEntry', 'audit entry');

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(StaffPermission.AUDIT_READ)
  @Query(() => AuditEntryConnection, { description: 'Who changed what and when, newest first.' })
  async auditEntries(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Conditions.' }) filter: AuditFilter | null,
    @Ctx() ctx: Context,
  ) {
    let entity: { type: string; id: number } | null = null;
    if (filter?.entityId) {
      entity = parseGlobalId(filter.entityId);
      if (!entity) throw AppError.badInput([{ field: 'filter.entityId', message: 'is not a valid ID' }]);
    }
    let actor: { userId?: number; apiKeyId?: number } | null = null;
    if (filter?.actorId) {
      const parsed = parseGlobalId(filter.actorId);
      if (parsed?.type === 'User') actor = { userId: parsed.id };
      else if (parsed?.type === 'ApiKey') actor = { apiKeyId: parsed.id };
      else throw AppError.badInput([{ field: 'filter.actorId', message: 'is not a valid User or ApiKey ID' }]);
    }
    if (filter?.from && filter.to && filter.to < filter.from) throw AppError.badInput([{ field: 'filter.to', message: 'must not be before from' }]);
    // An ID of another kind than the one asked for matches nothing.
    if (entity && filter?.entityType && filter.entityType !== entity.type) return toConnection([] as AuditEntry[], first, after, 0, (row) => [String(row.id)]);
    const afterId = after ? String(decodeCursor(after, ['string'])[0]) : null;
    const { rows, totalCount } = await new AuditService(ctx.em).listEntries({
      first,
      afterId,
      entityType: entity?.type ?? filter?.entityType,
      entityId: entity?.id,
      action: filter?.action,
      actorUserId: actor?.userId,
      actorApiKeyId: actor?.apiKeyId,
      from: filter?.from,
      to: filter?.to,
    });
    return toConnection(rows, first, after, totalCount, (row) => [String(row.id)]);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The staff user who made the change.' })
  actorUser(@Root() entry: AuditEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.actorUser ? ctx.loaders.user.load(entry.actorUser.id) : null;
  }

  @FieldResolver(() => ApiKey, { nullable: true, description: 'The API key that made the change.' })
  actorApiKey(@Root() entry: AuditEntry, @Ctx() ctx: Context): Promise<ApiKey | null> | null {
    return entry.actorApiKey ? ctx.loaders.apiKey.load(entry.actorApiKey.id) : null;
  }
}
