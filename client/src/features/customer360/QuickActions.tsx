// The quick actions on a customer 快捷操作 — log a visit (with a promise to
// pay), record a payment, agree an installment plan, put on / take off the
// risk ledger — as buttons (QuickActionButtons, offered only with the
// permission the server will ask for) and one host of their dialogs
// (QuickActionDialogs). Used on the Customer 360 header and on every
// worklist row. The host loads what the dialogs need about the customer
// (accounts, balances, leader) once an action is chosen, then opens it; after
// the write the owner's queries are refetched so the page shows the result
// without a reload.
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { RiskLevel, VisitPurpose } from '../../gql/graphql';
import { readError } from '../../lib/graphql-errors';
import { useViewer } from '../auth/use-viewer';
import { AgreeInstallmentPlanDialog } from '../installments/AgreeInstallmentPlanDialog';
import { RecordPaymentDialog } from '../payments/RecordPaymentDialog';
import { PutOnRiskLedgerDialog } from '../risk/PutOnRiskLedgerDialog';
import { TakeOffRiskLedgerDialog } from '../risk/TakeOffRiskLedgerDialog';
import { LogVisitDialog } from '../visits/LogVisitDialog';

export type QuickAction = 'visit' | 'payment' | 'plan' | 'riskOn' | 'riskOff';

/** The customer (and account, when the row is about one) an action is taken on. */
export interface ActionTarget {
  readonly customerId: string;
  readonly customerName: string;
  readonly serviceAccount?: { readonly id: string; readonly accountNumber: string } | null;
  /** Whether it is on the risk ledger: decides "put on" or "take off". */
  readonly onRiskLedger: boolean;
  /** What a visit logged from here is for; a collection visit when omitted. */
  readonly visitPurpose?: VisitPurpose;
}

export interface ChosenAction {
  readonly action: QuickAction;
  readonly target: ActionTarget;
}

export const quickActionCustomerQuery = graphql(`
  query QuickActionCustomer($id: ID!) {
    customer(id: $id) {
      id
      name
      riskLevel
      responsibleLeader {
        id
        name
      }
      balance {
        balance
        credit
        arrears
      }
      installmentPlans {
        id
        status
        serviceAccount {
          id
        }
      }
      serviceAccounts {
        id
        accountNumber
        balance {
          balance
          credit
          arrears
        }
      }
    }
  }
`);

/** Which actions the viewer may take (the server checks again). */
export function useQuickActionPermissions() {
  const { me } = useViewer();
  const permissions = me?.permissions ?? [];
  return {
    visit: permissions.includes('visits:write'),
    payment: permissions.includes('payments:write'),
    plan: permissions.includes('payments:write'),
    risk: permissions.includes('customers:assign'),
  };
}

export interface QuickActionButtonsProps {
  readonly target: ActionTarget;
  onChoose(chosen: ChosenAction): void;
  /** Smaller buttons for table rows. */
  readonly compact?: boolean;
  /** Leave out log visit / record payment where the page already offers them. */
  readonly only?: readonly QuickAction[];
}

