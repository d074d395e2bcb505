// The customer's timeline, newest first, one page at a time: the first page
// comes with the page's query; when the end of the list scrolls into view
// the next page is fetched with the last cursor and appended (the cache
// merges pages, see apollo/cache.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FragmentType } from '@apollo/client';
import { useApolloClient, useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { readError } from '../../lib/graphql-errors';
import { TimelineEntryItem } from './TimelineEntryItem';

export const TIMELINE_PAGE = 20;

/** One page of the timeline: what the first page and every next page read. Spread with `@unmask`. */
export const TimelinePanel_page = graphql(`
  fragment TimelinePanel_page on TimelineConnection {
    totalCount
    edges {
      cursor
      node {
        id
        ...TimelineEntryItem_entry
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`);

export const TimelinePanel_customer = graphql(`
  fragment TimelinePanel_customer on Customer {
    id
    timeline(first: 20) {
      ...TimelinePanel_page @unmask
    }
  }
`);

export const customerTimelinePageQuery = graphql(`
  query CustomerTimelinePage($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      timeline(first: $first, after: $after) {
        ...TimelinePanel_page @unmask
      }
    }
  }
`);

export function TimelinePanel({ customer }: { readonly customer: FragmentType<typeof TimelinePanel_customer> }) {
  const { t } = useTranslation();
  const client = useApolloClient();
  const { data, complete } = useFragment({ fragment: TimelinePanel_customer, fragmentName: 'TimelinePanel_customer', from: customer });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);

  const timeline = complete ? data.timeline : null;
  const hasNextPage = timeline?.pageInfo.hasNextPage ?? false;
  const endCursor = timeline?.pageInfo.endCursor ?? null;
  const customerId = complete ? data.id : null;

  const loadMore = useCallback(async () => {
    if (inFlight.current || !hasNextPage || !endCursor || !customerId) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    try {
      await client.query({
        query: customerTimelinePageQuery,
        variables: { id: customerId, first: TIMELINE_PAGE, after: endCursor },
        fetchPolicy: 'network-only',
      });
    } catch (e) {
      setError(readError(e).message);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [client, customerId, endCursor, hasNextPage]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage || error) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void loadMore();
      },
      { rootMargin: '200px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore, hasNextPage, error]);

  if (!timeline) return null;
  return (
    <section className="c360-panel c360-timeline" aria-labelledby="c360-timeline">
      <h2 id="c360-timeline">{t('c360.timeline.heading', { count: timeline.totalCount })}</h2>
      {timeline.edges.length === 0 ? (
        <p className="muted">{t('c360.timeline.empty')}</p>
      ) : (
        <ol className="timeline" aria-busy={loading}>
          {timeline.edges.map((edge) => (
            <TimelineEntryItem key={edge.node.id} entry={edge.node} />
          ))}
        </ol>
      )}
      <div ref={sentinel} className="timeline-end">
        {error ? (
          <p className="notice notice-error" role="alert">
            {t('c360.timeline.error', { message: error })}{' '}
            <button type="button" onClick={() => void loadMore()}>
              {t('customers.retry')}
            </button>
          </p>
        ) : loading ? (
          <p className="muted" role="status">
            {t('customers.loadingMore')}
          </p>
        ) : hasNextPage ? (
          // Keyboard and no-IntersectionObserver fallback.
          <button type="button" onClick={() => void loadMore()}>
            {t('customers.loadMore')}
          </button>
        ) : timeline.edges.length > 0 ? (
          <p className="muted">{t('c360.timeline.end')}</p>
        ) : null}
      </div>
    </section>
  );
}
