/** Inputs and payloads of staff rotation 轮岗 and collector assignment. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { IsCalendarDate } from '../../../calendar.js';
import { Customer } from '../../customers/customer.entity.js';
import { User } from '../../org/user.entity.js';
import { ServiceAccount } from '../../service-accounts/service-account.entity.js';
import { MAX_ROTATION_ACCOUNTS } from '../rotation.service.js';

export enum RotationRole {
  REP = 'REP',
  COLLECTOR = 'COLLECTOR',
}
registerEnumType(RotationRole, {
  name: 'RotationRole',
  description: 'Which accounts a rotation 轮岗 moves.',
  valuesConfig: {
    REP: { description: "Customers whose responsible rep 客户经理 is fromUser; toUser must be a REP or LEAD." },
    COLLECTOR: { description: 'Service accounts 户号 whose fee collector 收费员 is fromUser; toUser must be a COLLECTOR.' },
  },
});

@InputType({ description: "Moving a rep's customers or a collector's service accounts to another person 轮岗, with the history kept." })
export class RotateAccountsInput {
  @Field(() => ID, { description: 'Who hands over.' })
  @IsGlobalId('User')
  fromUserId!: string;

  @Field(() => ID, { description: "Who takes over: enabled, of the right role, at the accounts' org unit or above it; not fromUser." })
  @IsGlobalId('User')
  toUserId!: string;

  @Field(() => RotationRole, { description: 'Rep accounts (customers) or collector accounts (service accounts).' })
  role!: RotationRole;

  @Field(() => [ID], {
    nullable: true,
    description: `REP: these customers of fromUser; COLLECTOR: fromUser's service accounts of these customers. All of fromUser's in your scope when omitted (at most ${MAX_ROTATION_ACCOUNTS} accounts per rotation).`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ROTATION_ACCOUNTS, { message: `must name at most ${MAX_ROTATION_ACCOUNTS} customers` })
  @IsGlobalId('Customer', { each: true })
  customerIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "COLLECTOR only: these service accounts 户号 of fromUser." })
  @IsOptional()
  @ArrayMaxSize(MAX_ROTATION_ACCOUNTS, { message: `must name at most ${MAX_ROTATION_ACCOUNTS} service accounts` })
  @IsGlobalId('ServiceAccount', { each: true })
  serviceAccountIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "The day the handover takes effect (YYYY-MM-DD, company time zone): today or earlier, not before the current holder took over. Now when omitted.",
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string | null;

  @Field(() => String, { description: 'Why, e.g. 年度片区轮岗 (1–1000 characters); kept in the history and the audit log.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@ObjectType({ description: 'What a rotation 轮岗 moved.' })
export class RotateAccountsPayload {
  @Field(() => User, { description: 'Who handed over.' })
  fromUser!: User;

  @Field(() => User, { description: 'Who took over.' })
  toUser!: User;

  @Field(() => Int, { description: 'Customers concerned: moved to toUser (REP), or holding a moved service account (COLLECTOR).' })
  customerCount!: number;

  @Field(() => Int, { description: 'Service accounts whose collector changed (0 for REP).' })
  serviceAccountCount!: number;

  @Field(() => Int, { description: "Open alerts of the moved accounts that fromUser owned and toUser now owns." })
  alertsReassigned!: number;

  @Field(() => [Customer], { description: 'The customers concerned, by id.' })
  customers!: Customer[];
}

@InputType({ description: 'Naming the fee collector 收费员 of one service account (or none).' })
export class AssignCollectorInput {
  @Field(() => ID, { description: 'The service account 户号.' })
  @IsGlobalId('ServiceAccount')
  serviceAccountId!: string;

  @Field(() => ID, { nullable: true, description: "The new collector: an enabled COLLECTOR at the account's station or above it; null: none." })
  @IsOptional()
  @IsGlobalId('User')
  collectorId?: string | null;

  @Field(() => String, { description: 'Why (1–1000 characters); kept in the history and the audit log.' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  reason!: string;
}

@ObjectType({ description: 'The account with its new collector.' })
export class AssignCollectorPayload {
  @Field(() => ServiceAccount, { description: 'The service account.' })
  serviceAccount!: ServiceAccount;

  @Field(() => User, { nullable: true, description: 'Its collector before the change; null when it had none.' })
  previousCollector!: User | null;
}
