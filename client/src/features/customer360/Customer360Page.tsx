// Customer 360 (#/customers/:id): everything about one customer on one page,
// from ONE query composed of the panels' fragments, plus the two things a
// collector does most from here — record a payment, log a visit — and the
// other quick actions (agree an installment plan, risk ledger on/off:
// QuickActions.tsx), after which the query is refetched so balance, plans,
// risk badge and timeline show the result.
import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { Link } from '../../app/router';
import { DismissibleNotice } from '../../components/DismissibleNotice';
import { graphql } from '../../gql';
import { readError } from '../../lib/graphql-errors';
import { RecordPaymentDialog } from '../payments/RecordPaymentDialog';
import { LogVisitDialog } from '../visits/LogVisitDialog';
import { ConsumptionChartPanel } from './ConsumptionChartPanel';
import { ContactsPanel } from './ContactsPanel';
import { ContractsPanel } from './ContractsPanel';
import { CustomerHeader } from './CustomerHeader';
import { InstallmentPlansPanel } from './InstallmentPlansPanel';
import { MetersPanel } from './MetersPanel';
import { QuickActionButtons, QuickActionDialogs, useQuickActionPermissions, type ChosenAction } from './QuickActions';
import { SafetyPanel } from './SafetyPanel';
import { ServiceAccountsPanel } from './ServiceAccountsPanel';
import { TimelinePanel } from './TimelinePanel';

export const customer360Query = graphql(`
  query Customer360($id: ID!) {
    customer(id: $id) {
      id
      name
      riskLevel
      serviceAccounts {
        id
        accountNumber
      }
      ...CustomerHeader_customer
      ...ServiceAccountsPanel_customer
      ...ContactsPanel_customer
      ...ContractsPanel_customer
      ...InstallmentPlansPanel_customer
      ...MetersPanel_customer
      ...SafetyPanel_customer
      ...TimelinePanel_customer
    }
  }
`);

const REFETCH = ['Customer360'] as const;

type Dialog = 'payment' | 'visit' | null;

export function Customer360Page({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const { data, error, loading, refetch } = useQuery(customer360Query, {
    variables: { id },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ChosenAction | null>(null);
  const allowed = useQuickActionPermissions();

  const customer = data?.customer;

  if (!customer) {
    if (error) {
      const readable = readError(error);
      return (
        <div className="state state-error" role="alert">
          <p>{readable.code === 'NOT_FOUND' || readable.code === 'FORBIDDEN' ? t('c360.notFound') : t('c360.error', { message: readable.message })}</p>
          <p>
            <button type="button" onClick={() => void refetch().catch(() => undefined)}>
              {t('customers.retry')}
            </button>{' '}
            <Link to="/customers">{t('c360.backToList')}</Link>
          </p>
        </div>
      );
    }
    return (
      <p className="state muted" role="status" aria-busy={loading}>
        {t('c360.loading')}
      </p>
    );
  }

  const done = (text: string) => {
    setDialog(null);
    setChosen(null);
    setMessage(text);
  };

  return (
    <div className="c360">
      <nav className="c360-crumbs" aria-label={t('c360.breadcrumb')}>
        <Link to="/customers">{t('nav.customers')}</Link> / <span aria-current="page">{customer.name}</span>
      </nav>
      <CustomerHeader customer={customer} />
      <div className="c360-actions" role="group" aria-label={t('c360.quickActions')}>
        {/* Offered only to those the server lets record them (a lead may not take payments). */}
        {allowed.payment ? (
          <button type="button" className="primary" onClick={() => setDialog('payment')} disabled={customer.serviceAccounts.length === 0}>
            {t('c360.recordPayment')}
          </button>
        ) : null}
        {allowed.visit ? (
          <button type="button" onClick={() => setDialog('visit')}>
            {t('c360.logVisit')}
          </button>
        ) : null}
        <QuickActionButtons
          target={{ customerId: customer.id, customerName: customer.name, serviceAccount: null, onRiskLedger: !!customer.riskLevel }}
          onChoose={setChosen}
          only={['plan', 'riskOn', 'riskOff']}
        />
        {loading ? (
          <span className="muted" role="status">
            {t('customers.refreshing')}
          </span>
        ) : null}
      </div>
      <DismissibleNotice message={message} onDismiss={() => setMessage(null)} />
      <QuickActionDialogs chosen={chosen} refetchQueries={REFETCH} onClose={() => setChosen(null)} onDone={done} />
      {error ? (
        <p className="notice notice-error" role="alert">
          {t('c360.error', { message: readError(error).message })}
        </p>
      ) : null}
      <div className="c360-grid">
        <ServiceAccountsPanel customer={customer} />
        <ContactsPanel customer={customer} />
        <ContractsPanel customer={customer} />
        <InstallmentPlansPanel customer={customer} />
        <MetersPanel customer={customer} />
        <ConsumptionChartPanel customerId={customer.id} />
        <SafetyPanel customer={customer} />
        <TimelinePanel customer={customer} />
      </div>
      <RecordPaymentDialog
        open={dialog === 'payment'}
        accounts={customer.serviceAccounts}
        refetchQueries={REFETCH}
        onClose={() => setDialog(null)}
        onRecorded={done}
      />
      <LogVisitDialog
        open={dialog === 'visit'}
        customerId={customer.id}
        customerName={customer.name}
        accounts={customer.serviceAccounts}
        refetchQueries={REFETCH}
        onClose={() => setDialog(null)}
        onLogged={done}
      />
    </div>
  );
}
