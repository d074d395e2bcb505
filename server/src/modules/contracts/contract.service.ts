/**
 * Contract rules (DOMAIN.md "Contracts 合同"): a contract is recorded as a
 * DRAFT, signed into force, amended, renewed, terminated early or expires at
 * its end date. Every move writes a ContractEvent (the customer timeline), an
 * audit entry and one domain event, in one transaction.
 *
 * EXPIRED is a fact of the calendar, not only of the row: an ACTIVE contract
 * whose end date lies before today (company time zone) reads as EXPIRED at
 * once (`effectiveStatus`); the daily job (`expireContracts`) then writes the
 * status and the EXPIRED event.
 */
import { recordCustomerChange } from '../../events/customer-change.js';
import { LockMode, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainEventKind } from '../../events/domain-events.js';
import { changedValues, type Actor } from '../audit/audit.service.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { escapeLike, isInSubtree } from '../org/org.service.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { addDays, todayIn } from '../../calendar.js';
import {
  Contract,
  ContractAttachment,
  ContractEvent,
  ContractEventKind,
  ContractStatus,
  ContractType,
  SettlementCycle,
} from './contract.entity.js';
import { ContractErrors } from './contract.errors.js';

/** The terms a contract is written on; all of them can be amended. */
export interface ContractTerms {
  serviceAccountId: number | null;
  supplierParty: string;
  customerParty: string;
  signer: string | null;
  startsOn: string;
  endsOn: string | null;
  prepaymentPeriods: number | null;
  prepaymentAmount: string | null;
  settlementCycle: SettlementCycle | null;
  priceTerms: string | null;
}

export interface NewContract extends ContractTerms {
  customerId: number;
  number: string;
  type: ContractType;
  attachments: Array<{ name: string; reference: string }>;
}

/** An amendment: a key that is absent (or undefined) stays as it is. */
export type ContractAmendment = Partial<ContractTerms>;

export interface ExpiringQuery {
  withinDays: number;
  first: number;
  /** Keyset [endsOn, id] of the last row seen. */
  after?: unknown[] | null;
  orgUnitId?: number | null;
  types?: ContractType[] | null;
}

/** Supply contracts state how meters are read and bills settled (旬抄旬收 / 旬抄月结 / 月抄月结). */
const SUPPLY_TYPES: ReadonlySet<ContractType> = new Set([ContractType.GAS_SUPPLY, ContractType.POWER_SUPPLY, ContractType.HEAT_SUPPLY]);

const TERM_FIELDS: Array<keyof ContractTerms> = [
  'serviceAccountId', 'supplierParty', 'customerParty', 'signer', 'startsOn', 'endsOn',
  'prepaymentPeriods', 'prepaymentAmount', 'settlementCycle', 'priceTerms',
];

/** The status a reader sees: ACTIVE past its last day in force is EXPIRED. */
export function effectiveStatus(contract: Pick<Contract, 'status' | 'endsOn'>, today: string = todayIn()): ContractStatus {
  if (contract.status === ContractStatus.ACTIVE && contract.endsOn && contract.endsOn < today) return ContractStatus.EXPIRED;
  return contract.status;
}

/** The contracts a scope may see: those of the customers it may see. */
export function contractScopeFilter(scope: DataScope): FilterQuery<Contract> {
  return { customer: customerScopeFilter(scope) } as FilterQuery<Contract>;
}

/** What a contract's audit entries record. */
function snapshot(contract: Contract): Record<string, unknown> {
  return {
    number: contract.number,
    type: contract.type,
    status: contract.status,
    customerId: contract.customer.id,
    serviceAccountId: contract.serviceAccount?.id ?? null,
    supplierParty: contract.supplierParty,
    customerParty: contract.customerParty,
    signer: contract.signer ?? null,
    signedOn: contract.signedOn ?? null,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn ?? null,
    prepaymentPeriods: contract.prepaymentPeriods ?? null,
    prepaymentAmount: contract.prepaymentAmount ?? null,
    settlementCycle: contract.settlementCycle ?? null,
    priceTerms: contract.priceTerms ?? null,
  };
}

