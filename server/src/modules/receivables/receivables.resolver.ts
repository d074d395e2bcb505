/** GraphQL API of the receivables ledger: thin mapping onto ReceivablesService. */
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PageArgs, connectionTypes, decodeCursor, toConnection, type Connection } from '../../graphql/connection.js';
import { decodeId } from '../../graphql/global-id.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import { ApiKeyScope } from '../auth/permissions.js';
import { Customer } from '../customers/customer.entity.js';
import { ServiceAccount } from '../service-accounts/service-account.entity.js';
import { ServiceAccountErrors } from '../service-accounts/service-account.errors.js';
import { Adjustment, Allocation, Bill, Payment, Refund } from './receivables.entity.js';
import { ReceivablesService, type BalanceRow, type ItemOutcome, type NewBill, type NewPayment } from './receivables.service.js';
import { ReceivablesErrors } from './receivables.errors.js';
// Bills, payments and adjustments in the customer's timeline.
import './receivables.timeline.js';
import {
  AccountBalance,
  BillFilter,
  BillItemInput,
  CollectionRate,
  CollectionRateFilter,
  ImportBillsInput,
  ImportBillsPayload,
  PaymentItemInput,
  RecordAdjustmentInput,
  RecordAdjustmentPayload,
  RecordBillInput,
  RecordBillPayload,
  RecordPaymentInput,
  RecordPaymentPayload,
  RecordPaymentsInput,
  RecordPaymentsPayload,
  RefundPaymentInput,
  RefundPaymentPayload,
} from './dto/receivables.inputs.js';

const { ConnectionType: BillConnection } = connectionTypes(Bill, 'Bill', 'bill');
const { ConnectionType: PaymentConnection } = connectionTypes(Payment, 'Payment', 'payment');

function service(ctx: Context): ReceivablesService {
  return new ReceivablesService(ctx.em, ctx.scope(), ctx.actor());
}

function billOf(input: BillItemInput, prefix = ''): NewBill {
  return {
    serviceAccountId: decodeId(input.serviceAccountId, 'ServiceAccount', `${prefix}serviceAccountId`),
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    amount: input.amount,
    dueOn: input.dueOn,
    issuedOn: input.issuedOn,
    sourceSystem: input.sourceSystem,
    externalId: input.externalId,
  };
}

function paymentOf(input: PaymentItemInput, prefix = ''): NewPayment {
  return {
    serviceAccountId: decodeId(input.serviceAccountId, 'ServiceAccount', `${prefix}serviceAccountId`),
    amount: input.amount,
    channel: input.channel,
    paidAt: input.paidAt,
    externalReference: input.externalReference?.trim() || null,
    allocateTo:
      input.allocateTo?.map((part, i) => ({ billId: decodeId(part.billId, 'Bill', `${prefix}allocateTo.${i}.billId`), amount: part.amount })) ?? null,
  };
}

async function byIds<T extends { id: number }>(ctx: Context, entity: new () => T, ids: number[]): Promise<Map<number, T>> {
  const rows = ids.length ? await ctx.em.find(entity, { id: { $in: ids } } as never) : [];
  return new Map(rows.map((r) => [r.id, r]));
}

function results<T extends { id: number }>(outcomes: ItemOutcome[], rows: Map<number, T>) {
  return outcomes.map((o, index) => ({ index, row: o.id === null ? null : rows.get(o.id)!, error: o.error }));
}

function toBalance(row: BalanceRow): AccountBalance {
  return {
    billed: row.billed,
    paid: row.paid,
    adjustments: row.adjustments,
    balance: row.balance,
    credit: row.credit,
    arrears: row.arrears,
    ageing: { days0to30: row.days0to30, days31to90: row.days31to90, days91to180: row.days91to180, over180: row.over180 },
  };
}

@Resolver()
export class ReceivablesResolver {
  @Authorized(ApiKeyScope.BILLS_WRITE)
  @Mutation(() => RecordBillPayload, {
    description: 'Records one bill 账单 (bills:write). Idempotent: the same idempotencyKey with the same input returns the first bill; with a different input it is CONFLICT. A bill whose (sourceSystem, externalId) is already recorded is CONFLICT.',
  })
  async recordBill(@Arg('input', () => RecordBillInput, { description: 'What to write.' }) input: RecordBillInput, @Ctx() ctx: Context): Promise<RecordBillPayload> {
    const { result, replayed } = await service(ctx).recordBill(billOf(input), input.idempotencyKey);
    return { bill: await ctx.em.findOneOrFail(Bill, { id: result.billId }), replayed };
  }

