// The customer list's filter form: the CustomerFilter fields a person screens
// by (schema `input CustomerFilter`), the everyday ones in view and the rest
// under "more filters". Controlled: the page owns the form state.
import { useId, type ReactNode } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { CustomerOrder } from '../../gql/graphql';
import { useViewer } from '../auth/use-viewer';
import { OrgUnitSelect } from '../org/OrgUnitSelect';
import type { OrgTreeNode } from '../org/org-tree';
import { CUSTOMER_KINDS, CUSTOMER_ORDERS, CUSTOMER_STATUSES, CUSTOMER_TIERS, RISK_LEVELS, UTILITIES } from './customer-enums';
import { DECIMAL_PATTERN, type CustomerFilterForm, type Flag } from './customer-filter-form';

const filterUsersQuery = graphql(`
  query CustomerFilterUsers {
    users(filter: { roles: [REP, LEAD, ADMIN] }) {
      id
      name
      role
    }
  }
`);

interface ChipGroupProps<T extends string> {
  readonly legend: string;
  readonly values: readonly T[];
  readonly selected: readonly T[];
  readonly label: (value: T) => string;
  onChange(next: T[]): void;
}

function ChipGroup<T extends string>({ legend, values, selected, label, onChange }: ChipGroupProps<T>) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="chips">
        {values.map((value) => (
          <label key={value} className="chip">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={(event) =>
                onChange(event.target.checked ? [...selected, value] : selected.filter((x) => x !== value))
              }
            />
            <span>{label(value)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function FlagSelect({ id, label, value, onChange }: { id: string; label: ReactNode; value: Flag; onChange(next: Flag): void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as Flag)}>
        <option value="">{t('customerFilters.any')}</option>
        <option value="yes">{t('customerFilters.yes')}</option>
        <option value="no">{t('customerFilters.no')}</option>
      </select>
    </div>
  );
}

export interface CustomerFiltersProps {
  readonly form: CustomerFilterForm;
  onChange(form: CustomerFilterForm): void;
  readonly orderBy: CustomerOrder;
  onOrderBy(order: CustomerOrder): void;
  readonly orgNodes: readonly OrgTreeNode[];
  /** Conditions set beyond the visible ones, shown on the "more filters" summary. */
  readonly moreCount: number;
  onReset(): void;
}

export function CustomerFilters({ form, onChange, orderBy, onOrderBy, orgNodes, moreCount, onReset }: CustomerFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const { can } = useViewer();
  const mayListUsers = can('users:read');
  const { data: usersData } = useQuery(filterUsersQuery, { skip: !mayListUsers, fetchPolicy: 'cache-first' });
  const users = usersData?.users ?? [];
  const set = <K extends keyof CustomerFilterForm>(key: K, value: CustomerFilterForm[K]) => onChange({ ...form, [key]: value });
  const minimum = form.minMonthlyConsumption.trim();
  const minimumInvalid = minimum !== '' && !DECIMAL_PATTERN.test(minimum);
  const datesInverted = !!form.developedFrom && !!form.developedTo && form.developedFrom > form.developedTo;

  return (
    <form className="filters customer-filters" role="search" aria-label={t('customers.filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="field field-search">
        <label htmlFor={`${id}-search`}>{t('customers.search')}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={form.search}
          maxLength={100}
          placeholder={t('customers.searchPlaceholder')}
          autoComplete="off"
          onChange={(event) => set('search', event.target.value)}
        />
      </div>
      <ChipGroup legend={t('customers.tiers')} values={CUSTOMER_TIERS} selected={form.tiers} label={(v) => t(`enums.tier.${v}`)} onChange={(v) => set('tiers', v)} />
      <ChipGroup legend={t('customerFilters.statuses')} values={CUSTOMER_STATUSES} selected={form.statuses} label={(v) => t(`enums.status.${v}`)} onChange={(v) => set('statuses', v)} />
      <div className="field">
        <label htmlFor={`${id}-org`}>{t('customers.orgUnit')}</label>
        <OrgUnitSelect id={`${id}-org`} nodes={orgNodes} value={form.orgUnitId} onChange={(v) => set('orgUnitId', v)} emptyLabel={t('customers.allOrgUnits')} />
      </div>
      {mayListUsers ? (
        <div className="field">
          <label htmlFor={`${id}-rep`}>{t('customerFilters.rep')}</label>
          <select id={`${id}-rep`} value={form.responsibleRepId} onChange={(event) => set('responsibleRepId', event.target.value)}>
            <option value="">{t('customerFilters.anyone')}</option>
            {users
              .filter((u) => u.role === 'REP' || u.id === form.responsibleRepId)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      <FlagSelect id={`${id}-risk`} label={t('customerFilters.onRiskLedger')} value={form.onRiskLedger} onChange={(v) => set('onRiskLedger', v)} />
      <div className="field">
        <label htmlFor={`${id}-order`}>{t('customers.orderBy')}</label>
        <select id={`${id}-order`} value={orderBy} onChange={(event) => onOrderBy(event.target.value as CustomerOrder)}>
          {CUSTOMER_ORDERS.map((order) => (
            <option key={order} value={order}>
              {t(`order.${order}`)}
            </option>
          ))}
        </select>
      </div>

      <details className="more-filters" open={moreCount > 0 ? true : undefined}>
        <summary>{moreCount > 0 ? t('customerFilters.moreSet', { count: moreCount }) : t('customerFilters.more')}</summary>
        <div className="more-filters-body">
          <ChipGroup legend={t('customerFilters.kinds')} values={CUSTOMER_KINDS} selected={form.kinds} label={(v) => t(`enums.kind.${v}`)} onChange={(v) => set('kinds', v)} />
          <ChipGroup legend={t('customerFilters.utilities')} values={UTILITIES} selected={form.utilities} label={(v) => t(`enums.utility.${v}`)} onChange={(v) => set('utilities', v)} />
          <ChipGroup legend={t('customerFilters.riskLevels')} values={RISK_LEVELS} selected={form.riskLevels} label={(v) => t(`enums.riskLevel.${v}`)} onChange={(v) => set('riskLevels', v)} />
          <FlagSelect id={`${id}-dishonest`} label={t('customerFilters.dishonest')} value={form.dishonest} onChange={(v) => set('dishonest', v)} />
          {mayListUsers ? (
            <div className="field">
              <label htmlFor={`${id}-leader`}>{t('customerFilters.leader')}</label>
              <select id={`${id}-leader`} value={form.responsibleLeaderId} onChange={(event) => set('responsibleLeaderId', event.target.value)}>
                <option value="">{t('customerFilters.anyone')}</option>
                {users
                  .filter((u) => u.role === 'LEAD' || u.role === 'ADMIN' || u.id === form.responsibleLeaderId)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('customerFilters.developedFrom')}</label>
            <input id={`${id}-from`} type="date" value={form.developedFrom} onChange={(event) => set('developedFrom', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('customerFilters.developedTo')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={form.developedTo}
              aria-invalid={datesInverted || undefined}
              aria-describedby={datesInverted ? `${id}-to-error` : undefined}
              onChange={(event) => set('developedTo', event.target.value)}
            />
            {datesInverted ? (
              <span id={`${id}-to-error`} className="field-error">
                {t('customerFilters.datesInverted')}
              </span>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-industry`}>{t('customerFilters.industry')}</label>
            <input id={`${id}-industry`} value={form.industry} maxLength={100} placeholder={t('customerFilters.industryPlaceholder')} onChange={(event) => set('industry', event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-min`}>{t('customerFilters.minConsumption')}</label>
            <input
              id={`${id}-min`}
              inputMode="decimal"
              value={form.minMonthlyConsumption}
              aria-invalid={minimumInvalid || undefined}
              aria-describedby={minimumInvalid ? `${id}-min-error` : undefined}
              onChange={(event) => set('minMonthlyConsumption', event.target.value)}
            />
            {minimumInvalid ? (
              <span id={`${id}-min-error`} className="field-error">
                {t('customerFilters.minConsumptionInvalid')}
              </span>
            ) : null}
          </div>
        </div>
      </details>
      <div className="field field-reset">
        <button type="button" className="link" onClick={onReset}>
          {t('customerFilters.reset')}
        </button>
      </div>
    </form>
  );
}
