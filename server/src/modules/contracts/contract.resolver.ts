/** GraphQL API of contracts: thin mapping onto ContractService. */
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, decodeCursor, toConnection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerErrors } from '../customers/customer.errors.js';
import { User } from '../org/user.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { Contract, ContractAttachment, ContractEvent, ContractStatus } from './contract.entity.js';
import { ContractService, effectiveStatus, type ContractAmendment } from './contract.service.js';
import { ContractErrors } from './contract.errors.js';
import {
  AddContractAttachmentInput,
  AddContractAttachmentPayload,
  AmendContractInput,
  AmendContractPayload,
  ContractConnection,
  CreateContractInput,
  CreateContractPayload,
  ExpiringContractsFilter,
  RenewContractInput,
  RenewContractPayload,
  SignContractInput,
  SignContractPayload,
  TerminateContractInput,
  TerminateContractPayload,
} from './dto/contract.inputs.js';

const optionalId = (value: string | null | undefined, type: string, field: string) =>
  value === undefined ? undefined : value === null ? null : decodeId(value, type, field);

@Resolver(() => Contract)
export class ContractResolver {
  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => Contract, { description: 'One contract by ID; NOT_FOUND when it does not exist or its customer is outside what you may see.' })
  contract(@Arg('id', () => ID, { description: 'The contract ID.' }) id: string, @Ctx() ctx: Context): Promise<Contract> {
    return service(ctx).getContract(decodeId(id, 'Contract', 'id'));
  }

  @Authorized(ApiKeyScope.CUSTOMERS_READ)
  @Query(() => ContractConnection, {
    description: 'ACTIVE contracts whose last day in force is today or within the next `withinDays` days (company time zone), the soonest first: expiry seen before it happens.',
  })
  async expiringContracts(
    @Arg('withinDays', () => Int, { description: 'How many days ahead to look, 1 to 365.' }) withinDays: number,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => ExpiringContractsFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: ExpiringContractsFilter | null,
    @Ctx() ctx: Context,
  ) {
    const { rows, totalCount } = await service(ctx).listExpiring({
      withinDays,
      first,
      after: after ? decodeCursor(after, ['string', 'number']) : null,
      orgUnitId: optionalId(filter?.orgUnitId, 'OrgUnit', 'filter.orgUnitId'),
      types: filter?.types,
    });
    return toConnection(rows, first, after, totalCount, ContractService.expiringKeyOf);
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => CreateContractPayload, { description: 'Records a contract as a DRAFT. A number already used is CONFLICT; bad input is BAD_USER_INPUT and writes nothing.' })
  async createContract(@Arg('input', () => CreateContractInput, { description: 'What to write.' }) input: CreateContractInput, @Ctx() ctx: Context): Promise<CreateContractPayload> {
    const contract = await service(ctx).createContract({
      customerId: decodeId(input.customerId, 'Customer', 'customerId'),
      serviceAccountId: optionalId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId') ?? null,
      number: input.number,
      type: input.type,
      supplierParty: input.supplierParty,
      customerParty: input.customerParty,
      signer: input.signer ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      prepaymentPeriods: input.prepaymentPeriods ?? null,
      prepaymentAmount: input.prepaymentAmount ?? null,
      settlementCycle: input.settlementCycle ?? null,
      priceTerms: input.priceTerms ?? null,
      attachments: input.attachments ?? [],
    });
    return { contract };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => SignContractPayload, { description: 'Signs a DRAFT contract: it becomes ACTIVE.' })
  async signContract(@Arg('input', () => SignContractInput, { description: 'What to write.' }) input: SignContractInput, @Ctx() ctx: Context): Promise<SignContractPayload> {
    return { contract: await service(ctx).signContract(decodeId(input.id, 'Contract', 'id'), input.signedOn, input.signer) };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => AmendContractPayload, { description: 'Changes the terms of a DRAFT or ACTIVE contract; recorded as AMENDED with the note.' })
  async amendContract(@Arg('input', () => AmendContractInput, { description: 'What to write.' }) input: AmendContractInput, @Ctx() ctx: Context): Promise<AmendContractPayload> {
    const { id, note, serviceAccountId, ...rest } = input;
    const changes: ContractAmendment = { ...(rest as ContractAmendment) };
    if (serviceAccountId !== undefined) changes.serviceAccountId = optionalId(serviceAccountId, 'ServiceAccount', 'serviceAccountId') ?? null;
    return { contract: await service(ctx).amendContract(decodeId(id, 'Contract', 'id'), changes, note) };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => RenewContractPayload, { description: 'Extends an ACTIVE or EXPIRED contract to a later end date; it is ACTIVE again, recorded as RENEWED.' })
  async renewContract(@Arg('input', () => RenewContractInput, { description: 'What to write.' }) input: RenewContractInput, @Ctx() ctx: Context): Promise<RenewContractPayload> {
    return { contract: await service(ctx).renewContract(decodeId(input.id, 'Contract', 'id'), input.endsOn, input.note) };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => TerminateContractPayload, { description: 'Ends an ACTIVE contract early, with a reason; the termination date becomes its end date.' })
  async terminateContract(@Arg('input', () => TerminateContractInput, { description: 'What to write.' }) input: TerminateContractInput, @Ctx() ctx: Context): Promise<TerminateContractPayload> {
    return { contract: await service(ctx).terminateContract(decodeId(input.id, 'Contract', 'id'), input.reason, input.terminatedOn) };
  }

  @Authorized(ApiKeyScope.CUSTOMERS_WRITE)
  @Mutation(() => AddContractAttachmentPayload, { description: 'Attaches a document (by reference) to a contract in any status.' })
  async addContractAttachment(
    @Arg('input', () => AddContractAttachmentInput, { description: 'What to write.' }) input: AddContractAttachmentInput,
    @Ctx() ctx: Context,
  ): Promise<AddContractAttachmentPayload> {
    return service(ctx).addAttachment(decodeId(input.contractId, 'Contract', 'contractId'), input.name, input.reference);
  }

  @FieldResolver(() => ContractStatus, { description: 'Where it stands. An ACTIVE contract past its end date (company time zone) reads EXPIRED at once.' })
  status(@Root() contract: Contract): ContractStatus {
    return effectiveStatus(contract);
  }

  @FieldResolver(() => Customer, { description: 'The customer the contract is made with.' })
  async customer(@Root() contract: Contract, @Ctx() ctx: Context): Promise<Customer> {
    const customer = await ctx.loaders.customer.load(contract.customer.id);
    if (!customer) throw CustomerErrors.notFound();
    return customer;
  }

  @FieldResolver(() => ServiceAccount, { nullable: true, description: 'The service account 户号 it covers, if one.' })
  serviceAccount(@Root() contract: Contract, @Ctx() ctx: Context): Promise<ServiceAccount | null> | null {
    return contract.serviceAccount ? ctx.loaders.serviceAccount.load(contract.serviceAccount.id) : null;
  }

  @FieldResolver(() => [ContractAttachment], { description: 'Its documents, in the order they were attached.' })
  attachments(@Root() contract: Contract, @Ctx() ctx: Context): Promise<ContractAttachment[]> {
    return ctx.loaders.contractAttachmentsByContract.load(contract.id);
  }

  @FieldResolver(() => [ContractEvent], { description: 'What happened to it (created, signed, amended, renewed, terminated, expired), oldest first.' })
  events(@Root() contract: Contract, @Ctx() ctx: Context): Promise<ContractEvent[]> {
    return ctx.loaders.contractEventsByContract.load(contract.id);
  }
}

@Resolver(() => ContractEvent)
export class ContractEventResolver {
  @FieldResolver(() => Contract, { description: 'The contract it happened to.' })
  async contract(@Root() event: ContractEvent, @Ctx() ctx: Context): Promise<Contract> {
    const contract = await ctx.loaders.contract.load(event.contract.id);
    if (!contract) throw ContractErrors.notFound();
    return contract;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who did it; null for the system (the daily expiry job) and partner tools.' })
  actor(@Root() event: ContractEvent, @Ctx() ctx: Context): Promise<User | null> | null {
    return event.actor ? ctx.loaders.user.load(event.actor.id) : null;
  }
}

@Resolver(() => Customer)
export class CustomerContractsResolver {
  @FieldResolver(() => [Contract], { description: 'Contracts 合同 with the customer, newest first.' })
  contracts(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Contract[]> {
    return ctx.loaders.contractsByCustomer.load(customer.id);
  }
}

function service(ctx: Context): ContractService {
  return new ContractService(ctx.em, ctx.scope(), ctx.actor());
}