  @Authorized(ApiKeyScope.BILLS_WRITE)
  @Mutation(() => ImportBillsPayload, {
    description: 'Records up to 1,000 bills in one request (bills:write). ALL_OR_NOTHING: one transaction; the first bad item fails the request (error fields `items.<i>.<field>`) and writes nothing. PER_ITEM: good items are written, each bad one is returned with its error. Idempotent on idempotencyKey like recordBill.',
  })
  async importBills(@Arg('input', () => ImportBillsInput, { description: 'What to write.' }) input: ImportBillsInput, @Ctx() ctx: Context): Promise<ImportBillsPayload> {
    const items = input.items.map((item, i) => billOf(item, `items.${i}.`));
    const { result, replayed } = await service(ctx).importBills(items, input.mode, input.idempotencyKey);
    const rows = await byIds(ctx, Bill, result.items.flatMap((o) => (o.id === null ? [] : [o.id])));
    return {
      results: results(result.items, rows).map(({ index, row, error }) => ({ index, bill: row, error })),
      recordedCount: rows.size,
      replayed,
    };
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => RecordPaymentPayload, {
    description: "Records one payment 缴费 (payments:write) and allocates it: to allocateTo when given, else to the account's open bills oldest due date first; any rest stays as credit. Idempotent: the same idempotencyKey with the same input returns the first payment; with a different input it is CONFLICT. Concurrent payments to one account are serialised and allocate exactly.",
  })
  async recordPayment(@Arg('input', () => RecordPaymentInput, { description: 'What to write.' }) input: RecordPaymentInput, @Ctx() ctx: Context): Promise<RecordPaymentPayload> {
    const { result, replayed } = await service(ctx).recordPayment(paymentOf(input), input.idempotencyKey);
    return { payment: await ctx.em.findOneOrFail(Payment, { id: result.paymentId }), replayed };
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => RecordPaymentsPayload, {
    description: 'Records up to 1,000 payments in one request (payments:write), each allocated as in recordPayment. ALL_OR_NOTHING: one transaction; the first bad item fails the request (error fields `items.<i>.<field>`) and writes nothing. PER_ITEM: good items are written, each bad one is returned with its error. Idempotent on idempotencyKey.',
  })
  async recordPayments(@Arg('input', () => RecordPaymentsInput, { description: 'What to write.' }) input: RecordPaymentsInput, @Ctx() ctx: Context): Promise<RecordPaymentsPayload> {
    const items = input.items.map((item, i) => paymentOf(item, `items.${i}.`));
    const { result, replayed } = await service(ctx).recordPayments(items, input.mode, input.idempotencyKey);
    const rows = await byIds(ctx, Payment, result.items.flatMap((o) => (o.id === null ? [] : [o.id])));
    return {
      results: results(result.items, rows).map(({ index, row, error }) => ({ index, payment: row, error })),
      recordedCount: rows.size,
      replayed,
    };
  }

  @Authorized(ApiKeyScope.BILLS_WRITE)
  @Mutation(() => RecordAdjustmentPayload, {
    description: 'Records an adjustment (bills:write): a credit note or write-off (negative) or a debit (positive), optionally against one bill of the account. Idempotent on idempotencyKey.',
  })
  async recordAdjustment(
    @Arg('input', () => RecordAdjustmentInput, { description: 'What to write.' }) input: RecordAdjustmentInput,
    @Ctx() ctx: Context,
  ): Promise<RecordAdjustmentPayload> {
    const { result, replayed } = await service(ctx).recordAdjustment(
      {
        serviceAccountId: decodeId(input.serviceAccountId, 'ServiceAccount', 'serviceAccountId'),
        billId: input.billId ? decodeId(input.billId, 'Bill', 'billId') : null,
        amount: input.amount,
        kind: input.kind,
        reason: input.reason,
      },
      input.idempotencyKey,
    );
    return { adjustment: await ctx.em.findOneOrFail(Adjustment, { id: result.adjustmentId }), replayed };
  }

