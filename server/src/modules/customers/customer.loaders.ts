/** Per-request loaders of the customer and contact modules: one SQL statement per batch, never per row. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { Contact } from '../contacts/contact.entity.js';
import DataLoader from 'dataloader';
import type { DataScope } from '../auth/viewer.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike } from '../org/org.service.js';
import { Customer } from './customer.entity.js';
import { CustomerErrors } from './customer.errors.js';
import { customerScopeFilter } from './customer.service.js';
import { CustomerStatusChange } from './status-change.entity.js';
import type { StationDistance } from './dto/customer.inputs.js';

/** The customer of a row the viewer sees, through the request's loader; NOT_FOUND when the customer is out of scope. */
export async function visibleCustomer(loaders: { customer: DataLoader<number, Customer | null> }, id: number): Promise<Customer> {
  const customer = await loaders.customer.load(id);
  if (!customer) throw CustomerErrors.notFound();
  return customer;
}

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createCustomerLoaders(em: EntityManager, scope: () => DataScope) {
  return {
    /** Customers the viewer may see; null for any other id. */
    customer: new DataLoader<number, Customer | null>(async (ids) => {
      const rows = await em.find(Customer, { $and: [{ id: { $in: [...ids] } }, customerScopeFilter(scope())] });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** A contact by id; node lookups check its customer. (Customer.contacts lives in the contact module.) */
    contact: byIdLoader(em, Contact),
    /** A status change by id; its customer's visibility is checked by the caller. */
    statusChange: byIdLoader(em, CustomerStatusChange),
    /** The lifecycle history of each customer, oldest first. */
    statusHistoryByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(CustomerStatusChange, { customer: { $in: customerIds } }, { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] }),
      (change) => change.customer.id,
    ),
    /** Customers each customer referred 客户引荐客户, those the viewer may see, oldest first. */
    referralsByCustomer: groupLoader(
      (customerIds: number[]) =>
        em.find(Customer, { $and: [{ referredBy: { $in: customerIds } }, customerScopeFilter(scope())] }, { orderBy: { id: 'asc' } }),
      (customer) => customer.referredBy!.id,
    ),
    /**
     * The nearest station with coordinates, among those the viewer may see,
     * for each customer with coordinates: one LATERAL statement per batch.
     */
    nearestStation: new DataLoader<number, StationDistance | null>(async (customerIds) => {
      const rows = await em.execute<Array<Record<string, unknown>>>(
        `select c.id as "customerId", s.*
         from customer c
         cross join lateral (
           select o.*, great_circle_km(c.latitude, c.longitude, o.latitude, o.longitude) as "distanceKm"
           from org_unit o
           where o.kind = 'STATION' and o.latitude is not null and o.longitude is not null and o.path like ?
           order by "distanceKm", o.id
           limit 1
         ) s
         where c.id in (?) and c.latitude is not null and c.longitude is not null`,
        [`${escapeLike(scope().orgPath)}%`, [...customerIds]],
      );
      const byCustomer = new Map<number, StationDistance>();
      for (const { customerId, distanceKm, ...unit } of rows) {
        byCustomer.set(customerId as number, { station: em.map(OrgUnit, unit), distanceKm: Number(distanceKm) });
      }
      return customerIds.map((id) => byCustomer.get(id) ?? null);
    }),
  };
}
