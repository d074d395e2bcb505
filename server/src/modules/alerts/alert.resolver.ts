/** GraphQL API of alerts: the board's list, working an alert, and the live subscriptions. */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { isEventVisible, subscriptionScope } from '../../graphql/subscription-scope.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import type { DomainEvent } from '../../events/domain-events.js';
import { ApiKeyScope, StaffPermission } from '../auth/permissions.js';
import { can, requirePermission } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Alert, type AlertKind, type AlertSeverity } from './alert.entity.js';
import { AlertErrors } from './alert.errors.js';
import { AlertService } from './alert.service.js';
import { alertStream, type AlertPush } from './alert.stream.js';
import {
  AcknowledgeAlertInput,
  AcknowledgeAlertPayload,
  AlertChange,
  AlertChangeKind,
  AlertConnection,
  AlertFilter,
  AlertStreamFilterInput,
  ArrearsAlertPush,
  AssignAlertInput,
  AssignAlertPayload,
  ResolveAlertInput,
  ResolveAlertPayload,
} from './dto/alert.inputs.js';

const optionalId = (value: string | null | undefined, type: string, field: string) => (value ? decodeId(value, type, field) : null);

const CHANGE_OF_EVENT: Partial<Record<DomainEvent['kind'], AlertChangeKind>> = {
  'alert.acknowledged': AlertChangeKind.ACKNOWLEDGED,
  'alert.assigned': AlertChangeKind.ASSIGNED,
  'alert.resolved': AlertChangeKind.RESOLVED,
};

/** The `since` argument: a seq received earlier (a decimal number). */
function parseSince(since: unknown): bigint | null {
  if (since === null || since === undefined) return null;
  if (typeof since !== 'string' || !/^(0|[1-9][0-9]{0,17})$/.test(since)) {
    throw AppError.badInput([{ field: 'since', message: 'must be the seq of an alert received earlier' }]);
  }
  return BigInt(since);
}

/** The stream filter of a subscription: the viewer's scope narrowed by the arguments. */
async function streamFilter(ctx: Context, raw: unknown) {
  const args = (raw ?? {}) as { orgUnitId?: string | null; kinds?: AlertKind[] | null; severities?: AlertSeverity[] | null };
  if (args.orgUnitId) decodeId(args.orgUnitId, 'OrgUnit', 'filter.orgUnitId');
  const scope = await subscriptionScope(ctx, args.orgUnitId, 'filter.orgUnitId');
  return { scope, kinds: args.kinds?.length ? args.kinds : null, severities: args.severities?.length ? args.severities : null };
}

async function loadAlert(ctx: Context, id: number): Promise<Alert> {
  const alert = await ctx.loaders.alert.load(id);
  if (!alert) throw AlertErrors.notFound();
  return alert;
}

