/** Per-request loaders of the return-visits module. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { ReturnVisit } from './return-visit.entity.js';
import { loadSatisfactionTrends, type SatisfactionPoint } from './return-visit.service.js';

export function createReturnVisitLoaders(em: EntityManager) {
  const trends = new Map<number, DataLoader<number, SatisfactionPoint[]>>();
  return {
    returnVisit: byIdLoader(em, ReturnVisit),
    /** A customer's return visits, newest first (the customer is already scoped). */
    returnVisitsByCustomer: groupLoader(
      (customerIds: number[]) => em.find(ReturnVisit, { customer: { $in: customerIds } }, { orderBy: { id: 'desc' } }),
      (row) => row.customer.id,
    ),
    returnVisitsByNotice: groupLoader(
      (noticeIds: number[]) => em.find(ReturnVisit, { notice: { $in: noticeIds } }),
      (row) => row.notice!.id,
    ),
    /** Satisfaction trends over `months` months: one loader (one statement) per distinct `months`. */
    satisfactionTrend(months: number): DataLoader<number, SatisfactionPoint[]> {
      let loader = trends.get(months);
      if (!loader) {
        loader = new DataLoader<number, SatisfactionPoint[]>(async (ids) => {
          const found = await loadSatisfactionTrends(em, [...ids], months);
          return ids.map((id) => found.get(id) ?? []);
        });
        trends.set(months, loader);
      }
      return loader;
    },
  };
}
