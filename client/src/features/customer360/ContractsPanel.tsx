// The customer's contracts 合同, newest first.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const ContractsPanel_customer = graphql(`
  fragment ContractsPanel_customer on Customer {
    id
    contracts {
      id
      number
      type
      status
      startsOn
      endsOn
      serviceAccount {
        id
        accountNumber
      }
    }
  }
`);

export function ContractsPanel({ customer }: { readonly customer: FragmentType<typeof ContractsPanel_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: ContractsPanel_customer, from: customer });
  if (!complete) return null;
  return (
    <section className="c360-panel" aria-labelledby="c360-contracts">
      <h2 id="c360-contracts">{t('c360.contracts.heading')}</h2>
      {data.contracts.length === 0 ? (
        <p className="muted">{t('c360.contracts.empty')}</p>
      ) : (
        <ul className="c360-list">
          {data.contracts.map((c) => (
            <li key={c.id}>
              <strong className="mono">{c.number}</strong>{' '}
              <span className={`status status-${c.status.toLowerCase()}`}>{t(`enums.contractStatus.${c.status}`)}</span>
              <br />
              <span className="muted">
                {t(`enums.contractType.${c.type}`)} ·{' '}
                {t('c360.contracts.term', {
                  from: format.day(c.startsOn),
                  to: c.endsOn ? format.day(c.endsOn) : t('c360.contracts.openEnded'),
                })}
                {c.serviceAccount ? ` · ${c.serviceAccount.accountNumber}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
