/**
 * Customer rules: creation and changes with their checks, the lifecycle with
 * its history, source and referrals, location, the people responsible, the
 * dishonesty flag, prospect screening and lists with keyset paging. Every
 * change writes its audit entry and one domain event in the same transaction
 * (events/domain-events.ts).
 */
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordCustomerChange } from '../../events/customer-change.js';
import { loadConfig } from '../../config.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { Role, User } from '../org/user.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { Customer } from './customer.entity.js';
import { CustomerKind, CustomerSource, CustomerStatus, CustomerTier, RiskLevel, Utility } from './customer.enums.js';
import { CustomerErrors } from './customer.errors.js';
import { PRE_ACTIVE, canMove, needsReason, needsUscc } from './customer-lifecycle.js';
import { CustomerStatusChange } from './status-change.entity.js';
import type { DataScope } from '../auth/viewer.js';
import { changedValues, type Actor } from '../audit/audit.service.js';

export interface CustomerData {
  name: string;
  uscc: string | null;
  kind: CustomerKind;
  utility: Utility;
  tier: CustomerTier;
  status: CustomerStatus;
  orgUnitId: number;
  responsibleRepId: number | null;
  address: string | null;
  estimatedMonthlyConsumption: string | null;
  industry: string | null;
  source: CustomerSource | null;
  sourceDetail: string | null;
  referredById: number | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  responsibleLeaderId: number | null;
}

type ProfileField = 'industry' | 'source' | 'sourceDetail' | 'referredById' | 'district' | 'latitude' | 'longitude' | 'responsibleLeaderId';

/** A new customer: the profile fields may be left out. */
export type NewCustomerData = Omit<CustomerData, ProfileField> &
  Partial<Pick<CustomerData, ProfileField>> & {
    /** Why it starts at its stage; required for SUSPENDED and CLOSED. */
    statusReason?: string | null;
  };

/** A change: a key that is absent stays as it is. */
export type CustomerChanges = Partial<CustomerData> & {
  /** Why the status moves; required for moves to SUSPENDED and CLOSED. */
  statusReason?: string | null;
};

export type CustomerOrderKey = 'CREATED_AT_DESC' | 'NAME_ASC' | 'DEVELOPED_AT_DESC' | 'CONSUMPTION_DESC';

export interface CustomerListQuery {
  first: number;
  /** Keyset of the last row seen, as produced by `keyOf` of a previous page. */
  after?: unknown[] | null;
  orderBy: CustomerOrderKey;
  orgUnitId?: number | null;
  kinds?: CustomerKind[] | null;
  tiers?: CustomerTier[] | null;
  statuses?: CustomerStatus[] | null;
  utilities?: Utility[] | null;
  search?: string | null;
  responsibleRepId?: number | null;
  responsibleLeaderId?: number | null;
  onRiskLedger?: boolean | null;
  riskLevels?: RiskLevel[] | null;
  dishonest?: boolean | null;
  /** Calendar days (YYYY-MM-DD) in the company time zone, both inclusive. */
  developedFrom?: string | null;
  developedTo?: string | null;
  industries?: string[] | null;
  minMonthlyConsumption?: string | null;
  nearStation?: { stationId: number; withinKm: number } | null;
}

export interface CustomerPage {
  rows: Customer[];
  totalCount: number;
  /** The keyset of a row of this page, for its cursor. */
  keyOf(customer: Customer): unknown[];
}

const FIELDS: Array<keyof CustomerData> = [
  'name', 'uscc', 'kind', 'utility', 'tier', 'status', 'orgUnitId', 'responsibleRepId', 'address', 'estimatedMonthlyConsumption',
  'industry', 'source', 'sourceDetail', 'referredById', 'district', 'latitude', 'longitude', 'responsibleLeaderId',
];
const REQUIRED: Array<keyof CustomerData> = ['name', 'kind', 'utility', 'tier', 'status', 'orgUnitId'];

