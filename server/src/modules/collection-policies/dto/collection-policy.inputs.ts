/** Inputs and payloads of the collection-policy API 催收策略. */
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { Utility } from '../../customers/customer.enums.js';
import { CollectionPolicy } from '../collection-policy.entity.js';

@InputType({ description: "One utility's big-user threshold." })
export class BigUserThresholdInput {
  @Field(() => Utility, { description: 'The utility.' })
  utility!: Utility;

  @Field(() => DecimalScalar, { description: "Monthly consumption in the utility's unit (kWh, m³, GJ, t), more than 0." })
  threshold!: string;
}

@InputType({ description: "Changing the company's collection policy 催收策略; omitted settings stay as they are." })
export class UpdateCollectionPolicyInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Daily monitoring threshold in CNY 日监测阈值: more than 0, at most 10000000.00.' })
  monitoringThreshold?: string | null;

  @Field(() => [BigUserThresholdInput], { nullable: true, description: 'Big-user thresholds to change, at most one per utility; utilities not listed keep theirs.' })
  @IsOptional()
  @ValidateNested({ each: true })
  bigUserThresholds?: BigUserThresholdInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Collections a big user gets at least each month, 1 to 10.' })
  bigUserCollectionsPerMonth?: number | null;

  @Field(() => Int, { nullable: true, description: 'Days between collection checks of a risk-ledger customer, 1 to 30.' })
  riskCheckIntervalDays?: number | null;
}

@ObjectType({ description: 'Result of updateCollectionPolicy.' })
export class UpdateCollectionPolicyPayload {
  @Field(() => CollectionPolicy, { description: 'The policy as saved.' })
  collectionPolicy!: CollectionPolicy;
}
