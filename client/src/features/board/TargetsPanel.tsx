// This month's targets 考核目标 of the lead's unit with live attainment: the
// target, what is attained, the percent and whether it is on track or behind
// (the server's judgement: attained against the share of the month gone).
// The unit's own targets (and the lead's personal ones) come first, then the
// rest of the subtree with those behind first; a long list is folded.
import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { Metric } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { PanelState } from '../../components/PanelState';
import { companyToday } from './company-day';

const targetsQuery = graphql(`
  query BoardTargets($filter: TargetFilter!, $first: Int!) {
    targets(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          metric
          channel
          subjectKind
          value
          attained
          attainmentPercent
          status
          periodStart
          periodEnd
          user {
            id
            name
          }
          orgUnit {
            id
            name
          }
        }
      }
    }
  }
`);

const FOLDED = 6;
const MONEY_METRICS: ReadonlySet<Metric> = new Set(['AMOUNT_COLLECTED', 'ARREARS_REDUCED']);

export function TargetsPanel({ orgUnitId, userId }: { readonly orgUnitId: string; readonly userId: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, error, loading, refetch } = useQuery(targetsQuery, {
    variables: { filter: { orgUnitId, periodKind: 'MONTH', date: companyToday() }, first: 100 },
    fetchPolicy: 'cache-and-network',
  });

  const measure = (metric: Metric, value: string) =>
    MONEY_METRICS.has(metric)
      ? format.money(value)
      : metric === 'COLLECTION_RATE'
        ? t('board.percent', { value })
        : format.number(Number(value));

  const [showAll, setShowAll] = useState(false);
  const all = useMemo(() => {
    const rank = (target: { orgUnit: { id: string }; subjectKind: string; user?: { id: string } | null; status: string }) =>
      (target.subjectKind === 'ORG_UNIT' && target.orgUnit.id === orgUnitId) || (userId && target.user?.id === userId)
        ? 0
        : target.status === 'BEHIND'
          ? 1
          : 2;
    return [...(data?.targets.edges.map((e) => e.node) ?? [])].sort((a, b) => rank(a) - rank(b));
  }, [data, orgUnitId, userId]);
  const targets = showAll ? all : all.slice(0, FOLDED);
  const behind = all.filter((target) => target.status === 'BEHIND').length;

  return (
    <section className="panel board-targets" aria-labelledby="board-targets-heading">
      <div className="section-head">
        <h2 id="board-targets-heading">{t('board.targets.heading')}</h2>
        {targets[0] ? (
          <span className="muted">
            {format.day(targets[0].periodStart)} – {format.day(targets[0].periodEnd)}
          </span>
        ) : null}
      </div>
      {!data && (error || loading) ? (
        <PanelState error={error} errorText={t('board.targets.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : targets.length === 0 ? (
        <p className="state muted">{t('board.targets.empty')}</p>
      ) : (
        <>
          <p className="muted board-targets-summary">
            {t('board.targets.summary', {
              total: format.number(data?.targets.totalCount ?? all.length),
              onTrack: format.number(all.length - behind),
              behind: format.number(behind),
            })}
          </p>
          <ul className="board-target-list" id="board-target-list">
            {targets.map((target) => {
              const percent = target.attainmentPercent == null ? null : Number(target.attainmentPercent);
              const behind = target.status === 'BEHIND';
              return (
                <li key={target.id} className={`board-target ${behind ? 'target-behind' : 'target-on-track'}`}>
                  <div className="board-target-head">
                    <span className="board-target-name">
                      {t(`board.metric.${target.metric}`)}
                      {' · '}
                      {target.subjectKind === 'USER' && target.user ? target.user.name : target.orgUnit.name}
                    </span>
                    <span className={`target-status target-status-${behind ? 'behind' : 'on-track'}`}>
                      {t(`board.targets.status.${target.status}`)}
                    </span>
                  </div>
                  <div
                    className="target-bar"
                    role="progressbar"
                    aria-label={t(`board.metric.${target.metric}`)}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent == null ? undefined : Math.min(100, percent)}
                    aria-valuetext={percent == null ? t('board.none') : t('board.percent', { value: target.attainmentPercent })}
                  >
                    <span style={{ width: `${Math.min(100, Math.max(0, percent ?? 0))}%` }} />
                  </div>
                  <p className="muted board-target-figures">
                    {t('board.targets.figures', {
                      attained: measure(target.metric, target.attained),
                      value: measure(target.metric, target.value),
                      percent:
                        target.attainmentPercent == null
                          ? t('board.none')
                          : t('board.percent', { value: target.attainmentPercent }),
                    })}
                  </p>
                </li>
              );
            })}
          </ul>
          {all.length > FOLDED ? (
            <button
              type="button"
              className="link"
              aria-expanded={showAll}
              aria-controls="board-target-list"
              onClick={() => setShowAll((v) => !v)}
            >
              {showAll ? t('board.targets.showFewer') : t('board.targets.showAll', { count: all.length })}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
