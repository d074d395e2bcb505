// Prospects to call 待跟进的潜在客户: the viewer's own prospects (status
// PROSPECT, responsible rep = me), the one contacted longest ago first and
// never-contacted ones before all (oldest first among them). The API sorts
// customers by creation, name or consumption only, so the first page of up to
// PROSPECTS_LIMIT is fetched and ordered here by the last visit.
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { QuickActionButtons, type ChosenAction } from '../customer360/QuickActions';
import { LoadedSection } from './LoadedSection';

export const PROSPECTS_LIMIT = 100;

export const worklistProspectsQuery = graphql(`
  query WorklistProspects($repId: ID!, $first: Int!) {
    customers(first: $first, filter: { statuses: [PROSPECT], responsibleRepId: $repId }, orderBy: CREATED_AT_DESC) {
      totalCount
      edges {
        node {
          id
          name
          createdAt
          industry
          riskLevel
          tier
          visitSummary {
            lastVisitAt
            total
          }
        }
      }
    }
  }
`);

export interface ProspectsSectionProps {
  readonly repId: string;
  onChoose(chosen: ChosenAction): void;
}

export function ProspectsSection({ repId, onChoose }: ProspectsSectionProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, error, loading, refetch } = useQuery(worklistProspectsQuery, {
    variables: { repId, first: PROSPECTS_LIMIT },
    // Not written to the cache: these partial selections of shared value objects
    // (visitSummary, finding) would replace what Customer 360's fragments read there.
    fetchPolicy: 'no-cache',
  });
  const connection = data?.customers;
  const rows = [...(connection?.edges ?? [])]
    .map((e) => e.node)
    .sort((a, b) => {
      const at = a.visitSummary.lastVisitAt;
      const bt = b.visitSummary.lastVisitAt;
      if (!at && !bt) return a.createdAt.localeCompare(b.createdAt);
      if (!at) return -1;
      if (!bt) return 1;
      return new Date(at).getTime() - new Date(bt).getTime();
    });
  return (
    <LoadedSection
      id="wl-prospects"
      heading={t('worklist.prospects.heading', { count: connection?.totalCount ?? rows.length })}
      error={error}
      loading={loading}
      loaded={!!connection}
      empty={rows.length === 0}
      emptyText={t('worklist.prospects.empty')}
      onRetry={() => void refetch().catch(() => undefined)}
    >
      <>
        <ul className="worklist-list">
          {rows.map((c) => (
            <li key={c.id}>
              <div>
                <Link to={pathTo('/customers/:id', { id: c.id })}>{c.name}</Link>
                <span className={`badge tier-${c.tier.toLowerCase()}`}>{t(`enums.tier.${c.tier}`)}</span>
                <br />
                {c.visitSummary.lastVisitAt ? (
                  <span className="muted">{t('worklist.prospects.lastContact', { when: format.dateTime(c.visitSummary.lastVisitAt) })}</span>
                ) : (
                  <span className="money-owed">{t('worklist.prospects.neverContacted', { day: format.dateTime(c.createdAt) })}</span>
                )}
                {c.industry ? <span className="muted"> · {c.industry}</span> : null}
              </div>
              <QuickActionButtons
                compact
                target={{ customerId: c.id, customerName: c.name, serviceAccount: null, onRiskLedger: c.riskLevel !== null && c.riskLevel !== undefined, visitPurpose: 'DEVELOPMENT' }}
                onChoose={onChoose}
                only={['visit', 'riskOn', 'riskOff']}
              />
            </li>
          ))}
        </ul>
        {connection && connection.totalCount > rows.length ? (
          <p className="muted">{t('worklist.prospects.more', { count: connection.totalCount - rows.length })}</p>
        ) : null}
      </>
    </LoadedSection>
  );
}
