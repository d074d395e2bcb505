// The four sections of a collector's day, each declaring the part of the
// Worklist it shows. A Worklist has no id, so the cache cannot hand a section
// its fragment by reference: the page's query spreads each one @unmask and
// passes the plain data down. Every row links to the customer's 360 page and offers
// the quick actions (customer360/QuickActions.tsx; the page hosts the dialogs).
import { useTranslation } from 'react-i18next';

import { Link, pathTo } from '../../app/router';
import { TableOrEmpty } from '../../components/TableOrEmpty';
import { graphql } from '../../gql';
import type {
  ArrearsSection_WorklistFragment,
  BreachedPlansSection_WorklistFragment,
  PolicyVisitsSection_WorklistFragment,
  PromisesSection_WorklistFragment,
} from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { QuickActionButtons, type ChosenAction } from '../customer360/QuickActions';

interface SectionProps<F> {
  readonly worklist: F;
  onChoose(chosen: ChosenAction): void;
}

const customerPath = (id: string) => pathTo('/customers/:id', { id });

export const ArrearsSection_worklist = graphql(`
  fragment ArrearsSection_worklist on Worklist {
    accountsInArrears {
      arrears
      brokenPromises
      oldestOverdueDays
      onRiskLedger
      priority
      customer {
        id
        name
        riskLevel
      }
      serviceAccount {
        id
        accountNumber
        address
      }
    }
  }
`);

export function ArrearsSection({ worklist, onChoose }: SectionProps<ArrearsSection_WorklistFragment>) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = worklist;
  const rows = data.accountsInArrears;
  return (
    <section className="worklist-section" aria-labelledby="wl-arrears">
      <h2 id="wl-arrears">{t('worklist.arrears.heading', { count: rows.length })}</h2>
      <TableOrEmpty
        empty={rows.length === 0}
        emptyText={t('worklist.arrears.empty')}
        className="worklist-table"
        head={
          <>
            <th scope="col">{t('worklist.customer')}</th>
            <th scope="col">{t('worklist.account')}</th>
            <th scope="col" className="num">{t('c360.arrears')}</th>
            <th scope="col" className="num">{t('worklist.arrears.overdueDays')}</th>
            <th scope="col" className="num">{t('worklist.arrears.brokenPromises')}</th>
            <th scope="col" className="num">{t('worklist.arrears.priority')}</th>
            <th scope="col"><span className="visually-hidden">{t('worklist.actions')}</span></th>
          </>
        }
      >
        {rows.map((r) => (
          <tr key={r.serviceAccount.id}>
            <th scope="row">
              <Link to={customerPath(r.customer.id)}>{r.customer.name}</Link>
              {r.onRiskLedger ? <span className="risk risk-high">{t('worklist.arrears.risk')}</span> : null}
            </th>
            <td>
              <span className="mono">{r.serviceAccount.accountNumber}</span>
              <span className="muted worklist-address">{r.serviceAccount.address}</span>
            </td>
            <td className="num money money-owed">{format.money(r.arrears)}</td>
            <td className="num">{t('worklist.days', { count: r.oldestOverdueDays })}</td>
            <td className="num">{r.brokenPromises}</td>
            <td className="num">{r.priority}</td>
            <td>
              <QuickActionButtons
                compact
                target={{ customerId: r.customer.id, customerName: r.customer.name, serviceAccount: r.serviceAccount, onRiskLedger: r.onRiskLedger }}
                onChoose={onChoose}
              />
            </td>
          </tr>
        ))}
      </TableOrEmpty>
    </section>
  );
}

export const PolicyVisitsSection_worklist = graphql(`
  fragment PolicyVisitsSection_worklist on Worklist {
    date
    policyVisitsDue {
      id
      kind
      dueOn
      reason
      amount
      customer {
        id
        name
        riskLevel
      }
      serviceAccount {
        id
        accountNumber
      }
    }
  }
`);

