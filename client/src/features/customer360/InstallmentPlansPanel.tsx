// The customer's installment plans 分期协议, with each instalment's state.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const InstallmentPlansPanel_customer = graphql(`
  fragment InstallmentPlansPanel_customer on Customer {
    id
    installmentPlans {
      id
      status
      total
      agreedOn
      note
      serviceAccount {
        id
        accountNumber
      }
      instalments {
        id
        sequence
        dueOn
        amount
        paidAmount
        status
      }
    }
  }
`);

export function InstallmentPlansPanel({ customer }: { readonly customer: FragmentType<typeof InstallmentPlansPanel_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: InstallmentPlansPanel_customer, from: customer });
  if (!complete) return null;
  return (
    <section className="c360-panel" aria-labelledby="c360-plans">
      <h2 id="c360-plans">{t('c360.plans.heading')}</h2>
      {data.installmentPlans.length === 0 ? (
        <p className="muted">{t('c360.plans.empty')}</p>
      ) : (
        <ul className="c360-list">
          {data.installmentPlans.map((p) => (
            <li key={p.id}>
              <strong className="money">{format.money(p.total)}</strong>{' '}
              <span className={`status plan-${p.status.toLowerCase()}`}>{t(`enums.planStatus.${p.status}`)}</span>
              <span className="muted">
                {' '}
                {t('c360.plans.agreedOn', { day: format.day(p.agreedOn) })}
                {p.serviceAccount ? ` · ${p.serviceAccount.accountNumber}` : ''}
              </span>
              {p.note ? <p className="muted">{p.note}</p> : null}
              <ol className="c360-instalments">
                {p.instalments.map((i) => (
                  <li key={i.id} className={`instalment-${i.status.toLowerCase()}`}>
                    {format.day(i.dueOn)} · {format.money(i.amount)} · {t(`enums.instalmentStatus.${i.status}`)}
                    {i.status !== 'PAID' && Number(i.paidAmount) > 0
                      ? ` (${t('c360.plans.paid', { amount: format.money(i.paidAmount) })})`
                      : ''}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
