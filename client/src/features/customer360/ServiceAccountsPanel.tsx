// The customer's service accounts 户号 — across districts and serving
// stations — with their collector and what each owes.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';
import { TableOrEmpty } from '../../components/TableOrEmpty';

export const ServiceAccountsPanel_customer = graphql(`
  fragment ServiceAccountsPanel_customer on Customer {
    id
    serviceAccounts {
      id
      accountNumber
      address
      district
      status
      utility
      orgUnit {
        id
        name
      }
      collector {
        id
        name
      }
      balance {
        balance
        arrears
      }
    }
  }
`);

export function ServiceAccountsPanel({ customer }: { readonly customer: FragmentType<typeof ServiceAccountsPanel_customer> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data, complete } = useFragment({ fragment: ServiceAccountsPanel_customer, from: customer });
  if (!complete) return null;
  return (
    <section className="c360-panel c360-wide" aria-labelledby="c360-accounts">
      <h2 id="c360-accounts">{t('c360.accounts.heading', { count: data.serviceAccounts.length })}</h2>
      <TableOrEmpty
        empty={data.serviceAccounts.length === 0}
        emptyText={t('c360.accounts.empty')}
        className="c360-table"
        head={
          <>
            <th scope="col">{t('c360.accounts.number')}</th>
            <th scope="col">{t('c360.accounts.address')}</th>
            <th scope="col">{t('c360.accounts.station')}</th>
            <th scope="col">{t('c360.accounts.collector')}</th>
            <th scope="col">{t('c360.accounts.status')}</th>
            <th scope="col" className="num">{t('c360.balance')}</th>
            <th scope="col" className="num">{t('c360.arrears')}</th>
          </>
        }
      >
        {data.serviceAccounts.map((a) => (
          <tr key={a.id}>
            <th scope="row" className="mono">{a.accountNumber}</th>
            <td>
              {a.address}
              {a.district ? <span className="muted"> · {a.district}</span> : null}
            </td>
            <td>{a.orgUnit?.name ?? <span className="muted">{t('c360.accounts.otherBranch')}</span>}</td>
            <td>{a.collector?.name ?? <span className="muted">{t('customers.unassigned')}</span>}</td>
            <td>
              <span className={`status status-${a.status.toLowerCase()}`}>{t(`enums.accountStatus.${a.status}`)}</span>
            </td>
            <td className="num money">{format.money(a.balance.balance)}</td>
            <td className={Number(a.balance.arrears) > 0 ? 'num money money-owed' : 'num money'}>
              {format.money(a.balance.arrears)}
            </td>
          </tr>
        ))}
      </TableOrEmpty>
    </section>
  );
}