export function PolicyVisitsSection({ worklist, onChoose }: SectionProps<PolicyVisitsSection_WorklistFragment>) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = worklist;
  const rows = data.policyVisitsDue;
  return (
    <section className="worklist-section" aria-labelledby="wl-policy">
      <h2 id="wl-policy">{t('worklist.policy.heading', { count: rows.length })}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('worklist.policy.empty')}</p>
      ) : (
        <ul className="worklist-list">
          {rows.map((item) => (
            <li key={item.id}>
              <div>
                <Link to={customerPath(item.customer.id)}>{item.customer.name}</Link>
                {item.serviceAccount ? <span className="mono muted"> {item.serviceAccount.accountNumber}</span> : null}
                <br />
                <span className="badge">{t(`enums.worklistItemKind.${item.kind}`)}</span>{' '}
                <span className={item.dueOn < data.date ? 'money-owed' : 'muted'}>
                  {t('worklist.policy.due', { day: format.day(item.dueOn) })}
                </span>
                <span className="muted"> · {item.reason}</span>
              </div>
              <QuickActionButtons
                compact
                target={{ customerId: item.customer.id, customerName: item.customer.name, serviceAccount: item.serviceAccount ?? null, onRiskLedger: !!item.customer.riskLevel }}
                onChoose={onChoose}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const PromisesSection_worklist = graphql(`
  fragment PromisesSection_worklist on Worklist {
    promisesDue {
      id
      occurredAt
      outcome
      promisedAmount
      promisedOn
      recordedBy {
        id
        name
      }
      customer {
        id
        name
        riskLevel
      }
      serviceAccount {
        id
        accountNumber
      }
    }
  }
`);

export function PromisesSection({ worklist, onChoose }: SectionProps<PromisesSection_WorklistFragment>) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = worklist;
  const rows = data.promisesDue;
  return (
    <section className="worklist-section" aria-labelledby="wl-promises">
      <h2 id="wl-promises">{t('worklist.promises.heading', { count: rows.length })}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('worklist.promises.empty')}</p>
      ) : (
        <ul className="worklist-list">
          {rows.map((v) => (
            <li key={v.id}>
              <div>
                <Link to={customerPath(v.customer.id)}>{v.customer.name}</Link>
                {v.serviceAccount ? <span className="mono muted"> {v.serviceAccount.accountNumber}</span> : null}
                <br />
                <strong className="money">{v.promisedAmount ? format.money(v.promisedAmount) : t('customers.none')}</strong>
                <span className="muted">
                  {' · '}
                  {t('worklist.promises.madeOn', { when: format.dateTime(v.occurredAt), name: v.recordedBy.name })}
                </span>
                <p className="muted worklist-outcome">{v.outcome}</p>
              </div>
              <QuickActionButtons
                compact
                target={{ customerId: v.customer.id, customerName: v.customer.name, serviceAccount: v.serviceAccount ?? null, onRiskLedger: !!v.customer.riskLevel }}
                onChoose={onChoose}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const BreachedPlansSection_worklist = graphql(`
  fragment BreachedPlansSection_worklist on Worklist {
    breachedPlans {
      id
      total
      closedAt
      customer {
        id
        name
        riskLevel
      }
      serviceAccount {
        id
        accountNumber
      }
      instalments {
        id
        status
        dueOn
        amount
        paidAmount
      }
    }
  }
`);

export function BreachedPlansSection({ worklist, onChoose }: SectionProps<BreachedPlansSection_WorklistFragment>) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = worklist;
  const rows = data.breachedPlans;
  return (
    <section className="worklist-section" aria-labelledby="wl-plans">
      <h2 id="wl-plans">{t('worklist.plans.heading', { count: rows.length })}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('worklist.plans.empty')}</p>
      ) : (
        <ul className="worklist-list">
          {rows.map((p) => {
            const missed = p.instalments.find((i) => i.status === 'MISSED');
            return (
              <li key={p.id}>
                <div>
                  <Link to={customerPath(p.customer.id)}>{p.customer.name}</Link>
                  {p.serviceAccount ? <span className="mono muted"> {p.serviceAccount.accountNumber}</span> : null}
                  <br />
                  <span>{t('worklist.plans.total', { amount: format.money(p.total) })}</span>
                  {missed ? (
                    <span className="money-owed">
                      {' · '}
                      {t('worklist.plans.missed', { amount: format.money(missed.amount), day: format.day(missed.dueOn) })}
                    </span>
                  ) : null}
                  {p.closedAt ? (
                    <span className="muted">
                      {' · '}
                      {t('worklist.plans.breachedAt', { when: format.dateTime(p.closedAt) })}
                    </span>
                  ) : null}
                </div>
                <QuickActionButtons
                  compact
                  target={{ customerId: p.customer.id, customerName: p.customer.name, serviceAccount: p.serviceAccount ?? null, onRiskLedger: !!p.customer.riskLevel }}
                  onChoose={onChoose}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
