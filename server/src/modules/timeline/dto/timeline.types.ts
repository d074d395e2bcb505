/** The timeline's GraphQL types: its filter, its connection and the union of its subjects. */
import { Field, InputType, ObjectType, createUnionType, type ClassType } from 'type-graphql';
import { PageInfo } from '../../../graphql/connection.js';
import { TimelineEntry, TimelineKind } from '../timeline-entry.js';
import { timelineSubjectTypes, type TimelineSource } from '../timeline.sources.js';
import type { TimelineFilter } from '../timeline.service.js';

@InputType({ description: 'Which timeline entries to list; all conditions must hold.' })
export class TimelineFilterInput {
  @Field(() => [TimelineKind], { nullable: true, description: 'Only entries of these kinds; all kinds when omitted or empty.' })
  kinds?: TimelineKind[] | null;

  @Field(() => Date, { nullable: true, description: 'Only entries that happened at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only entries that happened before this instant; must be later than `from`.' })
  to?: Date | null;
}

/**
 * What an entry is about. Its members are the subject types of the
 * registered sources (timeline.sources.ts), read when the schema is built.
 */
export const TimelineSubject = createUnionType({
  name: 'TimelineSubject',
  description: 'The record a timeline entry is about; its type follows the entry\'s kind.',
  types: () => timelineSubjectTypes() as unknown as [ClassType, ...ClassType[]],
});

@ObjectType('TimelineEdge', { description: 'One timeline entry in a page, with its cursor.' })
export class TimelineEdge {
  @Field(() => String, { description: 'Opaque cursor of this entry.' })
  cursor!: string;

  @Field(() => TimelineEntry, { description: 'The entry.' })
  node!: TimelineEntry;
}

@ObjectType('TimelineConnection', { description: "A page of a customer's timeline, newest first." })
export class TimelineConnection {
  @Field(() => [TimelineEdge], { description: 'The entries of this page, newest first; entries at the same instant by kind, then newest record first.' })
  edges!: TimelineEdge[];

  @Field(() => PageInfo, { description: 'Cursors and whether more entries exist.' })
  pageInfo!: PageInfo;

  /** What totalCount counts (it runs only when asked). */
  customerId!: number;
  filter!: TimelineFilter;
  sources!: TimelineSource[];
}
