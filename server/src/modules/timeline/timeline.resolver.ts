/** GraphQL API of the timeline: `Customer.timeline` and its entries. */
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { can, type Viewer } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { User } from '../org/user.entity.js';
import { TimelineConnection, TimelineFilterInput, TimelineSubject } from './dto/timeline.types.js';
import { TimelineEntry } from './timeline-entry.js';
import { TimelineErrors } from './timeline.errors.js';
import { sourceOfKind, timelineSources, type TimelineSource } from './timeline.sources.js';
import { TimelineService } from './timeline.service.js';

/** The sources whose entries the viewer may read. */
function readableSources(viewer: Viewer): TimelineSource[] {
  return timelineSources().filter((source) => !source.requires || can(viewer, source.requires));
}

function entryOf(row: Parameters<typeof TimelineEntry.of>[0]): TimelineEntry {
  return TimelineEntry.of(row, sourceOfKind(row.kind)!.code);
}

/** `node(id:)` for timeline entries: null outside the viewer's customers and readable kinds. */
export async function timelineEntryNode(ctx: Context, id: number): Promise<TimelineEntry | null> {
  if (!can(ctx.auth.viewer, ApiKeyScope.CUSTOMERS_READ)) return null;
  const row = await ctx.loaders.timelineEntry(readableSources(ctx.auth.viewer)).load(id);
  return row && entryOf(row);
}

@Resolver(() => Customer)
export class CustomerTimelineResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @FieldResolver(() => TimelineConnection, {
    description:
      'Everything that happened to the customer — lifecycle stages, visits, contract events, the risk ledger, contact changes, ' +
      'service accounts — newest first, one page at a time. Entries at the same instant are ordered by kind, then newest record first; ' +
      'pages do not shift when new entries arrive.',
  })
  async timeline(
    @Root() customer: Customer,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => TimelineFilterInput, { nullable: true, description: 'Kinds and time range to list.' }) filter: TimelineFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<TimelineConnection> {
    const sources = readableSources(ctx.auth.viewer);
    const range = { kinds: filter?.kinds ?? null, from: filter?.from ?? null, to: filter?.to ?? null };
    const key = after ? TimelineService.parseKey(decodeCursor(after, ['string', 'string', 'number'])) : null;
    const rows = await ctx.loaders.timelinePage(sources, { ...range, first, after: key }).load(customer.id);
    if (!rows) throw CustomerErrors.notFound();
    const { edges, pageInfo } = toConnection(rows.map(entryOf), first, after, 0, TimelineService.keyOf);
    return Object.assign(new TimelineConnection(), { edges, pageInfo, customerId: customer.id, filter: range, sources });
  }
}

@Resolver(() => TimelineConnection)
export class TimelineConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many entries match the filter, across all pages (one more SQL statement).' })
  async totalCount(@Root() connection: TimelineConnection, @Ctx() ctx: Context): Promise<number> {
    const total = await ctx.loaders.timelineCount(connection.sources, connection.filter).load(connection.customerId);
    if (total === null) throw CustomerErrors.notFound();
    return total;
  }
}

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @FieldResolver(() => TimelineSubject, { description: 'The record the entry is about; its type follows `kind`.' })
  async subject(@Root() entry: TimelineEntry, @Ctx() ctx: Context): Promise<object> {
    const subject = await ctx.loaders.timelineSubject(sourceOfKind(entry.kind)!.subject).load(entry.sourceId);
    if (!subject) throw TimelineErrors.subjectGone();
    return subject;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who did it, when the record says (null for facts without an author, such as a contact added by an import).' })
  actor(@Root() entry: TimelineEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.actorId === null ? null : ctx.loaders.user.load(entry.actorId);
  }

  @FieldResolver(() => Customer, { description: 'The customer it happened to.' })
  async customer(@Root() entry: TimelineEntry, @Ctx() ctx: Context): Promise<Customer> {
    const customer = await ctx.loaders.customer.load(entry.customerId);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }
}
