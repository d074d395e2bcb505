// Rectification deadlines 整改期限: the open rectification notices 整改通知书
// the viewer follows up, earliest deadline first (the API's order), overdue
// ones 逾期未整改 marked. A visit to chase the customer is one click away.
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { QuickActionButtons, type ChosenAction } from '../customer360/QuickActions';
import { LoadedSection } from './LoadedSection';

export const worklistRectificationsQuery = graphql(`
  query WorklistRectifications($ownerId: ID!, $first: Int!) {
    rectificationNotices(first: $first, filter: { statuses: [OPEN], ownerId: $ownerId }) {
      totalCount
      edges {
        node {
          id
          number
          deadline
          overdue
          extensions
          finding {
            sequence
            description
          }
          customer {
            id
            name
            riskLevel
          }
          serviceAccount {
            id
            accountNumber
          }
        }
      }
    }
  }
`);

export interface RectificationSectionProps {
  readonly ownerId: string;
  readonly limit: number;
  onChoose(chosen: ChosenAction): void;
}

export function RectificationSection({ ownerId, limit, onChoose }: RectificationSectionProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, error, loading, refetch } = useQuery(worklistRectificationsQuery, {
    variables: { ownerId, first: limit },
    // Not written to the cache: these partial selections of shared value objects
    // (visitSummary, finding) would replace what Customer 360's fragments read there.
    fetchPolicy: 'no-cache',
  });
  const connection = data?.rectificationNotices;
  const rows = connection?.edges.map((e) => e.node) ?? [];
  const overdue = rows.filter((n) => n.overdue).length;
  return (
    <LoadedSection
      id="wl-rectification"
      heading={
        <>
          {t('worklist.rectification.heading', { count: connection?.totalCount ?? rows.length })}
          {overdue > 0 ? <span className="risk risk-high">{t('worklist.rectification.overdueCount', { count: overdue })}</span> : null}
        </>
      }
      error={error}
      loading={loading}
      loaded={!!connection}
      empty={rows.length === 0}
      emptyText={t('worklist.rectification.empty')}
      onRetry={() => void refetch().catch(() => undefined)}
    >
      <ul className="worklist-list">
        {rows.map((n) => (
          <li key={n.id} className={n.overdue ? 'worklist-overdue' : undefined}>
            <div>
              <Link to={pathTo('/customers/:id', { id: n.customer.id })}>{n.customer.name}</Link>
              {n.serviceAccount ? <span className="mono muted"> {n.serviceAccount.accountNumber}</span> : null}
              <br />
              <span className="mono muted">{n.number}</span>{' '}
              {n.overdue ? (
                <strong className="money-owed">{t('worklist.rectification.overdue', { day: format.day(n.deadline) })}</strong>
              ) : (
                <span>{t('worklist.rectification.deadline', { day: format.day(n.deadline) })}</span>
              )}
              {n.extensions > 0 ? <span className="muted"> · {t('worklist.rectification.extended', { count: n.extensions })}</span> : null}
              <p className="muted worklist-outcome">{n.finding.description}</p>
            </div>
            <QuickActionButtons
              compact
              target={{
                customerId: n.customer.id,
                customerName: n.customer.name,
                serviceAccount: n.serviceAccount ?? null,
                onRiskLedger: n.customer.riskLevel !== null && n.customer.riskLevel !== undefined,
                visitPurpose: 'INSPECTION',
              }}
              onChoose={onChoose}
              only={['visit', 'riskOn', 'riskOff']}
            />
          </li>
        ))}
      </ul>
    </LoadedSection>
  );
}
