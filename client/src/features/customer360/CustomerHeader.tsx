// The Customer 360 header: who the customer is, who answers for it, whether
// it is on the risk ledger, and what it owes over all its 户号.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const CustomerHeader_customer = graphql(`
  fragment CustomerHeader_customer on Customer {
    id
    name
    uscc
    kind
    tier
    status
    dishonest
    riskLevel
    orgUnit {
      id
      name
    }
    responsibleRep {
      id
      name
    }
    responsibleLeader {
      id
      name
    }
    balance {
      balance
      arrears
      credit
      ageing {
        days0to30
        days31to90
        days91to180
        over180
      }
    }
    visitSummary {
      lastVisitAt
      openPromises
    }
  }
`);

export function CustomerHeader({ customer }: { readonly customer: FragmentType<typeof CustomerHeader_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: CustomerHeader_customer, from: customer });
  if (!complete) return null;
  const owes = Number(data.balance.arrears) > 0;
  return (
    <header className="c360-header">
      <div className="c360-identity">
        <h1>{data.name}</h1>
        <p className="muted">
          {data.uscc ?? t('customers.noUscc')} · {t(`enums.kind.${data.kind}`)} · {data.orgUnit.name}
        </p>
        <p className="c360-badges">
          <span className={`badge tier-${data.tier.toLowerCase()}`}>{t(`enums.tier.${data.tier}`)}</span>
          <span className={`status status-${data.status.toLowerCase()}`}>{t(`enums.status.${data.status}`)}</span>
          {data.riskLevel ? (
            <span className={`risk risk-${data.riskLevel.toLowerCase()}`}>
              {t('c360.risk', { level: t(`enums.riskLevel.${data.riskLevel}`) })}
            </span>
          ) : null}
          {data.dishonest ? <span className="risk risk-high">{t('c360.dishonest')}</span> : null}
        </p>
      </div>
      <dl className="c360-facts">
        <div>
          <dt>{t('c360.rep')}</dt>
          <dd>{data.responsibleRep?.name ?? <span className="muted">{t('customers.unassigned')}</span>}</dd>
        </div>
        <div>
          <dt>{t('c360.leader')}</dt>
          <dd>{data.responsibleLeader?.name ?? <span className="muted">{t('customers.none')}</span>}</dd>
        </div>
        <div>
          <dt>{t('c360.balance')}</dt>
          <dd className="money">{format.money(data.balance.balance)}</dd>
        </div>
        <div>
          <dt>{t('c360.arrears')}</dt>
          <dd className={owes ? 'money money-owed' : 'money'}>{format.money(data.balance.arrears)}</dd>
        </div>
        <div>
          <dt>{t('c360.credit')}</dt>
          <dd className="money">{format.money(data.balance.credit)}</dd>
        </div>
        <div>
          <dt>{t('c360.lastVisit')}</dt>
          <dd>
            {data.visitSummary.lastVisitAt ? (
              <time dateTime={data.visitSummary.lastVisitAt}>{format.dateTime(data.visitSummary.lastVisitAt)}</time>
            ) : (
              <span className="muted">{t('customers.none')}</span>
            )}
            {data.visitSummary.openPromises > 0 ? (
              <span className="muted"> · {t('c360.openPromises', { count: data.visitSummary.openPromises })}</span>
            ) : null}
          </dd>
        </div>
      </dl>
      {owes ? (
        <p className="c360-ageing muted">
          {t('c360.ageing', {
            a: format.money(data.balance.ageing.days0to30),
            b: format.money(data.balance.ageing.days31to90),
            c: format.money(data.balance.ageing.days91to180),
            d: format.money(data.balance.ageing.over180),
          })}
        </p>
      ) : null}
    </header>
  );
}
