// The customer console: filters (with saved views 常用筛选 and an Excel
// export of the same filter), the table, paging, live updates and the
// new-customer form. The page's one list query is composed of the rows'
// fragment; the subscription keeps it current (see use-customer-changes.ts
// and customer-cache.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { PanelState } from '../../components/PanelState';
import { useConnectionState } from '../../apollo/connection-state';
import { graphql } from '../../gql';
import type { CustomerOrder } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useFlashes } from '../../lib/use-flashes';
import { useViewer } from '../auth/use-viewer';
import { useOrgTree } from '../org/org-tree';
import { SavedViewsBar, type SavedViewRow } from '../saved-views/SavedViewsBar';
import { CreateCustomerForm, type CreatedCustomer } from './CreateCustomerForm';
import { CustomerRow } from './CustomerRow';
import { insertCreatedCustomer } from './customer-cache';
import { CustomerFilters } from './CustomerFilters';
import { EMPTY_FORM, filterOf, formOf, type CustomerFilterForm } from './customer-filter-form';
import { DEFAULT_ORDER, type CustomersView } from './customers-view';
import { ExportButton } from './ExportButton';
import { LiveFeed } from './LiveFeed';
import { useCustomerChanges, type CustomerChange } from './use-customer-changes';

export const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;

export const customerListQuery = graphql(`
  query CustomerList($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder!) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges {
        cursor
        node {
          id
          ...CustomerRow_customer
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function CustomerList() {
  const { t } = useTranslation();
  const format = useFormatters();
  const client = useApolloClient();
  const { tree } = useOrgTree();
  // The server lists only what this viewer may see; the button is offered
  // only to those who may create customers.
  const { can } = useViewer();
  const canCreate = can('customers:write');

  const [form, setForm] = useState<CustomerFilterForm>(EMPTY_FORM);
  const search = useDebouncedValue(form.search, SEARCH_DEBOUNCE_MS);
  const [orderBy, setOrderBy] = useState<CustomerOrder>(DEFAULT_ORDER);
  const view: CustomersView = useMemo(() => ({ filter: filterOf({ ...form, search }), orderBy }), [form, search, orderBy]);
  const orgUnitId = form.orgUnitId;
  // Conditions under "more filters": everything but search, tiers, statuses, org unit, rep and risk flag.
  const moreCount = useMemo(
    () => Object.keys(view.filter).filter((k) => !['search', 'tiers', 'statuses', 'orgUnitId', 'responsibleRepId', 'onRiskLedger'].includes(k)).length,
    [view.filter],
  );
  const applyView = (saved: SavedViewRow) => {
    setForm(formOf(saved.filter));
    setOrderBy(saved.orderBy ?? DEFAULT_ORDER);
  };
  const exportParams = useMemo(
    () => ({ filter: JSON.stringify(view.filter), orderBy: view.orderBy }),
    [view],
  );

  const { data, error, networkStatus, fetchMore, refetch } = useQuery(customerListQuery, {
    variables: { first: PAGE_SIZE, filter: view.filter, orderBy: view.orderBy },
    // Show a cached view at once but still ask the server: events missed
    // while the view was not displayed are not replayed.
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const [createdName, setCreatedName] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const { flashes, flash } = useFlashes();

  useEffect(() => {
    setLoadMoreError(null);
  }, [view]);

  // After the socket comes back, events sent while it was down are lost:
  // reload what is on screen.
  const { reconnects } = useConnectionState();
  const handledReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === handledReconnects.current) return;
    handledReconnects.current = reconnects;
    void refetch().catch(() => undefined); // the error state shows it
  }, [reconnects, refetch]);

  const placeNewCustomer = useCallback(
    (customer: CreatedCustomer | CustomerChange['customer']) => {
      insertCreatedCustomer(client.cache, customer, tree.parentOf);
      flash(customer.id);
    },
    [client, tree, flash],
  );

  const { events, error: liveError, resubscribe } = useCustomerChanges(
    orgUnitId || null,
    (event) => {
      if (event.kind === 'CREATED') placeNewCustomer(event.customer);
      else flash(event.customer.id);
    },
  );

  const onCreated = (customer: CreatedCustomer) => {
    setCreating(false);
    setCreatedName(customer.name);
    placeNewCustomer(customer);
  };

  const connection = data?.customers;
  const edges = useMemo(() => {
    // A customer placed live and then also returned by the server must not show twice.
    const seen = new Set<string>();
    return (connection?.edges ?? []).filter((edge) => !seen.has(edge.node.id) && !!seen.add(edge.node.id));
  }, [connection]);
  const loadingFirst = !connection && networkStatus !== NetworkStatus.error;
  const fetchingMore = networkStatus === NetworkStatus.fetchMore;
  const refreshing =
    !!connection &&
    [NetworkStatus.loading, NetworkStatus.setVariables, NetworkStatus.refetch].includes(networkStatus);

  const loadMore = async () => {
    if (!connection?.pageInfo.endCursor) return;
    setLoadMoreError(null);
    try {
      await fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    } catch (e) {
      setLoadMoreError(e instanceof Error ? e.message : String(e));
    }
  };

  const selectedUnit = orgUnitId ? tree.byId.get(orgUnitId) : undefined;

  return (
    <div className="console">
      <section className="panel customers" aria-labelledby="customers-heading">
        <div className="section-head">
          <h2 id="customers-heading">{t('customers.heading')}</h2>
          <p className="count" aria-live="polite">
            {connection
              ? t('customers.total', {
                  count: connection.totalCount,
                  formatted: format.number(connection.totalCount),
                })
              : null}
            {refreshing ? <span className="muted"> · {t('customers.refreshing')}</span> : null}
          </p>
          {canCreate ? (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('customers.newCustomer')}
            </button>
          ) : null}
        </div>

        <div className="list-tools">
          <SavedViewsBar page="CUSTOMERS" filter={view.filter} orderBy={view.orderBy} onApply={applyView} />
          <ExportButton path="/export/customers.xlsx" params={exportParams} fallbackName="customers.xlsx" />
        </div>

        <CustomerFilters
          form={form}
          onChange={setForm}
          orderBy={orderBy}
          onOrderBy={setOrderBy}
          orgNodes={tree.nodes}
          moreCount={moreCount}
          onReset={() => {
            setForm(EMPTY_FORM);
            setOrderBy(DEFAULT_ORDER);
          }}
        />

        {createdName ? (
          <p className="notice" role="status">
            {t('customers.created', { name: createdName })}
            <button
              type="button"
              className="link"
              onClick={() => setCreatedName(null)}
              aria-label={t('customers.dismiss')}
            >
              ×
            </button>
          </p>
        ) : null}

        {error && !connection ? (
          <PanelState error={error} errorText={t('customers.error')} onRetry={() => void refetch().catch(() => undefined)} />
        ) : loadingFirst ? (
          <p className="state" role="status" aria-busy="true">
            {t('customers.loading')}
          </p>
        ) : edges.length === 0 ? (
          <div className="state">
            <p>{t('customers.empty')}</p>
            <p className="muted">{t('customers.emptyHint')}</p>
          </div>
        ) : (
          <>
            <div className="table-wrap" role="region" aria-labelledby="customers-heading" tabIndex={0}>
              <table className="customers-table">
                <caption className="visually-hidden">{t('customers.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('customers.columns.name')}</th>
                    <th scope="col">{t('customers.columns.kind')}</th>
                    <th scope="col">{t('customers.columns.tier')}</th>
                    <th scope="col">{t('customers.columns.status')}</th>
                    <th scope="col">{t('customers.columns.orgUnit')}</th>
                    <th scope="col">{t('customers.columns.rep')}</th>
                    <th scope="col">{t('customers.columns.contact')}</th>
                    <th scope="col">{t('customers.columns.updatedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {edges.map((edge) => (
                    <CustomerRow
                      key={edge.node.id}
                      customer={edge.node}
                      flashKey={flashes.get(edge.node.id)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="list-foot">
              <span className="muted">
                {t('customers.shown', {
                  shown: format.number(edges.length),
                  total: format.number(connection?.totalCount ?? edges.length),
                })}
              </span>
              {loadMoreError ? (
                <span className="field-error" role="alert">
                  {t('customers.loadMoreError', { message: loadMoreError })}
                </span>
              ) : null}
              {connection?.pageInfo.hasNextPage ? (
                <button type="button" onClick={() => void loadMore()} disabled={fetchingMore}>
                  {fetchingMore ? t('customers.loadingMore') : t('customers.loadMore')}
                </button>
              ) : null}
            </div>
          </>
        )}
      </section>

      <LiveFeed events={events} error={liveError} onResubscribe={resubscribe} />

      <CreateCustomerForm
        open={creating && canCreate}
        onClose={() => setCreating(false)}
        onCreated={onCreated}
        tree={tree}
        defaultOrgUnitId={selectedUnit?.unit.kind === 'STATION' ? selectedUnit.unit.id : ''}
      />
    </div>
  );
}