  @Authorized(ApiKeyScope.PAYMENTS_WRITE)
  @Mutation(() => RefundPaymentPayload, {
    description: 'Refunds part of a payment (payments:write), at most its unallocated remainder (credit). Idempotent on idempotencyKey.',
  })
  async refundPayment(@Arg('input', () => RefundPaymentInput, { description: 'What to write.' }) input: RefundPaymentInput, @Ctx() ctx: Context): Promise<RefundPaymentPayload> {
    const { result, replayed } = await service(ctx).refundPayment(
      { paymentId: decodeId(input.paymentId, 'Payment', 'paymentId'), amount: input.amount, reason: input.reason },
      input.idempotencyKey,
    );
    return { refund: await ctx.em.findOneOrFail(Refund, { id: result.refundId }), replayed };
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @Query(() => CollectionRate, {
    description: 'Collection rate 回收率 = collected ÷ due for the bills whose period starts in the range, per org unit, per responsible person or per customer, within what you may see.',
  })
  collectionRate(@Arg('filter', () => CollectionRateFilter, { description: 'Whose rate, for which period.' }) filter: CollectionRateFilter, @Ctx() ctx: Context): Promise<CollectionRate> {
    return service(ctx).collectionRate({
      orgUnitId: filter.orgUnitId ? decodeId(filter.orgUnitId, 'OrgUnit', 'filter.orgUnitId') : null,
      responsibleRepId: filter.responsibleRepId ? decodeId(filter.responsibleRepId, 'User', 'filter.responsibleRepId') : null,
      customerId: filter.customerId ? decodeId(filter.customerId, 'Customer', 'filter.customerId') : null,
      periodFrom: filter.periodFrom,
      periodTo: filter.periodTo,
    });
  }
}

/** Balances and ledger lists of a service account; reached only through visible customers. */
@Resolver(() => ServiceAccount)
export class ServiceAccountLedgerResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @FieldResolver(() => AccountBalance, { description: 'Ledger totals, arrears and ageing of the account (receivables:read).' })
  async balance(@Root() account: ServiceAccount, @Ctx() ctx: Context): Promise<AccountBalance> {
    return toBalance(await ctx.loaders.accountBalance.load(account.id));
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @FieldResolver(() => BillConnection, { description: 'Bills of the account, newest first (receivables:read).' })
  async bills(
    @Root() account: ServiceAccount,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Arg('filter', () => BillFilter, { nullable: true, description: 'Which bills; all when omitted.' }) filter: BillFilter | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<Bill>> {
    const afterId = after ? (decodeCursor(after, ['number'])[0] as number) : null;
    const { ids, totalCount } = await ctx.loaders.billPages.load({ accountId: account.id, first, afterId, openOnly: Boolean(filter?.openOnly), overdueOnly: Boolean(filter?.overdueOnly) });
    const rows = await Promise.all(ids.map((id) => ctx.loaders.bill.load(id)));
    return toConnection(rows as Bill[], first, after, totalCount, (b) => [b.id]);
  }

  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @FieldResolver(() => PaymentConnection, { description: 'Payments into the account, newest first (receivables:read).' })
  async payments(@Root() account: ServiceAccount, @Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: Context): Promise<Connection<Payment>> {
    const afterId = after ? (decodeCursor(after, ['number'])[0] as number) : null;
    const { ids, totalCount } = await ctx.loaders.paymentPages.load({ accountId: account.id, first, afterId, openOnly: false, overdueOnly: false });
    const rows = await Promise.all(ids.map((id) => ctx.loaders.payment.load(id)));
    return toConnection(rows as Payment[], first, after, totalCount, (p) => [p.id]);
  }
}

@Resolver(() => Customer)
export class CustomerBalanceResolver {
  @Authorized(ApiKeyScope.RECEIVABLES_READ)
  @FieldResolver(() => AccountBalance, { description: 'Ledger totals, arrears and ageing over all service accounts of the customer, across districts (receivables:read).' })
  async balance(@Root() customer: Customer, @Ctx() ctx: Context): Promise<AccountBalance> {
    return toBalance(await ctx.loaders.customerBalance.load(customer.id));
  }
}

async function accountOf(ctx: Context, id: number): Promise<ServiceAccount> {
  const account = await ctx.loaders.serviceAccount.load(id);
  if (!account || !(await ctx.loaders.customer.load(account.customer.id))) throw ServiceAccountErrors.notFound();
  return account;
}

@Resolver(() => Bill)
export class BillResolver {
  @FieldResolver(() => ServiceAccount, { description: 'The account billed.' })
  serviceAccount(@Root() bill: Bill, @Ctx() ctx: Context): Promise<ServiceAccount> {
    return accountOf(ctx, bill.serviceAccount.id);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Payments allocated to the bill.' })
  async allocated(@Root() bill: Bill, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.billTotals.load(bill.id)).allocated;
  }

  @FieldResolver(() => DecimalScalar, { description: 'Adjustments made against the bill (signed).' })
  async adjusted(@Root() bill: Bill, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.billTotals.load(bill.id)).adjusted;
  }

  @FieldResolver(() => DecimalScalar, { description: 'Still open: amount − allocated + adjusted.' })
  async outstanding(@Root() bill: Bill, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.billTotals.load(bill.id)).outstanding;
  }

