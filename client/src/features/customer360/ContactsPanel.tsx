// The customer's contact people, the primary one first. Phones withheld by
// the server (no pii:read) say so instead of looking empty.
import type { FragmentType } from '@apollo/client';
import { useFragment } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { isRedacted, useRedactionsVersion } from '../../apollo/redactions';
import { graphql } from '../../gql';

export const ContactsPanel_customer = graphql(`
  fragment ContactsPanel_customer on Customer {
    id
    contacts {
      id
      name
      title
      role
      phone
      email
      isPrimary
    }
  }
`);

export function ContactsPanel({ customer }: { readonly customer: FragmentType<typeof ContactsPanel_customer> }) {
  const { t } = useTranslation();
  const { data, complete } = useFragment({ fragment: ContactsPanel_customer, from: customer });
  useRedactionsVersion();
  if (!complete) return null;
  return (
    <section className="c360-panel" aria-labelledby="c360-contacts">
      <h2 id="c360-contacts">{t('c360.contacts.heading')}</h2>
      {data.contacts.length === 0 ? (
        <p className="muted">{t('c360.contacts.empty')}</p>
      ) : (
        <ul className="c360-list">
          {data.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>
              {c.isPrimary ? <span className="badge">{t('c360.contacts.primary')}</span> : null}
              <span className="muted">
                {' '}
                {[c.title, t(`enums.contactRole.${c.role}`)].filter(Boolean).join(' · ')}
              </span>
              <br />
              {c.phone ? (
                <a className="phone" href={`tel:${c.phone}`}>
                  {c.phone}
                </a>
              ) : isRedacted(c.id, 'phone') ? (
                <span className="muted">{t('customers.phoneHidden')}</span>
              ) : null}
              {c.email ? (
                <>
                  {' '}
                  <a href={`mailto:${c.email}`}>{c.email}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
