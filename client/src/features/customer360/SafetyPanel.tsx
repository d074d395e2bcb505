// Safety: the customer's inspections 安全检查 and rectification notices
// 整改通知书, open ones first so an overdue notice is not missed.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const SafetyPanel_customer = graphql(`
  fragment SafetyPanel_customer on Customer {
    id
    inspections {
      id
      kind
      performedOn
      result
      note
      inspectors {
        id
        name
      }
    }
    rectificationNotices {
      id
      number
      status
      deadline
      overdue
      closedAt
      owner {
        id
        name
      }
      finding {
        description
        severity
      }
    }
  }
`);

const INSPECTIONS_SHOWN = 5;

export function SafetyPanel({ customer }: { readonly customer: FragmentType<typeof SafetyPanel_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: SafetyPanel_customer, from: customer });
  if (!complete) return null;
  const notices = [...data.rectificationNotices].sort((a, b) => Number(a.status === 'CLOSED') - Number(b.status === 'CLOSED'));
  return (
    <section className="c360-panel" aria-labelledby="c360-safety">
      <h2 id="c360-safety">{t('c360.safety.heading')}</h2>
      <h3>{t('c360.safety.notices')}</h3>
      {notices.length === 0 ? (
        <p className="muted">{t('c360.safety.noNotices')}</p>
      ) : (
        <ul className="c360-list">
          {notices.map((n) => (
            <li key={n.id}>
              <strong className="mono">{n.number}</strong>{' '}
              <span className={n.overdue ? 'risk risk-high' : `status notice-${n.status.toLowerCase()}`}>
                {n.overdue ? t('c360.safety.overdue') : t(`enums.rectificationStatus.${n.status}`)}
              </span>
              <br />
              {n.finding.description}
              <span className="muted">
                {' · '}
                {t('c360.safety.deadline', { day: format.day(n.deadline) })}
                {n.owner ? ` · ${n.owner.name}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('c360.safety.inspections')}</h3>
      {data.inspections.length === 0 ? (
        <p className="muted">{t('c360.safety.noInspections')}</p>
      ) : (
        <ul className="c360-list">
          {data.inspections.slice(0, INSPECTIONS_SHOWN).map((i) => (
            <li key={i.id}>
              {format.day(i.performedOn)} · {t(`enums.inspectionKind.${i.kind}`)} ·{' '}
              <span className={`inspection-${i.result.toLowerCase()}`}>{t(`enums.inspectionResult.${i.result}`)}</span>
              {i.inspectors.length > 0 ? <span className="muted"> · {i.inspectors.map((u) => u.name).join(t('live.listSeparator'))}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {data.inspections.length > INSPECTIONS_SHOWN ? (
        <p className="muted">{t('c360.safety.more', { count: data.inspections.length - INSPECTIONS_SHOWN })}</p>
      ) : null}
    </section>
  );
}