const COMPANY_TIME_ZONE = loadConfig().timeZone;
/** Mean Earth radius (IUGG), as in the great_circle_km SQL function. */
const EARTH_RADIUS_KM = 6371.0088;
const DECIMAL_KEY = /^-?[0-9]{1,12}(\.[0-9]{1,2})?$/;

/** The customers a scope may see, as a MikroORM condition. */
export function customerScopeFilter(scope: DataScope): FilterQuery<Customer> {
  const inSubtree: FilterQuery<Customer> = { orgUnit: { path: { $like: `${escapeLike(scope.orgPath)}%` } } };
  return scope.repId ? { $and: [inSubtree, { responsibleRep: scope.repId }] } : inSubtree;
}

/** SQL conditions with their parameters, joined by `and`. */
class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  get sql(): string {
    return this.parts.length ? this.parts.map((p) => `(${p})`).join(' and ') : 'true';
  }
}

/** What a use case hands back to `write`: nothing (no change), or the change to audit and announce. */
interface Written {
  customer: Customer;
  orgUnit: OrgUnit;
  audit: { before: Record<string, unknown> | null; after: Record<string, unknown> };
  payload: Record<string, unknown>;
}

const trimmed = (text: string | null | undefined): string | null => text?.trim() || null;

export class CustomerService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** A customer the scope may see; NOT_FOUND otherwise, whether or not it exists. */
  async getCustomer(id: number): Promise<Customer> {
    const customer = await this.em.findOne(Customer, { $and: [{ id }, customerScopeFilter(this.scope)] });
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  async createCustomer(input: NewCustomerData): Promise<Customer> {
    const { statusReason, ...fields } = input;
    const data: CustomerData = {
      ...fields,
      name: input.name.trim(),
      address: trimmed(input.address),
      industry: trimmed(input.industry),
      source: input.source ?? null,
      sourceDetail: trimmed(input.sourceDetail),
      referredById: input.referredById ?? null,
      district: trimmed(input.district),
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      // A rep's new customer is its own unless it names another rep.
      responsibleRepId: input.responsibleRepId ?? this.scope.repId,
      responsibleLeaderId: input.responsibleLeaderId ?? null,
    };
    // Naming the referrer says how the customer was found (客户引荐客户).
    if (data.referredById !== null && data.source === null) data.source = CustomerSource.REFERRAL;
    const reason = trimmed(statusReason);
    if (needsReason(data.status) && !reason) throw CustomerErrors.reasonRequired(data.status);
    if (!data.name) throw CustomerErrors.blankField('name');

    return this.write('customer.create', async (em) => {
      const orgUnit = await this.requireOrgUnit(em, data.orgUnitId, 'orgUnitId');
      const rep = data.responsibleRepId ? await this.requireRep(em, data.responsibleRepId, orgUnit, 'responsibleRepId') : null;
      const leader = data.responsibleLeaderId ? await this.requireLeader(em, data.responsibleLeaderId, orgUnit, 'responsibleLeaderId') : null;
      const referrer = data.referredById ? await this.requireReferrer(em, null, data.referredById) : null;
      const developedAt = data.status === CustomerStatus.ACTIVE ? new Date() : null;
      this.checkRules(data, developedAt !== null);
      const customer = em.create(Customer, {
        ...this.columnsOf(data),
        orgUnit,
        responsibleRep: rep,
        responsibleLeader: leader,
        referredBy: referrer,
        developedAt,
      });
      em.create(CustomerStatusChange, { customer, fromStatus: null, toStatus: data.status, reason, changedBy: this.actor.userId });
      await em.flush();
      return {
        customer,
        orgUnit,
        audit: { before: null, after: { ...data, ...(reason ? { statusReason: reason } : {}) } },
        payload: { changedFields: FIELDS, ...(developedAt ? { developedAt: developedAt.toISOString() } : {}) },
      };
    });
  }

  /** Changes fields; status moves follow the lifecycle and are kept in the history. */
  updateCustomer(id: number, changes: CustomerChanges): Promise<Customer> {
    return this.change(id, changes, 'customer.update');
  }

  /** Names the responsible rep and/or leader (undefined: unchanged, null: none). */
  assignCustomer(id: number, people: { responsibleRepId?: number | null; responsibleLeaderId?: number | null }): Promise<Customer> {
    return this.change(id, people, 'customer.assign');
  }

  /** A prospect is developed 开发成功: ACTIVE, with its tier and USCC (DOMAIN.md "Customers", lifecycle). */
  convertProspect(id: number, tier: CustomerTier, uscc: string): Promise<Customer> {
    if (tier === CustomerTier.PROSPECT) throw CustomerErrors.convertTier();
    return this.change(id, { status: CustomerStatus.ACTIVE, tier, uscc }, 'customer.convert', (current) => {
      if (!PRE_ACTIVE.includes(current.status)) throw CustomerErrors.notAProspect(current.status);
    });
  }

  /**
   * Reports a customer to the industry dishonesty list 失信名单, or takes it
   * off. Its status and receivables stay as they are: arrears recovered
   * through the list are still tracked (DOMAIN.md "Receivables").
   */
  async setDishonestyFlag(id: number, dishonest: boolean, reasonText: string | null): Promise<Customer> {
    const reason = trimmed(reasonText);
    if (dishonest && !reason) throw CustomerErrors.dishonestyReasonRequired();
    await this.getCustomer(id);
    return this.write('customer.set_dishonesty', async (em) => {
      const target = await this.lock(em, id);
      if (target.dishonest === dishonest) return target;
      const before = { dishonest: target.dishonest, dishonestSince: target.dishonestSince ?? null };
      target.dishonest = dishonest;
      target.dishonestSince = dishonest ? new Date() : null;
      await em.flush();
      return {
        customer: target,
        orgUnit: await em.findOneOrFail(OrgUnit, { id: target.orgUnit.id }),
        audit: { before, after: { dishonest, dishonestSince: target.dishonestSince, reason } },
        payload: { changedFields: ['dishonest'] },
      };
    });
  }

  /**
   * One page (first + 1 rows, to tell whether more follow) and the total, in
   * two SQL statements whatever the filter.
   */
  async listCustomers(query: CustomerListQuery): Promise<CustomerPage> {
    const where = await this.listConditions(query);
    const { order, keyset, keyColumn } = this.ordering(query);
    const page = new Conditions().add(where.sql, ...where.params);
    if (query.after) page.add(keyset.sql, ...keyset.params);
    const from = `from customer c join org_unit o on o.id = c.org_unit_id`;
    const [raw, counted] = await Promise.all([
      this.em.execute<Array<Record<string, unknown>>>(
        `select c.*, ${keyColumn} as "sortKey" ${from} where ${page.sql} order by ${order} limit ?`,
        [...page.params, query.first + 1],
      ),
      this.em.execute<Array<{ n: number }>>(`select count(*)::int as n ${from} where ${where.sql}`, where.params),
    ]);
    const keys = new Map<number, unknown[]>();
    const rows = raw.map(({ sortKey, ...columns }) => {
      const customer = this.em.map(Customer, columns);
      keys.set(customer.id, query.orderBy === 'CREATED_AT_DESC' ? [customer.id] : [sortKey ?? '', customer.id]);
      return customer;
    });
    return { rows, totalCount: counted[0]!.n, keyOf: (customer) => keys.get(customer.id)! };
  }

  /** Cursor shapes (typeof of each element) per order, for decodeCursor. */
  static cursorShape(orderBy: CustomerOrderKey): Array<'string' | 'number'> {
    return orderBy === 'CREATED_AT_DESC' ? ['number'] : ['string', 'number'];
  }

  /**
   * The shared path of updateCustomer, assignCustomer and convertProspect:
   * the row is locked, every rule is checked against what is there now, and
   * a status move writes its history row.
   */
  private async change(id: number, changes: CustomerChanges, action: string, guard?: (current: Customer) => void): Promise<Customer> {
    await this.getCustomer(id);
    return this.write(action, async (em) => {
      const target = await this.lock(em, id);
      guard?.(target);
      const before = this.dataOf(target);
      const after: CustomerData = { ...before };
      for (const field of FIELDS) {
        if (changes[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = changes[field];
      }
      for (const field of ['name', 'address', 'industry', 'sourceDetail', 'district'] as const) {
        if (changes[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = trimmed(changes[field]);
      }
      if (changes.referredById != null && changes.source === undefined) after.source = CustomerSource.REFERRAL;
      for (const field of REQUIRED) {
        if (after[field] === null || after[field] === '') throw CustomerErrors.blankField(field);
      }
      if (!canMove(before.status, after.status)) throw CustomerErrors.badTransition(before.status, after.status);
      const statusMoved = after.status !== before.status;
      const reason = statusMoved ? trimmed(changes.statusReason) : null;
      if (statusMoved && needsReason(after.status) && !reason) throw CustomerErrors.reasonRequired(after.status);

      const orgUnit = await this.requireOrgUnit(em, after.orgUnitId, 'orgUnitId');
      const unitMoved = after.orgUnitId !== before.orgUnitId;
      // People are checked when named or when the customer moves; a later change elsewhere does not re-open them.
      if (after.responsibleRepId && (unitMoved || after.responsibleRepId !== before.responsibleRepId)) {
        await this.requireRep(em, after.responsibleRepId, orgUnit, 'responsibleRepId');
      }
      if (after.responsibleLeaderId && (unitMoved || after.responsibleLeaderId !== before.responsibleLeaderId)) {
        await this.requireLeader(em, after.responsibleLeaderId, orgUnit, 'responsibleLeaderId');
      }
      if (after.referredById && after.referredById !== before.referredById) await this.requireReferrer(em, target.id, after.referredById);
      const developing = statusMoved && after.status === CustomerStatus.ACTIVE && !target.developedAt;
      this.checkRules(after, developing || Boolean(target.developedAt));

      const changedFields = FIELDS.filter((f) => before[f] !== after[f]);
      if (changedFields.length === 0) return target;
      const now = new Date();
      em.assign(target, {
        ...this.columnsOf(after),
        orgUnit,
        responsibleRep: after.responsibleRepId ? em.getReference(User, after.responsibleRepId) : null,
        responsibleLeader: after.responsibleLeaderId ? em.getReference(User, after.responsibleLeaderId) : null,
        referredBy: after.referredById ? em.getReference(Customer, after.referredById) : null,
      });
      if (statusMoved) {
        target.statusChangedAt = now;
        // The first development date stays, even after SUSPENDED → ACTIVE: it counts for rewards.
        if (developing) target.developedAt = now;
        em.create(CustomerStatusChange, { customer: target, fromStatus: before.status, toStatus: after.status, reason, changedBy: this.actor.userId });
      }
      await em.flush();
      const audit = changedValues({ ...before }, { ...after });
      if (reason) audit.after.statusReason = reason;
      if (developing) audit.after.developedAt = now.toISOString();
      return {
        customer: target,
        orgUnit,
        audit,
        payload: {
          changedFields,
          ...(statusMoved ? { fromStatus: before.status, toStatus: after.status } : {}),
          ...(developing ? { developedAt: now.toISOString() } : {}),
          ...(after.responsibleRepId !== before.responsibleRepId ? { previousResponsibleRepId: before.responsibleRepId } : {}),
        },
      };
    });
  }

  /**
   * Runs a use case, its audit entry and its event in one transaction; a
   * use case that changes nothing returns the customer and writes nothing.
   * Maps a USCC unique violation to CONFLICT.
   */
  private async write(action: string, run: (em: EntityManager) => Promise<Written | Customer>): Promise<Customer> {
    try {
      return await this.em.transactional(async (em) => {
        const result = await run(em);
        if (result instanceof Customer) return result;
        const { customer, audit, payload } = result;
        await recordCustomerChange(em, this.actor, customer, {
          action,
          entityType: 'Customer',
          entityId: customer.id,
          ...audit,
          kind: audit.before ? 'customer.updated' : 'customer.created',
          changedFields: payload.changedFields as string[],
          payload,
        });
        return customer;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException && /uscc/.test(error.message)) throw CustomerErrors.usccTaken();
      throw error;
    }
  }

  /** The row, locked for this transaction and read afresh. */
  private lock(em: EntityManager, id: number): Promise<Customer> {
    return em.findOneOrFail(Customer, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  private checkRules(data: CustomerData, developed: boolean): void {
    if (!data.name.trim()) throw CustomerErrors.blankField('name');
    if (needsUscc(data.status, developed) && !data.uscc) throw CustomerErrors.usccRequired();
    if (data.estimatedMonthlyConsumption?.startsWith('-')) throw CustomerErrors.negativeConsumption();
    if (data.latitude !== null && !(data.latitude >= -90 && data.latitude <= 90)) throw CustomerErrors.coordinateOutOfRange('latitude');
    if (data.longitude !== null && !(data.longitude >= -180 && data.longitude <= 180)) throw CustomerErrors.coordinateOutOfRange('longitude');
    if (data.latitude === null && data.longitude !== null) throw CustomerErrors.coordinatesIncomplete('latitude');
    if (data.latitude !== null && data.longitude === null) throw CustomerErrors.coordinatesIncomplete('longitude');
    if (data.referredById !== null && data.source !== CustomerSource.REFERRAL) throw CustomerErrors.referralNeedsSource();
  }

  /** The plain columns of the data (relations are set by the caller). */
  private columnsOf(data: CustomerData) {
    return {
      name: data.name,
      uscc: data.uscc,
      kind: data.kind,
      utility: data.utility,
      tier: data.tier,
      status: data.status,
      address: data.address,
      estimatedMonthlyConsumption: data.estimatedMonthlyConsumption,
      industry: data.industry,
      source: data.source,
      sourceDetail: data.sourceDetail,
      district: data.district,
      latitude: data.latitude,
      longitude: data.longitude,
    };
  }

  private dataOf(customer: Customer): CustomerData {
    return {
      name: customer.name,
      uscc: customer.uscc ?? null,
      kind: customer.kind,
      utility: customer.utility,
      tier: customer.tier,
      status: customer.status,
      orgUnitId: customer.orgUnit.id,
      responsibleRepId: customer.responsibleRep?.id ?? null,
      address: customer.address ?? null,
      estimatedMonthlyConsumption: customer.estimatedMonthlyConsumption ?? null,
      industry: customer.industry ?? null,
      source: customer.source ?? null,
      sourceDetail: customer.sourceDetail ?? null,
      referredById: customer.referredBy?.id ?? null,
      district: customer.district ?? null,
      latitude: customer.latitude ?? null,
      longitude: customer.longitude ?? null,
      responsibleLeaderId: customer.responsibleLeader?.id ?? null,
    };
  }

  /** An org unit inside the scope; one outside it is reported as missing. */
  private async requireOrgUnit(em: EntityManager, id: number, field: string): Promise<OrgUnit> {
    const unit = await em.findOne(OrgUnit, { id });
    if (!unit || !isInSubtree(unit.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing(field);
    return unit;
  }

  /** A rep must be an enabled REP or LEAD placed at the customer's unit or above it. */
  private async requireRep(em: EntityManager, id: number, orgUnit: OrgUnit, field: string): Promise<User> {
    const rep = await em.findOne(User, { id }, { populate: ['orgUnit'] });
    if (!rep) throw CustomerErrors.repMissing(field);
    const eligibleRole = rep.role === Role.REP || rep.role === Role.LEAD;
    if (!eligibleRole || !isInSubtree(orgUnit.path, rep.orgUnit.path)) throw CustomerErrors.repNotEligible(field);
    if (rep.disabledAt) throw CustomerErrors.userDisabled(field);
    return rep;
  }

  /** A responsible leader 包保领导 must be an enabled LEAD or ADMIN at the customer's unit or above it. */
  private async requireLeader(em: EntityManager, id: number, orgUnit: OrgUnit, field: string): Promise<User> {
    const leader = await em.findOne(User, { id }, { populate: ['orgUnit'] });
    if (!leader) throw CustomerErrors.repMissing(field);
    const eligibleRole = leader.role === Role.LEAD || leader.role === Role.ADMIN;
    if (!eligibleRole || !isInSubtree(orgUnit.path, leader.orgUnit.path)) throw CustomerErrors.leaderNotEligible(field);
    if (leader.disabledAt) throw CustomerErrors.userDisabled(field);
    return leader;
  }

  /**
   * The referrer: another customer the viewer may see, and not one that this
   * customer referred itself, directly or down a chain (no referral cycles).
   */
  private async requireReferrer(em: EntityManager, customerId: number | null, referrerId: number): Promise<Customer> {
    if (referrerId === customerId) throw CustomerErrors.referrerIsSelf();
    const referrer = await em.findOne(Customer, { $and: [{ id: referrerId }, customerScopeFilter(this.scope)] });
    if (!referrer) throw CustomerErrors.referrerMissing();
    if (customerId !== null) {
      const cycle = await em.execute<Array<{ found: boolean }>>(
        `with recursive up(id, depth) as (
           select referred_by_id, 1 from customer where id = ?
           union all
           select c.referred_by_id, up.depth + 1 from up join customer c on c.id = up.id where up.depth < 100
         )
         select exists (select 1 from up where id = ?) as found`,
        [referrerId, customerId],
      );
      if (cycle[0]?.found) throw CustomerErrors.referralCycle();
    }
    return referrer;
  }

  /** The WHERE of a list: the viewer's scope and every filter, as SQL on `customer c join org_unit o`. */
  private async listConditions(query: CustomerListQuery): Promise<Conditions> {
    const where = new Conditions().add(`o.path like ?`, `${escapeLike(this.scope.orgPath)}%`);
    if (this.scope.repId) where.add(`c.responsible_rep_id = ?`, this.scope.repId);
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      where.add(`o.path like ?`, `${escapeLike(root.path)}%`);
    }
    const inList = (column: string, values: readonly unknown[] | null | undefined) => {
      if (values?.length) where.add(`${column} in (?)`, [...new Set(values)]);
    };
    inList('c.kind', query.kinds);
    inList('c.tier', query.tiers);
    inList('c.status', query.statuses);
    inList('c.utility', query.utilities);
    inList('c.risk_level', query.riskLevels);
    inList('c.industry', query.industries);
    if (query.responsibleRepId) where.add(`c.responsible_rep_id = ?`, query.responsibleRepId);
    if (query.responsibleLeaderId) where.add(`c.responsible_leader_id = ?`, query.responsibleLeaderId);
    if (query.onRiskLedger != null) where.add(query.onRiskLedger ? `c.risk_level is not null` : `c.risk_level is null`);
    if (query.dishonest != null) where.add(`c.dishonest = ?`, query.dishonest);
    if (query.minMonthlyConsumption) where.add(`c.estimated_monthly_consumption >= ?::numeric`, query.minMonthlyConsumption);
    if (query.developedFrom && query.developedTo && query.developedTo < query.developedFrom) throw CustomerErrors.badDateRange();
    // A calendar day runs from midnight to midnight in the company time zone.
    if (query.developedFrom) where.add(`c.developed_at >= (?::date)::timestamp at time zone ?`, query.developedFrom, COMPANY_TIME_ZONE);
    if (query.developedTo) where.add(`c.developed_at < (?::date + 1)::timestamp at time zone ?`, query.developedTo, COMPANY_TIME_ZONE);
    const search = query.search?.trim();
    if (search) {
      // A USCC holds only letters and digits, an account number 户号 only digits: text that
      // cannot match them leaves the name alone, so its trigram index can serve the search.
      const text = escapeLike(search);
      const anyOf = new Conditions().add(`c.name ilike ?`, `%${text}%`);
      if (/^[0-9A-Za-z]+$/.test(search)) anyOf.add(`c.uscc like ?`, `${text.toUpperCase()}%`);
      if (/^[0-9]+$/.test(search)) {
        anyOf.add(`exists (select 1 from service_account sa where sa.customer_id = c.id and sa.account_number like ?)`, `${text}%`);
      }
      where.add(anyOf.parts.map((p) => `(${p})`).join(' or '), ...anyOf.params);
    }
    if (query.nearStation) await this.addNearStation(where, query.nearStation);
    return where;
  }

  /**
   * Customers within `withinKm` of a station: a bounding box first (so the
   * (latitude, longitude) index narrows the rows), then the exact
   * great-circle distance. The box is the smallest one holding the circle:
   * ±r in latitude, ±asin(sin r / cos φ) in longitude, dropped near a pole
   * or across the antimeridian.
   */
  private async addNearStation(where: Conditions, near: { stationId: number; withinKm: number }): Promise<void> {
    const field = 'filter.nearStation.stationId';
    const station = await this.em.findOne(OrgUnit, { id: near.stationId });
    if (!station || !isInSubtree(station.path, this.scope.orgPath)) throw CustomerErrors.stationMissing(field);
    if (station.latitude == null || station.longitude == null) throw CustomerErrors.stationWithoutCoordinates(field);
    const lat = station.latitude;
    const lon = station.longitude;
    const r = near.withinKm / EARTH_RADIUS_KM;
    const dLat = (r * 180) / Math.PI;
    where.add(`c.latitude between ? and ?`, lat - dLat, lat + dLat);
    if (Math.abs(lat) + dLat < 90) {
      const dLon = (Math.asin(Math.sin(r) / Math.cos((lat * Math.PI) / 180)) * 180) / Math.PI;
      if (lon - dLon >= -180 && lon + dLon <= 180) where.add(`c.longitude between ? and ?`, lon - dLon, lon + dLon);
    }
    where.add(`great_circle_km(c.latitude, c.longitude, ?, ?) <= ?`, lat, lon, near.withinKm);
  }

  /**
   * ORDER BY, the keyset condition after a cursor, and the select expression
   * that becomes the cursor's first element. Nullable sort columns sort last;
   * their cursor holds '' for null. Timestamps travel as text with
   * microseconds, so no row is skipped for a rounding to milliseconds.
   */
  private ordering(query: CustomerListQuery): { order: string; keyset: Conditions; keyColumn: string } {
    const keyset = new Conditions();
    const [first, second] = (query.after ?? []) as [string | number, number];
    const badCursor = () => CustomerErrors.badCursor();
    switch (query.orderBy) {
      case 'NAME_ASC':
        if (query.after) keyset.add(`(c.name, c.id) > (?, ?)`, first, second);
        return { order: `c.name asc, c.id asc`, keyset, keyColumn: 'c.name' };
      case 'DEVELOPED_AT_DESC':
      case 'CONSUMPTION_DESC': {
        const byDate = query.orderBy === 'DEVELOPED_AT_DESC';
        const column = byDate ? 'c.developed_at' : 'c.estimated_monthly_consumption';
        const cast = byDate ? 'timestamptz' : 'numeric';
        if (query.after) {
          const value = first as string;
          if (value !== '' && (byDate ? Number.isNaN(Date.parse(value)) : !DECIMAL_KEY.test(value))) throw badCursor();
          if (value === '') keyset.add(`${column} is null and c.id < ?`, second);
          else keyset.add(`${column} < ?::${cast} or (${column} = ?::${cast} and c.id < ?) or ${column} is null`, value, value, second);
        }
        const keyColumn = byDate ? `to_char(c.developed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `c.estimated_monthly_consumption::text`;
        return { order: `${column} desc nulls last, c.id desc`, keyset, keyColumn };
      }
      default:
        if (query.after) keyset.add(`c.id < ?`, first);
        return { order: `c.id desc`, keyset, keyColumn: 'null' };
    }
  }
}
