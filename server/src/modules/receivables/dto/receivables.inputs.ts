/** Inputs, payloads and read types of the receivables API. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId, IsNotBlank, IsNotInFuture } from '../../../graphql/validators.js';
import { IsCalendarDate } from '../../../calendar.js';
import { AdjustmentKind, Adjustment, Bill, Payment, PaymentChannel, Refund } from '../receivables.entity.js';
import { BatchMode, MAX_BATCH_ITEMS } from '../receivables.service.js';

registerEnumType(BatchMode, {
  name: 'BatchMode',
  description: 'How a batch of bills or payments is written.',
  valuesConfig: {
    ALL_OR_NOTHING: { description: 'One transaction: any bad item fails the whole batch (its error names `items.<index>.<field>`) and nothing is written.' },
    PER_ITEM: { description: 'Each item on its own: good items are written, bad ones are returned with their error; the result lists every item in order.' },
  },
});

const KEY = 'Idempotency key (1–200 characters) chosen by the caller: the same key with the same input returns the first result, with a different input is CONFLICT.';

/** The idempotencyKey field every money-moving input has: GraphQL field and its checks in one place. */
function IdempotencyKeyField(): PropertyDecorator {
  return (target, property) => {
    Field(() => String, { description: KEY })(target, property);
    IsNotBlank()(target, property);
    MaxLength(200, { message: 'must be at most 200 characters' })(target, property);
  };
}

@InputType({ description: 'A bill 账单 as a billing system pushes it.' })
export class BillItemInput {
  @Field(() => ID, { description: 'The service account 户号 billed.' })
  @IsGlobalId('ServiceAccount')
  serviceAccountId!: string;

  @Field(() => String, { description: 'First day of the billing period (YYYY-MM-DD).' })
  @IsCalendarDate()
  periodStart!: string;

  @Field(() => String, { description: 'Last day of the billing period (YYYY-MM-DD), not before periodStart.' })
  @IsCalendarDate()
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0.' })
  amount!: string;

  @Field(() => String, { description: 'Due date (YYYY-MM-DD), not before issuedOn.' })
  @IsCalendarDate()
  dueOn!: string;

  @Field(() => String, { description: 'Issue date (YYYY-MM-DD).' })
  @IsCalendarDate()
  issuedOn!: string;

