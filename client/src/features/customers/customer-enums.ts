// The customer enums' values in display order, checked against the generated
// types: adding a value to the schema without listing it here fails typecheck
// (and its label must then be added to both locale files).
import type { CustomerKind, CustomerOrder, CustomerStatus, CustomerTier, RiskLevel, Utility } from '../../gql/graphql';

function valuesOf<T extends string>(all: Record<T, true>): readonly T[] {
  return Object.keys(all) as T[];
}

export const CUSTOMER_KINDS = valuesOf<CustomerKind>({
  INDUSTRIAL: true,
  COMMERCIAL: true,
  PUBLIC_INSTITUTION: true,
  HOTEL: true,
  CNG_STATION: true,
  TRANSPORT_FLEET: true,
  RESIDENTIAL_COMPOUND: true,
});

export const CUSTOMER_TIERS = valuesOf<CustomerTier>({
  STRATEGIC: true,
  KEY: true,
  REGULAR: true,
  PROSPECT: true,
});

export const UTILITIES = valuesOf<Utility>({
  POWER: true,
  GAS: true,
  HEAT: true,
  FUEL: true,
  ENERGY_SERVICES: true,
});

export const CUSTOMER_ORDERS = valuesOf<CustomerOrder>({
  CREATED_AT_DESC: true,
  NAME_ASC: true,
  DEVELOPED_AT_DESC: true,
  CONSUMPTION_DESC: true,
});

export const CUSTOMER_STATUSES = valuesOf<CustomerStatus>({
  PROSPECT: true,
  CONTACTED: true,
  NEGOTIATING: true,
  ACTIVE: true,
  SUSPENDED: true,
  CLOSED: true,
});

export const RISK_LEVELS = valuesOf<RiskLevel>({
  HIGH: true,
  MEDIUM: true,
  LOW: true,
});
