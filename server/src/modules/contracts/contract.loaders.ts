/** Per-request loaders of the contract module. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import type { DataScope } from '../auth/viewer.js';
import { Contract, ContractAttachment, ContractEvent } from './contract.entity.js';
import { contractScopeFilter } from './contract.service.js';

/** `scope` is read when a batch runs: the viewer is known by then. */
export function createContractLoaders(em: EntityManager, scope: () => DataScope) {
  return {
    /** Contracts the viewer may see (through their customer); null for any other id. */
    contract: new DataLoader<number, Contract | null>(async (ids) => {
      const rows = await em.find(Contract, { $and: [{ id: { $in: [...ids] } }, contractScopeFilter(scope())] } as FilterQuery<Contract>);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contractAttachment: byIdLoader(em, ContractAttachment),
    contractEvent: byIdLoader(em, ContractEvent),
    /** A customer's contracts, newest first. */
    contractsByCustomer: groupLoader(
      (customerIds: number[]) => em.find(Contract, { customer: { $in: customerIds } }, { orderBy: { id: 'desc' } }),
      (contract) => contract.customer.id,
    ),
    contractAttachmentsByContract: groupLoader(
      (contractIds: number[]) => em.find(ContractAttachment, { contract: { $in: contractIds } }, { orderBy: { id: 'asc' } }),
      (attachment) => attachment.contract.id,
    ),
    /** A contract's timeline, in the order things happened. */
    contractEventsByContract: groupLoader(
      (contractIds: number[]) => em.find(ContractEvent, { contract: { $in: contractIds } }, { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] }),
      (event) => event.contract.id,
    ),
  };
}
