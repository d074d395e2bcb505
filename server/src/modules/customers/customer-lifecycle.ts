/**
 * The customer lifecycle (DOMAIN.md "Customers"): prospect → contacted →
 * negotiating → active (developed 开发成功) → suspended 停用 → closed 销户.
 * Only these moves are allowed; a closed account stays closed.
 */
import { CustomerStatus } from './customer.enums.js';

const { PROSPECT, CONTACTED, NEGOTIATING, ACTIVE, SUSPENDED, CLOSED } = CustomerStatus;

const ALLOWED: Record<CustomerStatus, readonly CustomerStatus[]> = {
  [PROSPECT]: [CONTACTED, NEGOTIATING, ACTIVE],
  [CONTACTED]: [PROSPECT, NEGOTIATING, ACTIVE],
  [NEGOTIATING]: [CONTACTED, ACTIVE],
  [ACTIVE]: [SUSPENDED, CLOSED],
  [SUSPENDED]: [ACTIVE, CLOSED],
  [CLOSED]: [],
};

export function canMove(from: CustomerStatus, to: CustomerStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** Stages at which the customer is (or was) supplied and must be identified by its USCC. */
export function needsUscc(status: CustomerStatus): boolean {
  return status === ACTIVE || status === SUSPENDED || status === CLOSED;
}
