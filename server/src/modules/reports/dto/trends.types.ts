/** Types of the series behind the analytics charts: collection rate per month, arrears ageing of a subtree, consumption swings of a customer. */
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../graphql/scalars.js';
import { Alert } from '../../alerts/alert.entity.js';
import { MeterUnit } from '../../meters/meter.entity.js';
import { QuantityScalar } from '../../meters/dto/quantity.scalar.js';
import { Ageing } from '../../receivables/dto/receivables.inputs.js';

@ObjectType('CollectionRateMonth', { description: 'Collection rate 回收率 of one calendar month: exactly what collectionRate returns for periodFrom..periodTo.' })
export class CollectionRateMonth {
  @Field(() => String, { description: 'The month, YYYY-MM (company time zone).' })
  month!: string;

  @Field(() => String, { description: 'First day of the month (YYYY-MM-DD).' })
  periodFrom!: string;

  @Field(() => String, { description: 'Last day of the month (YYYY-MM-DD).' })
  periodTo!: string;

  @Field(() => DecimalScalar, { description: 'Due: the bills whose period starts in the month, with the adjustments made to them.' })
  due!: string;

  @Field(() => DecimalScalar, { description: 'Collected: payments allocated to those bills.' })
  collected!: string;

  @Field(() => DecimalScalar, { description: 'Still open: due − collected.' })
  outstanding!: string;

  @Field(() => Int, { description: 'Number of bills counted.' })
  billCount!: number;

  @Field(() => String, { nullable: true, description: 'collected ÷ due as an exact decimal string with 6 decimals; null when nothing is due.' })
  rate!: string | null;
}

@ObjectType('ArrearsAgeing', { description: 'Arrears ageing 账龄 of an org unit\'s subtree today: the sum of its customers\' ageing (within what you may see).' })
export class ArrearsAgeing {
  orgUnitId!: number;

  @Field(() => String, { description: 'The day the ageing is counted on (today, YYYY-MM-DD, company time zone).' })
  asOf!: string;

  @Field(() => DecimalScalar, { description: 'Total arrears 欠费 in CNY: what is still open on bills past their due date.' })
  arrears!: string;

  @Field(() => Ageing, { description: 'The arrears by days overdue.' })
  ageing!: Ageing;

  @Field(() => Int, { description: 'Customers with arrears above zero.' })
  customersInArrears!: number;
}

@ObjectType('ConsumptionSwingMark', { description: 'A consumption swing 用量异常波动 of one of a customer\'s service accounts in one month: its CONSUMPTION_SWING alert, for marking the consumption chart.' })
export class ConsumptionSwingMark {
  @Field(() => String, { description: 'The month that swung, YYYY-MM.' })
  month!: string;

  @Field(() => MeterUnit, { nullable: true, description: 'Unit of the account\'s consumption that month; null when the month\'s consumption is no longer known.' })
  unit!: MeterUnit | null;

  @Field(() => QuantityScalar, { nullable: true, description: 'The account\'s consumption that month; null when no longer known.' })
  quantity!: string | null;

  @Field(() => Alert, { description: 'The CONSUMPTION_SWING alert raised for it (its message says against what and by how much).' })
  alert!: Alert;
}
