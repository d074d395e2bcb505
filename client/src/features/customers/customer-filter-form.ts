// The customer page's filter form and the CustomerFilter it stands for, both
// ways: the form becomes the list's (and the export's) filter, and a saved
// view's filter becomes the form again. Fields the form has no control for
// are kept as they came (`rest`), so applying a view never drops a condition.
import type { CustomerFilter, CustomerKind, CustomerStatus, CustomerTier, RiskLevel, Utility } from '../../gql/graphql';
import { normalizeFilter } from './customers-view';

/** A tri-state switch: any, yes, no. */
export type Flag = '' | 'yes' | 'no';

export interface CustomerFilterForm {
  readonly search: string;
  readonly statuses: readonly CustomerStatus[];
  readonly tiers: readonly CustomerTier[];
  readonly kinds: readonly CustomerKind[];
  readonly utilities: readonly Utility[];
  readonly orgUnitId: string;
  readonly responsibleRepId: string;
  readonly responsibleLeaderId: string;
  readonly onRiskLedger: Flag;
  readonly riskLevels: readonly RiskLevel[];
  readonly dishonest: Flag;
  readonly developedFrom: string;
  readonly developedTo: string;
  readonly industry: string;
  readonly minMonthlyConsumption: string;
  /** Conditions of a saved view with no control here (e.g. several industries, a station radius). */
  readonly rest: CustomerFilter;
}

export const EMPTY_FORM: CustomerFilterForm = {
  search: '',
  statuses: [],
  tiers: [],
  kinds: [],
  utilities: [],
  orgUnitId: '',
  responsibleRepId: '',
  responsibleLeaderId: '',
  onRiskLedger: '',
  riskLevels: [],
  dishonest: '',
  developedFrom: '',
  developedTo: '',
  industry: '',
  minMonthlyConsumption: '',
  rest: {},
};

/** Up to 12 integer digits and 2 decimals, as the server's Decimal. */
export const DECIMAL_PATTERN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

const flag = (value: Flag): boolean | null => (value === '' ? null : value === 'yes');
const toFlag = (value: boolean | null | undefined): Flag => (value === true ? 'yes' : value === false ? 'no' : '');

/** The filter the form stands for; a minimum consumption that is no Decimal is left out (the form shows why). */
export function filterOf(form: CustomerFilterForm): CustomerFilter {
  const minimum = form.minMonthlyConsumption.trim();
  return normalizeFilter({
    ...form.rest,
    search: form.search,
    statuses: [...form.statuses],
    tiers: [...form.tiers],
    kinds: [...form.kinds],
    utilities: [...form.utilities],
    orgUnitId: form.orgUnitId || null,
    responsibleRepId: form.responsibleRepId || null,
    responsibleLeaderId: form.responsibleLeaderId || null,
    onRiskLedger: flag(form.onRiskLedger),
    riskLevels: [...form.riskLevels],
    dishonest: flag(form.dishonest),
    developedFrom: form.developedFrom || null,
    developedTo: form.developedTo || null,
    industries: form.industry.trim() ? [form.industry.trim()] : (form.rest.industries ?? null),
    minMonthlyConsumption: DECIMAL_PATTERN.test(minimum) ? minimum : null,
  });
}

/** The form showing a (saved) filter. */
export function formOf(filter: Record<string, unknown>): CustomerFilterForm {
  const f = normalizeFilter(filter as CustomerFilter);
  const industries = f.industries ?? [];
  const rest: CustomerFilter = {};
  if (industries.length > 1) rest.industries = industries;
  if (f.nearStation) rest.nearStation = f.nearStation;
  return {
    search: f.search ?? '',
    statuses: f.statuses ?? [],
    tiers: f.tiers ?? [],
    kinds: f.kinds ?? [],
    utilities: f.utilities ?? [],
    orgUnitId: f.orgUnitId ? String(f.orgUnitId) : '',
    responsibleRepId: f.responsibleRepId ? String(f.responsibleRepId) : '',
    responsibleLeaderId: f.responsibleLeaderId ? String(f.responsibleLeaderId) : '',
    onRiskLedger: toFlag(f.onRiskLedger),
    riskLevels: f.riskLevels ?? [],
    dishonest: toFlag(f.dishonest),
    developedFrom: f.developedFrom ?? '',
    developedTo: f.developedTo ?? '',
    industry: industries.length === 1 ? industries[0]! : '',
    minMonthlyConsumption: f.minMonthlyConsumption ?? '',
    rest,
  };
}

