/**
 * Per-request loaders of the inspections module: one statement per field
 * and request, however many inspections or customers a page holds.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Inspection, InspectionFinding, RectificationNotice } from './inspection.entity.js';
import { loadInspectionSchedules, type InspectionDueRow } from './inspection.service.js';

export function createInspectionLoaders(em: EntityManager) {
  return {
    inspection: byIdLoader(em, Inspection),
    inspectionFinding: byIdLoader(em, InspectionFinding),
    rectificationNotice: byIdLoader(em, RectificationNotice),
    /** A customer's inspections, newest first (the customer is already scoped). */
    inspectionsByCustomer: groupLoader(
      (customerIds: number[]) => em.find(Inspection, { customer: { $in: customerIds } }, { orderBy: [{ performedOn: 'desc' }, { id: 'desc' }] }),
      (row) => row.customer.id,
    ),
    /** A customer's rectification notices, newest first. */
    rectificationNoticesByCustomer: groupLoader(
      (customerIds: number[]) => em.find(RectificationNotice, { customer: { $in: customerIds } }, { orderBy: { id: 'desc' } }),
      (row) => row.customer.id,
    ),
    findingsByInspection: groupLoader(
      (ids: number[]) => em.find(InspectionFinding, { inspection: { $in: ids } }, { orderBy: [{ inspection: 'asc' }, { sequence: 'asc' }] }),
      (row) => row.inspection.id,
    ),
    noticesByInspection: groupLoader(
      (ids: number[]) => em.find(RectificationNotice, { inspection: { $in: ids } }, { orderBy: { id: 'asc' } }),
      (row) => row.inspection.id,
    ),
    noticesByFinding: groupLoader(
      (ids: number[]) => em.find(RectificationNotice, { finding: { $in: ids } }),
      (row) => row.finding.id,
    ),
    /** User ids of an inspection's inspectors. */
    inspectorIdsByInspection: groupLoader(
      (ids: number[]) =>
        em.execute<Array<{ inspectionId: number; userId: number }>>(
          `select inspection_id as "inspectionId", user_id as "userId" from inspection_inspector where inspection_id in (?) order by inspection_id, user_id`,
          [ids],
        ),
      (row) => row.inspectionId,
    ),
    /** The next due inspections of customers (already scoped). */
    inspectionSchedule: new DataLoader<number, InspectionDueRow[]>(async (ids) => {
      const found = await loadInspectionSchedules(em, [...ids]);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
