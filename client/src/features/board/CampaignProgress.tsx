// Collection campaigns 清欠专项行动 under way in the lead's subtree: how much
// of each target is collected and how that stands against the plan curve
// (`campaigns` with their live `progress`, computed from the ledger).
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

const campaignsQuery = graphql(`
  query BoardCampaigns($filter: CampaignFilter) {
    campaigns(filter: $filter, first: 5) {
      edges {
        node {
          id
          name
          endsOn
          progress {
            collected
            target
            percentOfTarget
            percentOfPlan
          }
        }
      }
    }
  }
`);

export function CampaignProgress({ orgUnitId }: { readonly orgUnitId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data } = useQuery(campaignsQuery, {
    variables: { filter: { orgUnitId, statuses: ['ACTIVE'] } },
    fetchPolicy: 'cache-and-network',
  });
  const campaigns = data?.campaigns.edges.map((edge) => edge.node) ?? [];
  if (campaigns.length === 0) return null;
  const percent = (value: string | null | undefined) => (value == null ? t('board.none') : t('board.percent', { value: format.number(Number(value)) }));

  return (
    <>
      <h3 className="board-subheading">{t('board.campaigns.heading')}</h3>
      <ul className="board-campaigns">
        {campaigns.map((campaign) => {
          const ofTarget = campaign.progress.percentOfTarget == null ? 0 : Math.min(100, Number(campaign.progress.percentOfTarget));
          return (
            <li key={campaign.id}>
              <div className="board-campaign-head">
                <strong>{campaign.name}</strong>
                <span className="muted">{t('board.campaigns.endsOn', { day: format.day(campaign.endsOn) })}</span>
              </div>
              <progress max={100} value={ofTarget} aria-label={t('board.campaigns.ofTarget', { percent: percent(campaign.progress.percentOfTarget) })} />
              <span className="muted">
                {t('board.campaigns.detail', {
                  collected: format.money(campaign.progress.collected),
                  target: format.money(campaign.progress.target),
                  ofTarget: percent(campaign.progress.percentOfTarget),
                  ofPlan: percent(campaign.progress.percentOfPlan),
                })}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
