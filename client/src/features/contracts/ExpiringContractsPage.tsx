// Expiring contracts 到期合同 (DOMAIN.md "Contracts": expiry must be seen
// before it happens): ACTIVE contracts ending within 30, 60 or 90 days, the
// soonest first, with the days left (company time zone) and a link to the
// customer's 360 view; optional type and org-unit filters, saved views, and
// an Excel export of the same list (/export/expiring-contracts.xlsx).
import { useMemo, useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { PanelState } from '../../components/PanelState';
import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import type { ContractType, ExpiringContractsFilter } from '../../gql/graphql';
import { shanghaiToday } from '../../lib/company-time';
import { useFormatters } from '../../lib/format';
import { ExportButton } from '../customers/ExportButton';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import { useOrgTree } from '../org/org-tree';
import { SavedViewsBar, type SavedViewRow } from '../saved-views/SavedViewsBar';

const PAGE_SIZE = 50;
export const WINDOWS = [30, 60, 90] as const;
type Window = (typeof WINDOWS)[number];

const CONTRACT_TYPES: readonly ContractType[] = ['GAS_SUPPLY', 'POWER_SUPPLY', 'HEAT_SUPPLY', 'DESIGN_INSTALLATION', 'ENERGY_SERVICES', 'SETTLEMENT_AGREEMENT'];

const expiringContractsQuery = graphql(`
  query ExpiringContracts($withinDays: Int!, $first: Int!, $after: String, $filter: ExpiringContractsFilter) {
    expiringContracts(withinDays: $withinDays, first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          id
          number
          type
          endsOn
          signer
          customer {
            id
            name
            orgUnit {
              id
              name
            }
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

/** Whole days from `today` to `day` (both YYYY-MM-DD). */
export function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

function filterOf(types: readonly ContractType[], orgUnitId: string): ExpiringContractsFilter {
  const out: ExpiringContractsFilter = {};
  if (orgUnitId) out.orgUnitId = orgUnitId;
  if (types.length) out.types = [...types].sort();
  return out;
}

export function ExpiringContractsPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { tree } = useOrgTree();
  const [withinDays, setWithinDays] = useState<Window>(30);
  const [types, setTypes] = useState<readonly ContractType[]>([]);
  const [orgUnitId, setOrgUnitId] = useState('');
  const filter = useMemo(() => filterOf(types, orgUnitId), [types, orgUnitId]);
  const today = shanghaiToday();

  const { data, error, networkStatus, fetchMore, refetch } = useQuery(expiringContractsQuery, {
    variables: { withinDays, first: PAGE_SIZE, filter },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [loadMoreError, setLoadMoreError] = useState<string | null>(null);
  const connection = data?.expiringContracts;
  const edges = connection?.edges ?? [];
  const exportParams = useMemo(() => ({ withinDays: String(withinDays), filter: JSON.stringify(filter) }), [withinDays, filter]);

  const applyView = (view: SavedViewRow) => {
    const saved = view.filter as ExpiringContractsFilter;
    setTypes(saved.types ?? []);
    setOrgUnitId(saved.orgUnitId ? String(saved.orgUnitId) : '');
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

  return (
    <div className="console">
      <section className="panel expiring-contracts" aria-labelledby="expiring-heading">
        <div className="section-head">
          <h2 id="expiring-heading">{t('expiring.heading')}</h2>
          <p className="count" aria-live="polite">
            {connection ? t('expiring.total', { count: connection.totalCount, formatted: format.number(connection.totalCount) }) : null}
          </p>
        </div>

        <div className="list-tools">
          <SavedViewsBar page="CONTRACTS" filter={filter} onApply={applyView} />
          <ExportButton path="/export/expiring-contracts.xlsx" params={exportParams} fallbackName="expiring-contracts.xlsx" />
        </div>

        <form className="filters" aria-label={t('expiring.filters')} onSubmit={(event) => event.preventDefault()}>
          <fieldset className="field">
            <legend>{t('expiring.window')}</legend>
            <div className="chips" role="radiogroup">
              {WINDOWS.map((days) => (
                <label key={days} className="chip">
                  <input type="radio" name="expiring-window" checked={withinDays === days} onChange={() => setWithinDays(days)} />
                  <span>{t('expiring.days', { count: days })}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t('expiring.types')}</legend>
            <div className="chips">
              {CONTRACT_TYPES.map((type) => (
                <label key={type} className="chip">
                  <input
                    type="checkbox"
                    checked={types.includes(type)}
                    onChange={(event) => setTypes((previous) => (event.target.checked ? [...previous, type] : previous.filter((x) => x !== type)))}
                  />
                  <span>{t(`enums.contractType.${type}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="expiring-org">{t('customers.orgUnit')}</label>
            <OrgUnitSelect id="expiring-org" nodes={tree.nodes} value={orgUnitId} onChange={setOrgUnitId} emptyLabel={t('customers.allOrgUnits')} />
          </div>
        </form>

        {error && !connection ? (
          <PanelState error={error} errorText={t('expiring.error')} onRetry={() => void refetch().catch(() => undefined)} />
        ) : !connection ? (
          <p className="state" role="status" aria-busy="true">
            {t('expiring.loading')}
          </p>
        ) : edges.length === 0 ? (
          <div className="state">
            <p>{t('expiring.empty', { count: withinDays })}</p>
          </div>
        ) : (
          <>
            <div className="table-wrap" role="region" aria-labelledby="expiring-heading" tabIndex={0}>
              <table className="customers-table expiring-table">
                <caption className="visually-hidden">{t('expiring.caption', { count: withinDays })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('expiring.columns.number')}</th>
                    <th scope="col">{t('expiring.columns.customer')}</th>
                    <th scope="col">{t('expiring.columns.endsOn')}</th>
                    <th scope="col" className="num">{t('expiring.columns.daysLeft')}</th>
                    <th scope="col">{t('expiring.columns.type')}</th>
                    <th scope="col">{t('expiring.columns.orgUnit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {edges.map(({ node }) => {
                    const left = daysBetween(today, node.endsOn ?? today);
                    return (
                      <tr key={node.id} className={left <= 7 ? 'expiring-soon' : undefined}>
                        <th scope="row">{node.number}</th>
                        <td>
                          <Link className="customer-name" to={pathTo('/customers/:id', { id: node.customer.id })}>
                            {node.customer.name}
                          </Link>
                        </td>
                        <td>{node.endsOn ? format.day(node.endsOn) : t('customers.none')}</td>
                        <td className="num days-left">{left <= 0 ? t('expiring.today') : t('expiring.daysLeft', { count: left })}</td>
                        <td>{t(`enums.contractType.${node.type}`)}</td>
                        <td>{node.customer.orgUnit.name}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="list-foot">
              <span className="muted">
                {t('customers.shown', { shown: format.number(edges.length), total: format.number(connection.totalCount) })}
              </span>
              {loadMoreError ? (
                <span className="field-error" role="alert">
                  {t('customers.loadMoreError', { message: loadMoreError })}
                </span>
              ) : null}
              {connection.pageInfo.hasNextPage ? (
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
