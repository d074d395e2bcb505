/** Types, inputs and filters of the worklist API 工作清单. */
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { IsGlobalId } from '../../../graphql/validators.js';
import { MAX_PAGE_SIZE, connectionTypes } from '../../../graphql/connection.js';
import { IsCalendarDate } from '../../../calendar.js';
import { InstallmentPlan } from '../../installments/installment.entity.js';
import { Visit } from '../../visits/visit.entity.js';
import { WorklistItem, WorklistItemKind, WorklistItemStatus } from '../worklist-item.entity.js';

@ObjectType('WorklistArrearsEntry', {
  description:
    'A service account in arrears on a worklist, with its priority 催收优先级 = arrears ÷ monitoring threshold + days overdue ÷ 30 + 5 if on the risk ledger + 3 × promises broken in the last year.',
})
export class WorklistArrearsEntry {
  serviceAccountId!: number;
  customerId!: number;

  @Field(() => DecimalScalar, { description: 'Arrears 欠费 in CNY now: open amounts of bills past due.' })
  arrears!: string;

  @Field(() => Int, { description: 'Days since the due date of the oldest unpaid overdue bill.' })
  oldestOverdueDays!: number;

  @Field(() => Boolean, { description: 'The customer is on the risk-customer ledger 风险客户台账.' })
  onRiskLedger!: boolean;

  @Field(() => Int, { description: 'Promises to pay broken in the last 365 days 承诺未兑现次数.' })
  brokenPromises!: number;

  @Field(() => DecimalScalar, { description: 'Priority score (higher first), see the type description.' })
  priority!: string;
}

@ObjectType('Worklist', { description: "A person's collection day 今日工作清单: accounts in arrears by priority, policy visits due, promises to pay due, breached installment plans." })
export class Worklist {
  ownerId!: number | null;

  @Field(() => String, { description: 'The day (YYYY-MM-DD, company time zone).' })
  date!: string;

  @Field(() => [WorklistArrearsEntry], { description: 'Accounts in arrears 欠费户, highest priority first, at most `limit`.' })
  accountsInArrears!: WorklistArrearsEntry[];

  @Field(() => [WorklistItem], { description: 'OPEN worklist items due on or before the day 策略催收任务, oldest due first, at most `limit`.' })
  policyVisitsDue!: WorklistItem[];

  @Field(() => [Visit], { description: 'Collection visits whose promise to pay 承诺缴费 falls on the day, at most `limit`.' })
  promisesDue!: Visit[];

  @Field(() => [InstallmentPlan], { description: 'Installment plans breached 分期违约 in the 30 days before the day, latest first, at most `limit`.' })
  breachedPlans!: InstallmentPlan[];
}

@InputType({ description: 'Which worklist items to list; every condition must hold.' })
export class WorklistItemFilter {
  @Field(() => [WorklistItemStatus], { nullable: true, description: 'Only items in these statuses; all when omitted.' })
  statuses?: WorklistItemStatus[] | null;

  @Field(() => [WorklistItemKind], { nullable: true, description: 'Only items of these kinds; all when omitted.' })
  kinds?: WorklistItemKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only items owned by this user.' })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only items due on or before this day (YYYY-MM-DD).' })
  @IsOptional()
  @IsCalendarDate()
  dueBy?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;
}

export const { ConnectionType: WorklistItemConnection } = connectionTypes(WorklistItem, 'WorklistItem', 'worklist item');

@ArgsType()
export class WorklistArgs {
  @Field(() => ID, { nullable: true, description: 'Whose worklist: yourself when omitted (a partner key: everyone in its scope). Others need users:read and must be in your subtree.' })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => String, { nullable: true, description: 'The day (YYYY-MM-DD, company time zone); today when omitted.' })
  @IsOptional()
  @IsCalendarDate()
  date?: string | null;

  @Field(() => Int, { defaultValue: 20, description: `Rows per section at most, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` })
  limit: number = 20;
}
