/**
 * Relay connections with keyset cursors. A cursor is an opaque encoding of
 * the sort key of the last row seen, so pages stay stable while rows are
 * inserted, and no OFFSET scan grows with the page number.
 */
import { Field, Int, ObjectType, ArgsType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ClassType } from 'type-graphql';
import { AppError } from './errors.js';
import { QUERY_LIMITS } from './limits.config.js';

/** Rows per page of any list; the value lives with the other query limits. */
export const MAX_PAGE_SIZE = QUERY_LIMITS.maxPageSize;

@ObjectType({ description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more rows follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when rows precede this page (an `after` cursor was given).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `How many rows to return, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` })
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Return rows after this cursor (an `endCursor` from a previous page).' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `<Name>Connection` and `<Name>Edge` types for a node type. */
export function connectionTypes<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque cursor of this row.' })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The rows of this page, in order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Cursors and whether more rows exist.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${what}s match the filter, across all pages.` })
    totalCount!: number;
  }
  return { EdgeType, ConnectionType };
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor whose key must match `shape` (one typeof per element). */
export function decodeCursor(cursor: string, shape: Array<'string' | 'number'>): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key;
  } catch {
    // fall through to the error below
  }
  throw AppError.badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
}

/** Turns `first + 1` fetched rows into a connection. */
export function toConnection<T>(rows: T[], first: number, after: string | null | undefined, totalCount: number, keyOf: (row: T) => unknown[]): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A page of a list keyed by id alone (newest or oldest first): decodes `after`
 * as an [id] cursor, asks `list` for `first + 1` rows, and encodes their ids.
 */
export async function idConnection<T extends { id: number }>(
  { first, after }: { first: number; after?: string | null },
  list: (page: { first: number; after: [number] | null }) => Promise<{ rows: T[]; totalCount: number }>,
): Promise<Connection<T>> {
  const { rows, totalCount } = await list({ first, after: after ? (decodeCursor(after, ['number']) as [number]) : null });
  return toConnection(rows, first, after, totalCount, (row) => [row.id]);
}
