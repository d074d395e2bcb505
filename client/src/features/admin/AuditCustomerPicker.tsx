// Finds a customer by name, USCC or account number for the audit log's
// "object" filter: the matches are offered in a native <select> (keyboard and
// screen readers for free); choosing one puts its ID into the filter.
import { useId, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { useDebouncedValue } from '../../lib/use-debounced-value';

const auditCustomerSearchQuery = graphql(`
  query AdminAuditCustomerSearch($search: String!) {
    customers(first: 10, filter: { search: $search }) {
      edges {
        node {
          id
          name
          uscc
        }
      }
    }
  }
`);

export function AuditCustomerPicker({ onPick }: { onPick(id: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 300);
  const { data, loading } = useQuery(auditCustomerSearchQuery, { variables: { search }, skip: search.length < 2 });
  const matches = search.length >= 2 ? (data?.customers.edges.map((e) => e.node) ?? []) : [];
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('admin.audit.findCustomer')}</label>
        <input id={`${id}-search`} type="search" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pick`}>{t('admin.audit.customerMatches')}</label>
        <select
          id={`${id}-pick`}
          value=""
          disabled={matches.length === 0}
          onChange={(e) => {
            if (e.target.value) onPick(e.target.value);
          }}
        >
          <option value="">
            {search.length < 2
              ? t('admin.audit.typeToFind')
              : loading
                ? t('admin.loading')
                : t('admin.audit.matches', { count: matches.length })}
          </option>
          {matches.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.uscc ? ` · ${c.uscc}` : ''}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
