// The lead's subtree at a glance: this month's collection rate 回收率
// (`collectionRate`, bills whose period starts from the 1st through today;
// the year to date alongside, since bills of a month come out weeks later),
// the campaigns under way (CampaignProgress)
// and the latest daily report 日通报 (`dailyReport`) with its changes since
// the previous report.
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { PanelState } from '../../components/PanelState';
import { CampaignProgress } from './CampaignProgress';
import { companyToday, firstOfMonth, firstOfYear } from './company-day';
import { fractionToPercent } from './percent';

const collectionQuery = graphql(`
  query BoardCollection($rate: CollectionRateFilter!, $yearToDate: CollectionRateFilter!, $orgUnitId: ID) {
    collectionRate(filter: $rate) {
      rate
      due
      collected
      outstanding
      billCount
    }
    yearToDate: collectionRate(filter: $yearToDate) {
      rate
    }
    dailyReport(orgUnitId: $orgUnitId) {
      date
      orgUnit {
        id
        name
      }
      current {
        date
        totalArrears
        accountsInArrears
        accountsOverThreshold
        collectedYesterday
        collectedMonthToDate
        dueMonthToDate
        collectionRateMonthToDate
      }
      totalArrearsChange
      accountsInArrearsChange
      accountsOverThresholdChange
      collectionRateChangePoints
    }
  }
`);

function signed(n: number, formatted: string): string {
  return n > 0 ? `+${formatted}` : formatted;
}

export function CollectionPanel({ orgUnitId }: { readonly orgUnitId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const today = companyToday();
  const { data, error, loading, refetch } = useQuery(collectionQuery, {
    variables: {
      rate: { orgUnitId, periodFrom: firstOfMonth(today), periodTo: today },
      yearToDate: { orgUnitId, periodFrom: firstOfYear(today), periodTo: today },
      orgUnitId,
    },
    fetchPolicy: 'cache-and-network',
  });

  const rate = data?.collectionRate;
  const report = data?.dailyReport;
  const percent = (fraction: string | null | undefined) =>
    fraction == null ? t('board.none') : t('board.percent', { value: fractionToPercent(fraction) });
  const change = (kind: 'up' | 'down' | 'same') => `board-change board-change-${kind}`;
  const direction = (n: number | null | undefined, goodWhenUp: boolean) =>
    n == null || n === 0 ? 'same' : n > 0 === goodWhenUp ? 'up' : 'down';

  return (
    <section className="panel board-collection" aria-labelledby="board-collection-heading">
      <div className="section-head">
        <h2 id="board-collection-heading">{t('board.collection.heading')}</h2>
        {report ? <span className="muted">{report.orgUnit.name}</span> : null}
      </div>
      {!data && (error || loading) ? (
        <PanelState error={error} errorText={t('board.collection.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <>
          <div className="board-figure">
            <span className="board-figure-label">{t('board.collection.rateMonth')}</span>
            <strong className="board-figure-value">{percent(rate?.rate)}</strong>
            {rate ? (
              <span className="muted">
                {t('board.collection.rateDetail', {
                  collected: format.money(rate.collected),
                  due: format.money(rate.due),
                  bills: format.number(rate.billCount),
                })}
              </span>
            ) : null}
            {rate ? (
              <span className="muted">{t('board.collection.outstanding', { amount: format.money(rate.outstanding) })}</span>
            ) : null}
            {data?.yearToDate ? (
              <span className="muted">{t('board.collection.yearToDate', { rate: percent(data.yearToDate.rate) })}</span>
            ) : null}
          </div>

          <CampaignProgress orgUnitId={orgUnitId} />

          <h3 className="board-subheading">
            {t('board.report.heading')}
            {report ? <span className="muted"> · {format.day(report.date)}</span> : null}
          </h3>
          {!report ? (
            <p className="muted">{t('board.report.none')}</p>
          ) : (
            <dl className="board-report">
              <div>
                <dt>{t('board.report.totalArrears')}</dt>
                <dd>
                  {format.money(report.current.totalArrears)}
                  {report.totalArrearsChange != null && Number(report.totalArrearsChange) !== 0 ? (
                    <span className={change(direction(Number(report.totalArrearsChange), false))}>
                      {signed(Number(report.totalArrearsChange), format.money(report.totalArrearsChange))}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('board.report.accountsInArrears')}</dt>
                <dd>
                  {format.number(report.current.accountsInArrears)}
                  {report.accountsInArrearsChange != null && Number(report.accountsInArrearsChange) !== 0 ? (
                    <span className={change(direction(report.accountsInArrearsChange, false))}>
                      {signed(report.accountsInArrearsChange, format.number(report.accountsInArrearsChange))}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('board.report.accountsOverThreshold')}</dt>
                <dd>
                  {format.number(report.current.accountsOverThreshold)}
                  {report.accountsOverThresholdChange != null && Number(report.accountsOverThresholdChange) !== 0 ? (
                    <span className={change(direction(report.accountsOverThresholdChange, false))}>
                      {signed(report.accountsOverThresholdChange, format.number(report.accountsOverThresholdChange))}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('board.report.rateMonthToDate')}</dt>
                <dd>
                  {percent(report.current.collectionRateMonthToDate)}
                  {report.collectionRateChangePoints != null && Number(report.collectionRateChangePoints) !== 0 ? (
                    <span className={change(direction(report.collectionRateChangePoints, true))}>
                      {t('board.report.points', {
                        value: signed(
                          report.collectionRateChangePoints,
                          format.number(Math.round(report.collectionRateChangePoints * 100) / 100),
                        ),
                      })}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('board.report.collectedYesterday')}</dt>
                <dd>{format.money(report.current.collectedYesterday)}</dd>
              </div>
              <div>
                <dt>{t('board.report.collectedMonthToDate')}</dt>
                <dd>
                  {t('board.report.ofDue', {
                    collected: format.money(report.current.collectedMonthToDate),
                    due: format.money(report.current.dueMonthToDate),
                  })}
                </dd>
              </div>
            </dl>
          )}
        </>
      )}
    </section>
  );
}
