// What a customer list shows: its filter and order. The cache keeps one
// `customers` connection per view (keyed by customersKeyArgs), and a customer
// created elsewhere is added to each cached view it belongs to, which needs
// the server's rules for filters and order (customerMatchesView,
// compareForOrder; see CustomerFilter and CustomerOrder in the schema).
import type { KeyArgsFunction } from '@apollo/client/cache';

import { graphql } from '../../gql';
import type { CustomerFilter, CustomerOrder, CustomersView_CustomerFragment } from '../../gql/graphql';

/** The fields of a customer that decide which views it belongs to. Spread with `@unmask`. */
export const CustomersView_customer = graphql(`
  fragment CustomersView_customer on Customer {
    id
    name
    uscc
    kind
    utility
    tier
    status
    orgUnit {
      id
    }
  }
`);

export const DEFAULT_ORDER: CustomerOrder = 'CREATED_AT_DESC';

export interface CustomersView {
  readonly filter: CustomerFilter;
  readonly orderBy: CustomerOrder;
}

/** One spelling per view: no empty search or lists, lists sorted, so equal views share a cache entry. */
export function normalizeFilter(filter: CustomerFilter | null | undefined): CustomerFilter {
  const out: CustomerFilter = {};
  if (filter?.orgUnitId) out.orgUnitId = filter.orgUnitId;
  const search = filter?.search?.trim();
  if (search) out.search = search;
  if (filter?.kinds?.length) out.kinds = [...filter.kinds].sort();
  if (filter?.utilities?.length) out.utilities = [...filter.utilities].sort();
  if (filter?.tiers?.length) out.tiers = [...filter.tiers].sort();
  if (filter?.statuses?.length) out.statuses = [...filter.statuses].sort();
  if (filter?.responsibleRepId) out.responsibleRepId = filter.responsibleRepId;
  if (filter?.responsibleLeaderId) out.responsibleLeaderId = filter.responsibleLeaderId;
  if (typeof filter?.onRiskLedger === 'boolean') out.onRiskLedger = filter.onRiskLedger;
  if (filter?.riskLevels?.length) out.riskLevels = [...filter.riskLevels].sort();
  if (typeof filter?.dishonest === 'boolean') out.dishonest = filter.dishonest;
  if (filter?.developedFrom) out.developedFrom = filter.developedFrom;
  if (filter?.developedTo) out.developedTo = filter.developedTo;
  const industries = filter?.industries?.map((i) => i.trim()).filter(Boolean);
  if (industries?.length) out.industries = [...industries].sort();
  const minimum = filter?.minMonthlyConsumption?.trim();
  if (minimum) out.minMonthlyConsumption = minimum;
  if (filter?.nearStation) out.nearStation = { stationId: filter.nearStation.stationId, withinKm: filter.nearStation.withinKm };
  return out;
}

/** Filter fields customerMatchesView can judge from CustomersView_customer; a view using any other is left to the server. */
const JUDGED_FIELDS: ReadonlySet<string> = new Set(['orgUnitId', 'search', 'kinds', 'utilities', 'tiers', 'statuses']);

function viewKey(view: CustomersView): string {
  return JSON.stringify({ filter: normalizeFilter(view.filter), orderBy: view.orderBy });
}

/** keyArgs of Query.customers: everything but `first` and `after` (the pages). */
export const customersKeyArgs: KeyArgsFunction = (args) =>
  viewKey({
    filter: (args?.['filter'] as CustomerFilter | undefined) ?? {},
    orderBy: (args?.['orderBy'] as CustomerOrder | undefined) ?? DEFAULT_ORDER,
  });

/** Reads the view back from a cache field name such as `customers:{"filter":{},"orderBy":"NAME_ASC"}`. */
export function viewFromStoreFieldName(storeFieldName: string): CustomersView | null {
  const colon = storeFieldName.indexOf(':');
  if (colon < 0) return null;
  try {
    const parsed = JSON.parse(storeFieldName.slice(colon + 1)) as Partial<CustomersView> | null;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.orderBy !== 'string') return null;
    return { filter: parsed.filter ?? {}, orderBy: parsed.orderBy };
  } catch {
    return null;
  }
}

/** True when `unitId` is `ancestorId` or lies below it in the org tree. */
export function isInSubtree(
  unitId: string,
  ancestorId: string,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  for (let id: string | null | undefined = unitId; id && !seen.has(id); id = parentOf.get(id)) {
    if (id === ancestorId) return true;
    seen.add(id);
  }
  return false;
}

/**
 * Whether the server would list this customer in the view. Search follows
 * the schema: the name contains the text, or the USCC starts with it
 * (compared case-insensitively here; if the server is stricter, a customer
 * may show live that a refetch would not list, which is harmless).
 */
export function customerMatchesView(
  customer: CustomersView_CustomerFragment,
  view: CustomersView,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  // A rep, risk, date, distance … condition cannot be checked here: such a
  // view shows a new customer on its next refetch instead of live.
  if (Object.keys(normalizeFilter(view.filter)).some((field) => !JUDGED_FIELDS.has(field))) return false;
  const { orgUnitId, kinds, utilities, tiers, statuses, search } = view.filter;
  if (orgUnitId && !isInSubtree(customer.orgUnit.id, String(orgUnitId), parentOf)) return false;
  if (kinds?.length && !kinds.includes(customer.kind)) return false;
  if (utilities?.length && !utilities.includes(customer.utility)) return false;
  if (tiers?.length && !tiers.includes(customer.tier)) return false;
  if (statuses?.length && !statuses.includes(customer.status)) return false;
  const needle = search?.trim().toLocaleUpperCase();
  if (needle) {
    const inName = customer.name.toLocaleUpperCase().includes(needle);
    const usccPrefix = (customer.uscc ?? '').toUpperCase().startsWith(needle);
    if (!inName && !usccPrefix) return false;
  }
  return true;
}

/** Unicode code point order, as the server sorts NAME_ASC (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const right = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}