  @Field(() => String, { description: 'The billing system, e.g. 营销系统 (1–100 characters).' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  sourceSystem!: string;

  @Field(() => String, { description: 'The id of the bill in that system (1–100 characters); unique per source system.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  externalId!: string;
}

@InputType({ description: 'One bill to record, with its idempotency key.' })
export class RecordBillInput extends BillItemInput {
  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@InputType({ description: `A batch of up to ${MAX_BATCH_ITEMS} bills.` })
export class ImportBillsInput {
  @Field(() => [BillItemInput], { description: `The bills, 1 to ${MAX_BATCH_ITEMS}.` })
  @ArrayMinSize(1, { message: 'must hold at least 1 item' })
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `must hold at most ${MAX_BATCH_ITEMS} items` })
  @ValidateNested({ each: true })
  items!: BillItemInput[];

  @Field(() => BatchMode, { description: 'ALL_OR_NOTHING (one transaction) or PER_ITEM (a result per item).' })
  mode!: BatchMode;

  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@InputType({ description: 'Part of a payment to apply to one bill.' })
export class AllocationInput {
  @Field(() => ID, { description: 'A bill of the same service account.' })
  @IsGlobalId('Bill')
  billId!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0 and at most what is open on the bill.' })
  amount!: string;
}

@InputType({ description: 'A payment 缴费 as a payment channel or a collector records it.' })
export class PaymentItemInput {
  @Field(() => ID, { description: 'The service account 户号 paid into.' })
  @IsGlobalId('ServiceAccount')
  serviceAccountId!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0.' })
  amount!: string;

  @Field(() => PaymentChannel, { description: 'How it was paid.' })
  channel!: PaymentChannel;

  @Field(() => Date, { description: 'When it was paid; not in the future.' })
  @IsNotInFuture()
  paidAt!: Date;

  @Field(() => String, { nullable: true, description: "The channel's reference (bank serial, order number), at most 100 characters; unique per channel." })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  externalReference?: string | null;

  @Field(() => [AllocationInput], {
    nullable: true,
    description: "Where the money goes; at most the payment amount in all. Omitted: the account's open bills, oldest due date first (then by id); any rest stays as credit.",
  })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must hold at most 100 items' })
  @ValidateNested({ each: true })
  allocateTo?: AllocationInput[] | null;
}

@InputType({ description: 'One payment to record, with its idempotency key.' })
export class RecordPaymentInput extends PaymentItemInput {
  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@InputType({ description: `A batch of up to ${MAX_BATCH_ITEMS} payments.` })
export class RecordPaymentsInput {
  @Field(() => [PaymentItemInput], { description: `The payments, 1 to ${MAX_BATCH_ITEMS}.` })
  @ArrayMinSize(1, { message: 'must hold at least 1 item' })
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `must hold at most ${MAX_BATCH_ITEMS} items` })
  @ValidateNested({ each: true })
  items!: PaymentItemInput[];

  @Field(() => BatchMode, { description: 'ALL_OR_NOTHING (one transaction) or PER_ITEM (a result per item).' })
  mode!: BatchMode;

  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@InputType({ description: 'An adjustment of what a service account owes.' })
export class RecordAdjustmentInput {
  @Field(() => ID, { description: 'The service account.' })
  @IsGlobalId('ServiceAccount')
  serviceAccountId!: string;

  @Field(() => ID, { nullable: true, description: 'The bill it corrects, if any (a bill of the same account).' })
  @IsOptional()
  @IsGlobalId('Bill')
  billId?: string | null;

  @Field(() => DecimalScalar, { description: 'Signed amount in CNY: negative for CREDIT_NOTE and WRITE_OFF, positive for DEBIT.' })
  amount!: string;

  @Field(() => AdjustmentKind, { description: 'What kind of adjustment.' })
  kind!: AdjustmentKind;

  @Field(() => String, { description: 'Why (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason!: string;

  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@InputType({ description: 'Paying back part of the unallocated remainder (credit) of a payment.' })
export class RefundPaymentInput {
  @Field(() => ID, { description: 'The payment.' })
  @IsGlobalId('Payment')
  paymentId!: string;

  @Field(() => DecimalScalar, { description: 'Amount in CNY, more than 0 and at most the unallocated remainder of the payment.' })
  amount!: string;

  @Field(() => String, { description: 'Why (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason!: string;

  @IdempotencyKeyField()
  idempotencyKey!: string;
}

@ObjectType({ description: 'Result of recordBill.' })
export class RecordBillPayload {
  @Field(() => Bill, { description: 'The bill (the first one recorded under this idempotency key).' })
  bill!: Bill;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'Result of recordPayment.' })
export class RecordPaymentPayload {
  @Field(() => Payment, { description: 'The payment with its allocations (the first one recorded under this idempotency key).' })
  payment!: Payment;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'Result of recordAdjustment.' })
export class RecordAdjustmentPayload {
  @Field(() => Adjustment, { description: 'The adjustment.' })
  adjustment!: Adjustment;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'Result of refundPayment.' })
export class RefundPaymentPayload {
  @Field(() => Refund, { description: 'The refund.' })
  refund!: Refund;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'One offending input field of a batch item.' })
export class ItemFieldError {
  @Field(() => String, { description: 'The field of the item, e.g. amount.' })
  field!: string;

  @Field(() => String, { description: 'What is wrong with it.' })
  message!: string;
}

@ObjectType({ description: 'Why one batch item was refused.' })
export class ItemError {
  @Field(() => String, { description: 'Error code, as in extensions.code: BAD_USER_INPUT, NOT_FOUND, CONFLICT.' })
  code!: string;

  @Field(() => String, { description: 'Human-readable message.' })
  message!: string;

  @Field(() => [ItemFieldError], { description: 'The offending fields, if any.' })
  fields!: ItemFieldError[];
}

@ObjectType({ description: 'Outcome of one bill of a batch.' })
export class BillItemResult {
  @Field(() => Int, { description: 'Position of the item in the input (from 0).' })
  index!: number;

  @Field(() => Bill, { nullable: true, description: 'The recorded bill; null when refused.' })
  bill!: Bill | null;

  @Field(() => ItemError, { nullable: true, description: 'Why it was refused; null when recorded.' })
  error!: ItemError | null;
}

@ObjectType({ description: 'Outcome of one payment of a batch.' })
export class PaymentItemResult {
  @Field(() => Int, { description: 'Position of the item in the input (from 0).' })
  index!: number;

  @Field(() => Payment, { nullable: true, description: 'The recorded payment; null when refused.' })
  payment!: Payment | null;

  @Field(() => ItemError, { nullable: true, description: 'Why it was refused; null when recorded.' })
  error!: ItemError | null;
}

@ObjectType({ description: 'Result of importBills.' })
export class ImportBillsPayload {
  @Field(() => [BillItemResult], { description: 'One result per item, in input order.' })
  results!: BillItemResult[];

  @Field(() => Int, { description: 'How many bills were recorded.' })
  recordedCount!: number;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'Result of recordPayments.' })
export class RecordPaymentsPayload {
  @Field(() => [PaymentItemResult], { description: 'One result per item, in input order.' })
  results!: PaymentItemResult[];

  @Field(() => Int, { description: 'How many payments were recorded.' })
  recordedCount!: number;

  @Field(() => Boolean, { description: 'True when this is a retry answered with the first result.' })
  replayed!: boolean;
}

@ObjectType({ description: 'What is in arrears, by days past the due date.' })
export class Ageing {
  @Field(() => DecimalScalar, { description: 'Overdue 1 to 30 days.' })
  days0to30!: string;

  @Field(() => DecimalScalar, { description: 'Overdue 31 to 90 days.' })
  days31to90!: string;

  @Field(() => DecimalScalar, { description: 'Overdue 91 to 180 days.' })
  days91to180!: string;

  @Field(() => DecimalScalar, { description: 'Overdue more than 180 days.' })
  over180!: string;
}

@ObjectType({ description: 'Ledger totals in CNY. balance = billed − paid + adjustments, always.' })
export class AccountBalance {
  @Field(() => DecimalScalar, { description: 'Sum of all bills.' })
  billed!: string;

  @Field(() => DecimalScalar, { description: 'Sum of payments allocated to bills.' })
  paid!: string;

  @Field(() => DecimalScalar, { description: 'Sum of adjustments (credit notes and write-offs negative, debits positive).' })
  adjustments!: string;

  @Field(() => DecimalScalar, { description: 'What is owed: billed − paid + adjustments.' })
  balance!: string;

  @Field(() => DecimalScalar, { description: 'Money paid but not allocated to any bill, less refunds (prepaid credit).' })
  credit!: string;

  @Field(() => DecimalScalar, { description: 'Arrears 欠费: what is still open on bills past their due date (company time zone).' })
  arrears!: string;

  @Field(() => Ageing, { description: 'Arrears by days overdue.' })
  ageing!: Ageing;
}

@ObjectType({ description: 'Collection rate 回收率 of a period: collected ÷ due.' })
export class CollectionRate {
  @Field(() => DecimalScalar, { description: 'Due: the bills whose period starts in the range, with the adjustments made to them.' })
  due!: string;

  @Field(() => DecimalScalar, { description: 'Collected: payments allocated to those bills.' })
  collected!: string;

  @Field(() => DecimalScalar, { description: 'Still open: due − collected.' })
  outstanding!: string;

  @Field(() => Int, { description: 'Number of bills counted.' })
  billCount!: number;

  @Field(() => String, {
    nullable: true,
    description: 'collected ÷ due as an exact decimal string with 6 decimals, e.g. "0.999990" (the five-nines target 五个九); null when nothing is due.',
  })
  rate!: string | null;
}

@InputType({ description: 'Whose collection rate, for which period. Name exactly one of orgUnitId, responsibleRepId, customerId.' })
export class CollectionRateFilter {
  @Field(() => ID, { nullable: true, description: "An org unit: customers in its subtree (by the customer's own unit)." })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A person: the customers they are responsible for.' })
  @IsOptional()
  @IsGlobalId('User')
  responsibleRepId?: string | null;

  @Field(() => ID, { nullable: true, description: 'One customer (all its service accounts).' })
  @IsOptional()
  @IsGlobalId('Customer')
  customerId?: string | null;

  @Field(() => String, { description: 'First day of the range (YYYY-MM-DD); bills whose period starts on or after it count.' })
  @IsCalendarDate()
  periodFrom!: string;

  @Field(() => String, { description: 'Last day of the range (YYYY-MM-DD); bills whose period starts on or before it count.' })
  @IsCalendarDate()
  periodTo!: string;
}

@InputType({ description: 'Which bills of an account to list.' })
export class BillFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only bills with something still open.' })
  openOnly?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only bills open and past their due date (in arrears).' })
  overdueOnly?: boolean | null;
}