@Resolver(() => Alert)
export class AlertResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => AlertConnection, { description: 'Alerts 预警 of the customers you may see (a rep: its own customers\'), newest first: the collection board.' })
  async alerts(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => AlertFilter, { nullable: true, description: 'Conditions; all must hold.' }) filterArg: AlertFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).listAlerts({
      first,
      afterId: after ? (decodeCursor(after, ['number'])[0] as number) : null,
      orgUnitId: optionalId(filterArg?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      kinds: filterArg?.kinds,
      severities: filterArg?.severities,
      open: filterArg?.open ?? null,
      ownerId: optionalId(filterArg?.ownerId, 'User', 'filter.ownerId'),
    });
    return toConnection(rows, first, after, totalCount, (row) => [row.id]);
  }

  @Authorized(ApiKeyScope.VISITS_WRITE)
  @Mutation(() => AcknowledgeAlertPayload, {
    description: 'Acknowledges an open alert: someone has seen it and is on it (needs visits:write, held by everyone who follows up on customers). Acknowledging twice changes nothing; a resolved alert is CONFLICT.',
  })
  async acknowledgeAlert(@Arg('input', () => AcknowledgeAlertInput, { description: 'Which alert.' }) input: AcknowledgeAlertInput, @Ctx() ctx: Context): Promise<AcknowledgeAlertPayload> {
    return { alert: await service(ctx).acknowledge(decodeId(input.alertId, 'Alert', 'alertId')) };
  }

  @Authorized(ApiKeyScope.VISITS_WRITE)
  @Mutation(() => AssignAlertPayload, {
    description: "Gives an open alert to someone to work (needs customers:assign): an active staff member within your subtree at the customer's org unit or above it. A resolved alert is CONFLICT.",
  })
  async assignAlert(@Arg('input', () => AssignAlertInput, { description: 'Which alert, to whom.' }) input: AssignAlertInput, @Ctx() ctx: Context): Promise<AssignAlertPayload> {
    if (!can(ctx.auth.viewer, StaffPermission.CUSTOMERS_ASSIGN)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Assigning an alert requires the permission customers:assign', [], { requires: [StaffPermission.CUSTOMERS_ASSIGN] });
    }
    return { alert: await service(ctx).assign(decodeId(input.alertId, 'Alert', 'alertId'), decodeId(input.assigneeId, 'User', 'assigneeId')) };
  }

  @Authorized(ApiKeyScope.VISITS_WRITE)
  @Mutation(() => ResolveAlertPayload, { description: 'Resolves an open alert with a note saying how (needs visits:write). A resolved alert is CONFLICT.' })
  async resolveAlert(@Arg('input', () => ResolveAlertInput, { description: 'Which alert and how it was resolved.' }) input: ResolveAlertInput, @Ctx() ctx: Context): Promise<ResolveAlertPayload> {
    return { alert: await service(ctx).resolve(decodeId(input.alertId, 'Alert', 'alertId'), input.note) };
  }

  @Subscription(() => ArrearsAlertPush, {
    description:
      'Alerts as they are raised (needs alerts:subscribe). With `since` (the seq of the last alert received) it first replays every alert committed after it that you may see, in commit order, then goes live: nothing is lost or pushed twice across reconnects and server restarts. Without `since` only new alerts.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
      const since = parseSince(args.since);
      const { scope, kinds, severities } = await streamFilter(ctx, args.filter);
      return alertStream(
        () => ctx.events.subscribe(),
        (sql, params) => ctx.em.execute(sql, params),
        { rootPath: scope.rootPath, repId: scope.repId, kinds, severities },
        since,
      );
    },
  })
  async arrearsAlerts(
    @Root() push: AlertPush,
    @Arg('since', () => ID, { nullable: true, description: 'The seq of the last alert received; replay starts after it. Omitted: only new alerts.' }) _since: string | null,
    @Arg('filter', () => AlertStreamFilterInput, { nullable: true, description: 'Conditions; all must hold.' }) _filter: AlertStreamFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<ArrearsAlertPush> {
    ctx.refresh();
    // The viewer may have lost the right since it subscribed.
    requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
    return { seq: push.seq, replayed: push.replayed, alert: await loadAlert(ctx, push.alertId) };
  }

  @Subscription(() => AlertChange, {
    description: 'Alerts acknowledged, assigned or resolved, for the live board (needs alerts:subscribe), pushed once they commit.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
      const { scope, kinds, severities } = await streamFilter(ctx, args.filter);
      return pipe(
        ctx.events.subscribe(),
        filter(
          (event: DomainEvent) =>
            CHANGE_OF_EVENT[event.kind] !== undefined &&
            isEventVisible(event, scope) &&
            (kinds === null || kinds.includes(event.payload.alertKind as AlertKind)) &&
            (severities === null || severities.includes(event.payload.severity as AlertSeverity)),
        ),
      );
    },
  })
  async alertChanged(
    @Root() event: DomainEvent,
    @Arg('filter', () => AlertStreamFilterInput, { nullable: true, description: 'Conditions; all must hold.' }) _filter: AlertStreamFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<AlertChange> {
    ctx.refresh();
    requirePermission(ctx.auth.viewer, ApiKeyScope.ALERTS_SUBSCRIBE);
    const alert = await loadAlert(ctx, Number(event.payload.alertId));
    return { eventId: event.id, change: CHANGE_OF_EVENT[event.kind]!, alert, occurredAt: new Date(event.createdAt) };
  }

  @FieldResolver(() => Customer, { description: 'The customer concerned.' })
  async customer(@Root() alert: Alert, @Ctx() ctx: Context): Promise<Customer> {
    const customer = await ctx.loaders.customer.load(alert.customer.id);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 concerned, if one.' })
  serviceAccount(@Root() alert: Alert, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return alert.serviceAccount ? ctx.loaders.serviceAccount.load(alert.serviceAccount.id) : null;
  }

  @FieldResolver(() => OrgUnit, { description: "The customer's org unit when the alert was raised." })
  async orgUnit(@Root() alert: Alert, @Ctx() ctx: Context): Promise<OrgUnit> {
    return (await ctx.loaders.orgUnit.load(alert.orgUnit.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who should act: the account's collector or rep; null when nobody is." })
  owner(@Root() alert: Alert, @Ctx() ctx: Context): Promise<User | null> | null {
    return alert.owner ? ctx.loaders.user.load(alert.owner.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who acknowledged it; null until acknowledged or when a partner tool did.' })
  acknowledgedBy(@Root() alert: Alert, @Ctx() ctx: Context): Promise<User | null> | null {
    return alert.acknowledgedBy ? ctx.loaders.user.load(alert.acknowledgedBy.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who it is assigned to; null if nobody.' })
  assignedTo(@Root() alert: Alert, @Ctx() ctx: Context): Promise<User | null> | null {
    return alert.assignedTo ? ctx.loaders.user.load(alert.assignedTo.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who resolved it; null while open or when it was resolved automatically (a payment cleared the arrears).' })
  resolvedBy(@Root() alert: Alert, @Ctx() ctx: Context): Promise<User | null> | null {
    return alert.resolvedBy ? ctx.loaders.user.load(alert.resolvedBy.id) : null;
  }
}

function service(ctx: Context): AlertService {
  return new AlertService(ctx.em, ctx.scope(), ctx.actor());
}
