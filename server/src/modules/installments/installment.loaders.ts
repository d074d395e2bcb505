/** Per-request loaders of the installments module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { InstallmentPlan, Instalment } from './installment.entity.js';

export function createInstallmentLoaders(em: EntityManager) {
  return {
    installmentPlan: byIdLoader(em, InstallmentPlan),
    instalment: byIdLoader(em, Instalment),
    /** A customer's plans, newest first (the customer is already scoped). */
    installmentPlansByCustomer: groupLoader(
      (customerIds: number[]) => em.find(InstallmentPlan, { customer: { $in: customerIds } }, { orderBy: { id: 'desc' } }),
      (plan) => plan.customer.id,
    ),
    /** A plan's instalments, in order. */
    instalmentsByPlan: groupLoader(
      (planIds: number[]) => em.find(Instalment, { plan: { $in: planIds } }, { orderBy: [{ plan: 'asc' }, { sequence: 'asc' }] }),
      (instalment) => instalment.plan.id,
    ),
  };
}
