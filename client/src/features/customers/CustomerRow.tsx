// One row of the customer table. It declares the fields it shows
// (CustomerRow_customer) and reads them from the cache itself, so a
// subscription or mutation that changes this customer re-renders only this
// row.
import { useEffect, useRef } from 'react';
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { isRedacted, useRedactionsVersion } from '../../apollo/redactions';
import { Link, pathTo } from '../../app/router';
import { graphql } from '../../gql';
import { useFormatters } from '../../lib/format';

export const CustomerRow_customer = graphql(`
  fragment CustomerRow_customer on Customer {
    id
    name
    uscc
    kind
    tier
    status
    updatedAt
    orgUnit {
      id
      name
    }
    responsibleRep {
      id
      name
    }
    contacts {
      id
      name
      phone
      isPrimary
    }
  }
`);

export interface CustomerRowProps {
  readonly customer: FragmentType<typeof CustomerRow_customer>;
  /** Changes whenever a live event touched this customer; each change flashes the row once. */
  readonly flashKey?: number;
}

export function CustomerRow({ customer, flashKey }: CustomerRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const rowRef = useRef<HTMLTableRowElement>(null);
  const { data, complete } = useFragment({ fragment: CustomerRow_customer, from: customer });
  useRedactionsVersion(); // re-render when the server reports a withheld phone

  useEffect(() => {
    const row = rowRef.current;
    if (!flashKey || !row) return;
    row.classList.remove('row-flash');
    void row.offsetWidth; // restart the CSS animation when events come in quick succession
    row.classList.add('row-flash');
    const timer = setTimeout(() => row.classList.remove('row-flash'), 2_500);
    return () => clearTimeout(timer);
  }, [flashKey]);

  if (!complete) {
    return (
      <tr ref={rowRef} aria-busy="true">
        <td colSpan={8} className="muted">
          {t('customers.loading')}
        </td>
      </tr>
    );
  }

  const contact = data.contacts.find((c) => c.isPrimary) ?? data.contacts[0];
  return (
    <tr ref={rowRef}>
      <th scope="row" className="cell-name">
        <Link className="customer-name" to={pathTo('/customers/:id', { id: data.id })}>
          {data.name}
        </Link>
        <span className="uscc">{data.uscc ?? t('customers.noUscc')}</span>
      </th>
      <td>{t(`enums.kind.${data.kind}`)}</td>
      <td>
        <span className={`badge tier-${data.tier.toLowerCase()}`}>{t(`enums.tier.${data.tier}`)}</span>
      </td>
      <td>
        <span className={`status status-${data.status.toLowerCase()}`}>
          {t(`enums.status.${data.status}`)}
        </span>
      </td>
      <td>{data.orgUnit.name}</td>
      <td>{data.responsibleRep?.name ?? <span className="muted">{t('customers.unassigned')}</span>}</td>
      <td>
        {contact ? (
          <>
            <span>{contact.name}</span>
            {contact.phone ? (
              <a className="phone" href={`tel:${contact.phone}`}>
                {contact.phone}
              </a>
            ) : isRedacted(contact.id, 'phone') ? (
              // Withheld by the server (no pii:read): say so rather than look empty.
              <span className="phone phone-hidden" title={t('customers.phoneHidden')} aria-label={t('customers.phoneHidden')} role="img">
                {t('customers.none')}
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted">{t('customers.none')}</span>
        )}
      </td>
      <td>
        <time dateTime={data.updatedAt}>{format.dateTime(data.updatedAt)}</time>
      </td>
    </tr>
  );
}
