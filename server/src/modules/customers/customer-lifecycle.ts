/**
 * The customer lifecycle (DOMAIN.md "Customers"): prospect → contacted →
 * negotiating → active (developed 开发成功) → suspended 停用 → closed 销户.
 * Only these moves are allowed; a closed account stays closed. A prospect
 * that will not buy can be closed as a lost prospect. Suspending and closing
 * are decisions someone must explain: they need a reason.
 */
import { CustomerStatus } from './customer.enums.js';

const { PROSPECT, CONTACTED, NEGOTIATING, ACTIVE, SUSPENDED, CLOSED } = CustomerStatus;

const ALLOWED: Record<CustomerStatus, readonly CustomerStatus[]> = {
  [PROSPECT]: [CONTACTED, NEGOTIATING, ACTIVE, CLOSED],
  [CONTACTED]: [PROSPECT, NEGOTIATING, ACTIVE, CLOSED],
  [NEGOTIATING]: [CONTACTED, ACTIVE, CLOSED],
  [ACTIVE]: [SUSPENDED, CLOSED],
  [SUSPENDED]: [ACTIVE, CLOSED],
  [CLOSED]: [],
};

/** Stages before the customer is developed: what convertProspect starts from. */
export const PRE_ACTIVE: readonly CustomerStatus[] = [PROSPECT, CONTACTED, NEGOTIATING];

export function canMove(from: CustomerStatus, to: CustomerStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** Reaching this stage must be explained (statusReason). */
export function needsReason(to: CustomerStatus): boolean {
  return to === SUSPENDED || to === CLOSED;
}

/**
 * Stages at which the customer is (or was) supplied and must be identified
 * by its USCC. A lost prospect (closed, never developed) need not have one.
 */
export function needsUscc(status: CustomerStatus, developed: boolean): boolean {
  return status === ACTIVE || status === SUSPENDED || (status === CLOSED && developed);
}