export function QuickActionButtons({ target, onChoose, compact, only }: QuickActionButtonsProps) {
  const { t } = useTranslation();
  const allowed = useQuickActionPermissions();
  const name = target.customerName;
  const offered = (a: QuickAction) => !only || only.includes(a);
  const button = (action: QuickAction, label: string, aria: string) => (
    <button type="button" key={action} onClick={() => onChoose({ action, target })} aria-label={compact ? aria : undefined}>
      {label}
    </button>
  );
  const buttons = [
    allowed.visit && offered('visit') ? button('visit', t('quick.visit'), t('quick.visitFor', { name })) : null,
    allowed.payment && offered('payment') ? button('payment', t('quick.payment'), t('quick.paymentFor', { name })) : null,
    allowed.plan && offered('plan') ? button('plan', t('quick.plan'), t('quick.planFor', { name })) : null,
    allowed.risk && target.onRiskLedger && offered('riskOff') ? button('riskOff', t('quick.riskOff'), t('quick.riskOffFor', { name })) : null,
    allowed.risk && !target.onRiskLedger && offered('riskOn') ? button('riskOn', t('quick.riskOn'), t('quick.riskOnFor', { name })) : null,
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return (
    <div className={compact ? 'quick-actions quick-actions-compact' : 'quick-actions'} role="group" aria-label={t('quick.group', { name })}>
      {buttons}
    </div>
  );
}

export interface QuickActionDialogsProps {
  readonly chosen: ChosenAction | null;
  /** Queries (by operation name) to refetch once an action is done. */
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onDone(message: string): void;
}

export function QuickActionDialogs({ chosen, refetchQueries, onClose, onDone }: QuickActionDialogsProps) {
  const { t } = useTranslation();
  // Visits need nothing more than the row gives; the others need the customer's accounts, balances or leader.
  const needsCustomer = chosen !== null && chosen.action !== 'visit' && chosen.action !== 'riskOff';
  const { data, error, loading } = useQuery(quickActionCustomerQuery, {
    variables: { id: chosen?.target.customerId ?? '' },
    skip: !needsCustomer,
    // Fresh each time (balances, plans and ledger state decide what the dialog
    // offers), and kept out of the cache: this partial `balance` would replace
    // the one Customer 360's header reads (AccountBalance has no id to merge by).
    fetchPolicy: 'no-cache',
  });
  const customer = needsCustomer && data?.customer.id === chosen?.target.customerId ? data.customer : null;
  const target = chosen?.target;
  const ready = (action: QuickAction) => chosen?.action === action && (!needsCustomer || customer !== null);
  const account = target?.serviceAccount ?? null;
  const riskLevel: RiskLevel | null = customer?.riskLevel ?? null;

  return (
    <>
      {needsCustomer && !customer ? (
        error ? (
          <div className="notice notice-error" role="alert">
            <span>{t('quick.loadError', { message: readError(error).message })}</span>
            <button type="button" className="link" onClick={onClose}>
              {t('customers.dismiss')}
            </button>
          </div>
        ) : loading ? (
          <p className="muted" role="status">
            {t('quick.loading')}
          </p>
        ) : null
      ) : null}
      <LogVisitDialog
        open={ready('visit')}
        customerId={target?.customerId ?? ''}
        customerName={target?.customerName ?? ''}
        accounts={account ? [account] : []}
        defaultServiceAccountId={account?.id ?? null}
        defaultPurpose={target?.visitPurpose ?? 'COLLECTION'}
        refetchQueries={refetchQueries}
        onClose={onClose}
        onLogged={onDone}
      />
      <RecordPaymentDialog
        open={ready('payment')}
        accounts={customer?.serviceAccounts ?? []}
        defaultServiceAccountId={account?.id ?? null}
        refetchQueries={refetchQueries}
        onClose={onClose}
        onRecorded={onDone}
      />
      <AgreeInstallmentPlanDialog
        open={ready('plan')}
        customerId={target?.customerId ?? ''}
        customerName={target?.customerName ?? ''}
        accounts={customer?.serviceAccounts ?? []}
        balance={customer?.balance ?? null}
        activePlans={(customer?.installmentPlans ?? []).filter((p) => p.status === 'ACTIVE').map((p) => ({ serviceAccountId: p.serviceAccount?.id ?? null }))}
        defaultServiceAccountId={account?.id ?? null}
        refetchQueries={refetchQueries}
        onClose={onClose}
        onAgreed={onDone}
      />
      <PutOnRiskLedgerDialog
        open={ready('riskOn') && riskLevel === null}
        customerId={target?.customerId ?? ''}
        customerName={target?.customerName ?? ''}
        currentLeader={customer?.responsibleLeader ?? null}
        refetchQueries={refetchQueries}
        onClose={onClose}
        onDone={onDone}
      />
      {ready('riskOn') && riskLevel !== null ? (
        <div className="notice" role="status">
          <span>{t('quick.alreadyOnLedger', { name: target?.customerName ?? '' })}</span>
          <button type="button" className="link" onClick={onClose}>
            {t('customers.dismiss')}
          </button>
        </div>
      ) : null}
      <TakeOffRiskLedgerDialog
        open={ready('riskOff')}
        customerId={target?.customerId ?? ''}
        customerName={target?.customerName ?? ''}
        refetchQueries={refetchQueries}
        onClose={onClose}
        onDone={onDone}
      />
    </>
  );
}