  @FieldResolver(() => [Allocation], { description: 'Payments applied to the bill, in order.' })
  allocations(@Root() bill: Bill, @Ctx() ctx: Context): Promise<Allocation[]> {
    return ctx.loaders.allocationsByBill.load(bill.id);
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => ServiceAccount, { description: 'The account paid into.' })
  serviceAccount(@Root() payment: Payment, @Ctx() ctx: Context): Promise<ServiceAccount> {
    return accountOf(ctx, payment.serviceAccount.id);
  }

  @FieldResolver(() => [Allocation], { description: 'Where the money went, in order.' })
  allocations(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Allocation[]> {
    return ctx.loaders.allocationsByPayment.load(payment.id);
  }

  @FieldResolver(() => [Refund], { description: 'Refunds out of this payment.' })
  refunds(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Refund[]> {
    return ctx.loaders.refundsByPayment.load(payment.id);
  }

  @FieldResolver(() => DecimalScalar, { description: 'Allocated to bills.' })
  async allocated(@Root() payment: Payment, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.paymentTotals.load(payment.id)).allocated;
  }

  @FieldResolver(() => DecimalScalar, { description: 'Refunded.' })
  async refunded(@Root() payment: Payment, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.paymentTotals.load(payment.id)).refunded;
  }

  @FieldResolver(() => DecimalScalar, { description: 'Neither allocated nor refunded: credit on the account.' })
  async unallocated(@Root() payment: Payment, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.paymentTotals.load(payment.id)).unallocated;
  }
}

@Resolver(() => Allocation)
export class AllocationResolver {
  @FieldResolver(() => Bill, { description: 'The bill paid.' })
  async bill(@Root() allocation: Allocation, @Ctx() ctx: Context): Promise<Bill> {
    const bill = await ctx.loaders.bill.load(allocation.bill.id);
    if (!bill) throw ReceivablesErrors.billNotFound();
    return bill;
  }

  @FieldResolver(() => Payment, { description: 'The payment the money came from.' })
  async payment(@Root() allocation: Allocation, @Ctx() ctx: Context): Promise<Payment> {
    const payment = await ctx.loaders.payment.load(allocation.payment.id);
    if (!payment) throw ReceivablesErrors.paymentNotFound();
    return payment;
  }
}

@Resolver(() => Adjustment)
export class AdjustmentResolver {
  @FieldResolver(() => ServiceAccount, { description: 'The account adjusted.' })
  serviceAccount(@Root() adjustment: Adjustment, @Ctx() ctx: Context): Promise<ServiceAccount> {
    return accountOf(ctx, adjustment.serviceAccount.id);
  }

  @FieldResolver(() => Bill, { nullable: true, description: 'The bill it corrects, if any.' })
  bill(@Root() adjustment: Adjustment, @Ctx() ctx: Context): Promise<Bill | null> {
    return adjustment.bill ? ctx.loaders.bill.load(adjustment.bill.id) : Promise.resolve(null);
  }
}

@Resolver(() => Refund)
export class RefundResolver {
  @FieldResolver(() => Payment, { description: 'The payment refunded.' })
  async payment(@Root() refund: Refund, @Ctx() ctx: Context): Promise<Payment> {
    const payment = await ctx.loaders.payment.load(refund.payment.id);
    if (!payment) throw ReceivablesErrors.paymentNotFound();
    return payment;
  }
}

export const RECEIVABLES_RESOLVERS = [
  ReceivablesResolver,
  ServiceAccountLedgerResolver,
  CustomerBalanceResolver,
  BillResolver,
  PaymentResolver,
  AllocationResolver,
  AdjustmentResolver,
  RefundResolver,
] as const;
