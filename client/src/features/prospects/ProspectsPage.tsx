// Prospects near a station 周边潜在客户 (DOMAIN.md "Customers": screening; a
// station looks after prospects within 30–50 km): customers at PROSPECT
// within N km of a chosen station, with their distance to it. The API filters
// by radius but has no distance order, so the loaded rows are shown nearest
// first (the hint says so); "load more" fetches further pages in the API's
// order and they are merged in. Saved views keep station, radius and search.
import { useMemo, useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { PanelState } from '../../components/PanelState';
import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import type { CustomerFilter } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { normalizeFilter } from '../customers/customers-view';
import { SavedViewsBar, type SavedViewRow } from '../saved-views/SavedViewsBar';
import { greatCircleKm } from './geo';

const PAGE_SIZE = 50;
export const DEFAULT_RADIUS_KM = 30;
const MAX_RADIUS_KM = 500;

const stationsQuery = graphql(`
  query ProspectStations {
    orgUnits {
      id
      kind
      code
      name
      latitude
      longitude
    }
  }
`);

const prospectsQuery = graphql(`
  query NearbyProspects($first: Int!, $after: String, $filter: CustomerFilter!) {
    customers(first: $first, after: $after, filter: $filter, orderBy: CREATED_AT_DESC) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          kind
          utility
          industry
          district
          estimatedMonthlyConsumption
          latitude
          longitude
          responsibleRep {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The radius as the API takes it, or null when the text is not a number from 1 to 500. */
export function radiusOf(text: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return null;
  const km = Number(text);
  return km >= 1 && km <= MAX_RADIUS_KM ? km : null;
}

export function ProspectsPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const stationsResult = useQuery(stationsQuery, { fetchPolicy: 'cache-first' });
  const stations = useMemo(
    () =>
      (stationsResult.data?.orgUnits ?? [])
        .filter((u) => u.kind === 'STATION' && u.latitude != null && u.longitude != null)
        .sort((a, b) => a.code.localeCompare(b.code)),
    [stationsResult.data],
  );

  const [chosenStation, setStationId] = useState('');
  const stationId = chosenStation || stations[0]?.id || '';
  const station = stations.find((s) => s.id === stationId);
  const [kmText, setKmText] = useState(String(DEFAULT_RADIUS_KM));
  const km = radiusOf(kmText);
  // The last valid radius keeps the list while the field is being edited.
  const [lastKm, setLastKm] = useState(DEFAULT_RADIUS_KM);
  if (km !== null && km !== lastKm) setLastKm(km);
  const withinKm = useDebouncedValue(km ?? lastKm, 300);
  const [searchInput, setSearchInput] = useState('');
  const search = useDebouncedValue(searchInput, 300);

  const filter: CustomerFilter = useMemo(
    () => normalizeFilter({ statuses: ['PROSPECT'], search, nearStation: stationId ? { stationId, withinKm } : null }),
    [stationId, withinKm, search],
  );

  const { data, error, networkStatus, fetchMore, refetch } = useQuery(prospectsQuery, {
    variables: { first: PAGE_SIZE, filter },
    skip: !stationId,
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const connection = data?.customers;

  const rows = useMemo(() => {
    if (!connection || !station) return [];
    return connection.edges
      .map(({ node }) => ({
        node,
        km:
          node.latitude != null && node.longitude != null
            ? greatCircleKm(station.latitude!, station.longitude!, node.latitude, node.longitude)
            : null,
      }))
      .sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity));
  }, [connection, station]);

  const applyView = (view: SavedViewRow) => {
    const saved = normalizeFilter(view.filter as CustomerFilter);
    if (saved.nearStation) {
      setStationId(String(saved.nearStation.stationId));
      setKmText(String(saved.nearStation.withinKm));
    }
    setSearchInput(saved.search ?? '');
  };

  const loadMore = async () => {
    if (!connection?.pageInfo.endCursor) return;
    setLoadMoreError(null);
    try {
      await fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    } catch (e) {
      setLoadMoreError(e instanceof Error ? e.message : String(e));
    }
  };

  const loading = stationsResult.loading || (!!stationId && !connection && networkStatus !== NetworkStatus.error);

  return (
    <div className="console">
      <section className="panel prospects" aria-labelledby="prospects-heading">
        <div className="section-head">
          <h2 id="prospects-heading">{t('prospects.heading')}</h2>
          <p className="count" aria-live="polite">
            {connection ? t('prospects.total', { count: connection.totalCount, formatted: format.number(connection.totalCount) }) : null}
          </p>
        </div>

        <div className="list-tools">
          <SavedViewsBar page="PROSPECTS" filter={filter} onApply={applyView} />
        </div>

        <form className="filters" role="search" aria-label={t('prospects.filters')} onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor="prospects-station">{t('prospects.station')}</label>
            <select id="prospects-station" value={stationId} onChange={(event) => setStationId(event.target.value)} disabled={!stations.length}>
              {stations.length ? null : <option value="">{t('prospects.noStations')}</option>}
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-km">
            <label htmlFor="prospects-km">{t('prospects.withinKm')}</label>
            <input
              id="prospects-km"
              type="number"
              min={1}
              max={MAX_RADIUS_KM}
              step="any"
              inputMode="decimal"
              value={kmText}
              aria-invalid={km === null || undefined}
              aria-describedby={km === null ? 'prospects-km-error' : undefined}
              onChange={(event) => setKmText(event.target.value)}
            />
            {km === null ? (
              <span id="prospects-km-error" className="field-error">
                {t('prospects.kmRange', { max: MAX_RADIUS_KM })}
              </span>
            ) : null}
          </div>
          <div className="field field-search">
            <label htmlFor="prospects-search">{t('customers.search')}</label>
            <input
              id="prospects-search"
              type="search"
              value={searchInput}
              maxLength={100}
              autoComplete="off"
              placeholder={t('customers.searchPlaceholder')}
              onChange={(event) => setSearchInput(event.target.value)}
            />
          </div>
        </form>

        {stationsResult.error ? (
          <PanelState error={stationsResult.error} errorText={t('prospects.error')} />
        ) : !stationsResult.loading && !stations.length ? (
          <div className="state">
            <p>{t('prospects.noStations')}</p>
          </div>
        ) : error && !connection ? (
          <PanelState error={error} errorText={t('prospects.error')} onRetry={() => void refetch().catch(() => undefined)} />
        ) : loading ? (
          <p className="state" role="status" aria-busy="true">
            {t('prospects.loading')}
          </p>
        ) : rows.length === 0 ? (
          <div className="state">
            <p>{t('prospects.empty', { km: format.number(withinKm), station: station?.name ?? '' })}</p>
            <p className="muted">{t('prospects.emptyHint')}</p>
          </div>
        ) : (
          <>
            <p className="muted prospects-hint">{t('prospects.sortedHint')}</p>
            <div className="table-wrap" role="region" aria-labelledby="prospects-heading" tabIndex={0}>
              <table className="customers-table prospects-table">
                <caption className="visually-hidden">{t('prospects.caption', { station: station?.name ?? '' })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('customers.columns.name')}</th>
                    <th scope="col" className="num">{t('prospects.distance')}</th>
                    <th scope="col">{t('customers.columns.kind')}</th>
                    <th scope="col">{t('prospects.utility')}</th>
                    <th scope="col">{t('prospects.industry')}</th>
                    <th scope="col">{t('prospects.district')}</th>
                    <th scope="col" className="num">{t('prospects.consumption')}</th>
                    <th scope="col">{t('customers.columns.rep')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ node, km: distance }) => (
                    <tr key={node.id}>
                      <th scope="row" className="cell-name">
                        <Link className="customer-name" to={pathTo('/customers/:id', { id: node.id })}>
                          {node.name}
                        </Link>
                      </th>
                      <td className="num">{distance === null ? t('customers.none') : t('prospects.km', { km: distance.toFixed(1) })}</td>
                      <td>{t(`enums.kind.${node.kind}`)}</td>
                      <td>{t(`enums.utility.${node.utility}`)}</td>
                      <td>{node.industry ?? t('customers.none')}</td>
                      <td>{node.district ?? t('customers.none')}</td>
                      <td className="num">{node.estimatedMonthlyConsumption ?? t('customers.none')}</td>
                      <td>{node.responsibleRep?.name ?? <span className="muted">{t('customers.unassigned')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="list-foot">
              <span className="muted">
                {t('customers.shown', { shown: format.number(rows.length), total: format.number(connection?.totalCount ?? rows.length) })}
              </span>
              {loadMoreError ? (
                <span className="field-error" role="alert">
                  {t('customers.loadMoreError', { message: loadMoreError })}
                </span>
              ) : null}
              {connection?.pageInfo.hasNextPage ? (
                <button type="button" onClick={() => void loadMore()} disabled={networkStatus === NetworkStatus.fetchMore}>
                  {networkStatus === NetworkStatus.fetchMore ? t('customers.loadingMore') : t('customers.loadMore')}
                </button>
              ) : null}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