function termsOf(contract: Contract): ContractTerms {
  return {
    serviceAccountId: contract.serviceAccount?.id ?? null,
    supplierParty: contract.supplierParty,
    customerParty: contract.customerParty,
    signer: contract.signer ?? null,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn ?? null,
    prepaymentPeriods: contract.prepaymentPeriods ?? null,
    prepaymentAmount: contract.prepaymentAmount ?? null,
    settlementCycle: contract.settlementCycle ?? null,
    priceTerms: contract.priceTerms ?? null,
  };
}

interface Move {
  contract: Contract;
  kind: ContractEventKind;
  note: string | null;
  audit: { action: string; before: Record<string, unknown> | null; after: Record<string, unknown> };
  domainKind: DomainEventKind;
  changedFields?: string[];
}

export class ContractService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  /** A contract the scope may see; NOT_FOUND otherwise, whether or not it exists. */
  async getContract(id: number): Promise<Contract> {
    const contract = await this.em.findOne(Contract, { $and: [{ id }, contractScopeFilter(this.scope)] });
    if (!contract) throw ContractErrors.notFound();
    return contract;
  }

  async createContract(data: NewContract): Promise<Contract> {
    const customer = await this.em.findOne(Customer, { $and: [{ id: data.customerId }, customerScopeFilter(this.scope)] });
    if (!customer) throw CustomerErrors.notFound();
    const terms = normaliseTerms(data);
    const number = data.number.trim();
    if (!number) throw ContractErrors.blankField('number');
    checkTerms(data.type, terms);
    const serviceAccount = await this.requireServiceAccount(terms.serviceAccountId, customer.id);
    if (await this.em.count(Contract, { number })) throw ContractErrors.numberTaken(number);
    try {
      return await this.em.transactional(async (em) => {
        const contract = em.create(Contract, {
          customer: customer.id,
          serviceAccount: serviceAccount?.id ?? null,
          number,
          type: data.type,
          status: ContractStatus.DRAFT,
          ...termsColumns(terms),
        });
        for (const attachment of data.attachments) {
          em.create(ContractAttachment, { contract, name: attachment.name.trim(), reference: attachment.reference.trim() });
        }
        await em.flush();
        return this.commit(em, {
          contract,
          kind: ContractEventKind.CREATED,
          note: null,
          audit: { action: 'contract.create', before: null, after: { ...snapshot(contract), attachments: data.attachments.length } },
          domainKind: 'contract.created',
        });
      });
    } catch (error) {
      // Two creates with one number can both pass the check above; the unique constraint decides.
      if (error instanceof UniqueConstraintViolationException && /contract_number_unique/.test(error.message)) {
        throw ContractErrors.numberTaken(number);
      }
      throw error;
    }
  }

  /** DRAFT → ACTIVE. */
  signContract(id: number, signedOn: string, signer: string): Promise<Contract> {
    return this.move(id, async (em, contract, today) => {
      const status = effectiveStatus(contract, today);
      if (status !== ContractStatus.DRAFT) throw ContractErrors.wrongStatus(status, 'only a DRAFT contract can be signed');
      if (!signer.trim()) throw ContractErrors.blankField('signer');
      if (signedOn > today) throw ContractErrors.inFuture('signedOn');
      if (contract.endsOn && signedOn > contract.endsOn) throw ContractErrors.afterEnd('signedOn');
      const before = snapshot(contract);
      em.assign(contract, { status: ContractStatus.ACTIVE, signedOn, signer: signer.trim() });
      return {
        contract,
        kind: ContractEventKind.SIGNED,
        note: null,
        audit: { action: 'contract.sign', ...changedValues(before, snapshot(contract)) },
        domainKind: 'contract.signed',
      };
    });
  }

  /** Changes terms of a DRAFT or ACTIVE contract; recorded as AMENDED with the note. */
  amendContract(id: number, changes: ContractAmendment, note: string): Promise<Contract> {
    return this.move(id, async (em, contract, today) => {
      const status = effectiveStatus(contract, today);
      if (status !== ContractStatus.DRAFT && status !== ContractStatus.ACTIVE) {
        throw ContractErrors.wrongStatus(status, 'only a DRAFT or ACTIVE contract can be amended');
      }
      if (!note.trim()) throw ContractErrors.blankField('note');
      const current = termsOf(contract);
      const after: ContractTerms = { ...current };
      for (const field of TERM_FIELDS) {
        if (changes[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = changes[field];
      }
      for (const field of ['supplierParty', 'customerParty', 'startsOn'] as const) {
        if (after[field] === null) throw ContractErrors.blankField(field);
      }
      const terms = normaliseTerms(after);
      checkTerms(contract.type, terms);
      // Ending a contract in force early is a termination, not an amendment.
      if (status === ContractStatus.ACTIVE && terms.endsOn !== current.endsOn && terms.endsOn !== null && terms.endsOn < today) {
        throw ContractErrors.inPast('endsOn');
      }
      if (contract.signedOn && terms.endsOn && terms.endsOn < contract.signedOn) {
        throw ContractErrors.endsBeforeSigned();
      }
      const changedFields = TERM_FIELDS.filter((f) => terms[f] !== current[f]);
      if (changedFields.length === 0) return null;
      const serviceAccount = await this.requireServiceAccount(terms.serviceAccountId, contract.customer.id, em);
      const before = snapshot(contract);
      em.assign(contract, { serviceAccount, ...termsColumns(terms) });
      return {
        contract,
        kind: ContractEventKind.AMENDED,
        note: note.trim(),
        audit: { action: 'contract.amend', ...changedValues(before, snapshot(contract)) },
        domainKind: 'contract.amended',
        changedFields,
      };
    });
  }

  /** ACTIVE or EXPIRED → ACTIVE with a later end date. */
  renewContract(id: number, endsOn: string, note: string): Promise<Contract> {
    return this.move(id, async (em, contract, today) => {
      const status = effectiveStatus(contract, today);
      if (status !== ContractStatus.ACTIVE && status !== ContractStatus.EXPIRED) {
        throw ContractErrors.wrongStatus(status, 'only an ACTIVE or EXPIRED contract can be renewed');
      }
      if (!note.trim()) throw ContractErrors.blankField('note');
      if (!contract.endsOn) throw ContractErrors.openEnded();
      if (endsOn <= contract.endsOn) throw ContractErrors.notLater(contract.endsOn);
      if (endsOn < today) throw ContractErrors.inPast('endsOn');
      const before = snapshot(contract);
      em.assign(contract, { status: ContractStatus.ACTIVE, endsOn });
      return {
        contract,
        kind: ContractEventKind.RENEWED,
        note: note.trim(),
        audit: { action: 'contract.renew', ...changedValues(before, snapshot(contract)) },
        domainKind: 'contract.renewed',
      };
    });
  }

  /**
   * ACTIVE → TERMINATED. The termination date becomes the last day in force
   * (endsOn); the reason is the TERMINATED event's note, the former end date
   * stays in the audit entry.
   */
  terminateContract(id: number, reason: string, terminatedOn: string): Promise<Contract> {
    return this.move(id, async (em, contract, today) => {
      const status = effectiveStatus(contract, today);
      if (status !== ContractStatus.ACTIVE) throw ContractErrors.wrongStatus(status, 'only an ACTIVE contract can be terminated');
      if (!reason.trim()) throw ContractErrors.blankField('reason');
      if (terminatedOn < contract.startsOn) throw ContractErrors.endsBeforeStart('terminatedOn');
      if (contract.endsOn && terminatedOn > contract.endsOn) throw ContractErrors.afterEnd('terminatedOn');
      const before = snapshot(contract);
      em.assign(contract, { status: ContractStatus.TERMINATED, endsOn: terminatedOn });
      return {
        contract,
        kind: ContractEventKind.TERMINATED,
        note: reason.trim(),
        audit: { action: 'contract.terminate', ...changedValues(before, snapshot(contract)) },
        domainKind: 'contract.terminated',
      };
    });
  }

  /** Attaches a document (by reference) to a contract in any status. */
  async addAttachment(contractId: number, name: string, reference: string): Promise<{ contract: Contract; attachment: ContractAttachment }> {
    if (!name.trim()) throw ContractErrors.blankField('name');
    if (!reference.trim()) throw ContractErrors.blankField('reference');
    let attachment!: ContractAttachment;
    const contract = await this.move(contractId, async (em, target) => {
      attachment = em.create(ContractAttachment, { contract: target, name: name.trim(), reference: reference.trim() });
      target.updatedAt = new Date();
      await em.flush();
      return {
        contract: target,
        // The timeline has no kind of its own for documents: adding one amends the contract file.
        kind: ContractEventKind.AMENDED,
        note: `Attachment added: ${attachment.name}`,
        audit: { action: 'contract.attach', before: null, after: { attachmentId: attachment.id, name: attachment.name, reference: attachment.reference } },
        domainKind: 'contract.attachment_added',
        changedFields: ['attachments'],
      };
    });
    return { contract, attachment };
  }

  /**
   * The daily job: writes EXPIRED on every ACTIVE contract whose end date is
   * before `today`, one transaction (and one event) per contract. Safe to run
   * twice or on several instances at once: each contract is re-read under a
   * row lock. Returns how many it expired.
   */
  async expireContracts(today: string = todayIn()): Promise<number> {
    const due = await this.em.find(
      Contract,
      { $and: [{ status: ContractStatus.ACTIVE, endsOn: { $lt: today } }, contractScopeFilter(this.scope)] },
      { fields: ['id'], orderBy: { id: 'asc' } },
    );
    let expired = 0;
    for (const { id } of due) {
      const done = await this.em.transactional(async (em) => {
        const contract = await em.findOne(Contract, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!contract || contract.status !== ContractStatus.ACTIVE || !contract.endsOn || contract.endsOn >= today) return false;
        const before = snapshot(contract);
        contract.status = ContractStatus.EXPIRED;
        await this.commit(em, {
          contract,
          kind: ContractEventKind.EXPIRED,
          note: `Ended on ${contract.endsOn}`,
          audit: { action: 'contract.expire', ...changedValues(before, snapshot(contract)) },
          domainKind: 'contract.expired',
        });
        return true;
      });
      if (done) expired += 1;
    }
    return expired;
  }

  /** ACTIVE contracts whose last day in force is today or within `withinDays` days, soonest first. */
  async listExpiring(query: ExpiringQuery, today: string = todayIn()): Promise<{ rows: Contract[]; totalCount: number }> {
    if (!Number.isInteger(query.withinDays) || query.withinDays < 1 || query.withinDays > 365) throw ContractErrors.withinDaysRange();
    const conditions: FilterQuery<Contract>[] = [
      { status: ContractStatus.ACTIVE, endsOn: { $gte: today, $lte: addDays(today, query.withinDays) } },
      contractScopeFilter(this.scope),
    ];
    if (query.orgUnitId) {
      const root = await this.em.findOne(OrgUnit, { id: query.orgUnitId });
      if (!root || !isInSubtree(root.path, this.scope.orgPath)) throw CustomerErrors.orgUnitMissing('filter.orgUnitId');
      conditions.push({ customer: { orgUnit: { path: { $like: `${escapeLike(root.path)}%` } } } } as FilterQuery<Contract>);
    }
    if (query.types?.length) conditions.push({ type: { $in: query.types } });
    const where: FilterQuery<Contract> = { $and: conditions };
    let page = where;
    if (query.after) {
      const [endsOn, id] = query.after as [string, number];
      page = { $and: [...conditions, { $or: [{ endsOn: { $gt: endsOn } }, { endsOn, id: { $gt: id } }] }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.em.find(Contract, page, { orderBy: [{ endsOn: 'asc' }, { id: 'asc' }], limit: query.first + 1 }),
      this.em.count(Contract, where),
    ]);
    return { rows, totalCount };
  }

  /** The keyset a cursor of `listExpiring` encodes. */
  static expiringKeyOf(contract: Contract): unknown[] {
    return [contract.endsOn, contract.id];
  }

  /**
   * Runs a move on a contract the scope may see: re-reads it under a row lock,
   * lets `change` check and apply it, then records event, audit and domain
   * event. A change that returns null changed nothing and writes nothing.
   */
  private async move(
    id: number,
    change: (em: EntityManager, contract: Contract, today: string) => Promise<Move | null>,
  ): Promise<Contract> {
    await this.getContract(id);
    return this.em.transactional(async (em) => {
      const contract = await em.findOneOrFail(Contract, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const result = await change(em, contract, todayIn());
      if (!result) return contract;
      await em.flush();
      return this.commit(em, result);
    });
  }

  /** Records the timeline event, the audit entry and the domain event of a move. */
  private async commit(em: EntityManager, move: Move): Promise<Contract> {
    const { contract } = move;
    const customer = await em.findOneOrFail(Customer, { id: contract.customer.id }, { populate: ['orgUnit'] });
    em.create(ContractEvent, { contract, customer, kind: move.kind, note: move.note, actor: this.actor.userId });
    await em.flush();
    await recordCustomerChange(em, this.actor, customer, {
      action: move.audit.action,
      entityType: 'Contract',
      entityId: contract.id,
      before: move.audit.before,
      after: move.audit.after,
      kind: move.domainKind,
      changedFields: ['contracts'],
      payload: { contractId: contract.id, contractEvent: move.kind, ...(move.changedFields ? { contractFields: move.changedFields } : {}) },
    });
    return contract;
  }

  /** A service account of this customer, or BAD_USER_INPUT. */
  private async requireServiceAccount(id: number | null, customerId: number, em: EntityManager = this.em): Promise<ServiceAccount | null> {
    if (id === null) return null;
    const account = await em.findOne(ServiceAccount, { id, customer: customerId });
    if (!account) throw ContractErrors.serviceAccountNotOfCustomer();
    return account;
  }
}

/** Trims texts and turns blank optional texts into null. */
function normaliseTerms(terms: ContractTerms): ContractTerms {
  return {
    ...terms,
    supplierParty: terms.supplierParty.trim(),
    customerParty: terms.customerParty.trim(),
    signer: terms.signer?.trim() || null,
    priceTerms: terms.priceTerms?.trim() || null,
  };
}

/** The rules on the terms themselves, for a new contract and an amended one. */
function checkTerms(type: ContractType, terms: ContractTerms): void {
  if (!terms.supplierParty) throw ContractErrors.blankField('supplierParty');
  if (!terms.customerParty) throw ContractErrors.blankField('customerParty');
  if (terms.endsOn !== null && terms.endsOn < terms.startsOn) throw ContractErrors.endsBeforeStart();
  if (SUPPLY_TYPES.has(type) && !terms.settlementCycle) throw ContractErrors.settlementCycleRequired();
  if (terms.prepaymentAmount?.startsWith('-')) throw ContractErrors.negativePrepayment();
  if (terms.prepaymentPeriods !== null && (terms.prepaymentPeriods < 0 || terms.prepaymentPeriods > 12)) throw ContractErrors.prepaymentPeriodsRange();
}

function termsColumns(terms: ContractTerms) {
  return {
    supplierParty: terms.supplierParty,
    customerParty: terms.customerParty,
    signer: terms.signer,
    startsOn: terms.startsOn,
    endsOn: terms.endsOn,
    prepaymentPeriods: terms.prepaymentPeriods,
    prepaymentAmount: terms.prepaymentAmount,
    settlementCycle: terms.settlementCycle,
    priceTerms: terms.priceTerms,
  };
}
