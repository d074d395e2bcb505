/** The payload of the `customerChanged` subscription. */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { DomainEventKind } from '../../../events/domain-events.js';
import { Customer } from '../customer.entity.js';

export enum CustomerChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  CONTACT_ADDED = 'CONTACT_ADDED',
  CONTACT_UPDATED = 'CONTACT_UPDATED',
  CONTACT_ARCHIVED = 'CONTACT_ARCHIVED',
  SERVICE_ACCOUNT_ADDED = 'SERVICE_ACCOUNT_ADDED',
  SERVICE_ACCOUNT_UPDATED = 'SERVICE_ACCOUNT_UPDATED',
  SERVICE_ACCOUNT_STATUS_CHANGED = 'SERVICE_ACCOUNT_STATUS_CHANGED',
  VISIT_LOGGED = 'VISIT_LOGGED',
  CONTRACT_CHANGED = 'CONTRACT_CHANGED',
  RISK_CHANGED = 'RISK_CHANGED',
  BILLING_CHANGED = 'BILLING_CHANGED',
  METER_CHANGED = 'METER_CHANGED',
  INSPECTION_CHANGED = 'INSPECTION_CHANGED',
  RETURN_VISIT_CHANGED = 'RETURN_VISIT_CHANGED',
  CAMPAIGN_CHANGED = 'CAMPAIGN_CHANGED',
  REWARD_CHANGED = 'REWARD_CHANGED',
  WORKLIST_CHANGED = 'WORKLIST_CHANGED',
}
registerEnumType(CustomerChangeKind, {
  name: 'CustomerChangeKind',
  description: 'What happened to the customer.',
  valuesConfig: {
    CREATED: { description: 'The customer was created.' },
    UPDATED: { description: 'Fields of the customer changed (see changedFields).' },
    CONTACT_ADDED: { description: 'A contact was added.' },
    CONTACT_UPDATED: { description: 'A contact changed; the change is in its revisions (changedFields: contacts).' },
    CONTACT_ARCHIVED: { description: 'A contact was archived (changedFields: contacts).' },
    SERVICE_ACCOUNT_ADDED: { description: 'A service account 户号 was added (changedFields: serviceAccounts).' },
    SERVICE_ACCOUNT_UPDATED: { description: 'A service account\'s address, district, meter points or serving station changed (changedFields: serviceAccounts).' },
    SERVICE_ACCOUNT_STATUS_CHANGED: { description: 'A service account was suspended 封堵, resumed or closed 销户 (changedFields: serviceAccounts).' },
    VISIT_LOGGED: { description: 'A visit 走访 or call was logged (changedFields: visits).' },
    CONTRACT_CHANGED: { description: 'A contract was recorded, signed, amended, renewed, terminated, expired or got a document (changedFields: contracts).' },
    RISK_CHANGED: { description: 'The customer was put on or taken off the risk ledger 风险客户台账, or its plan or level changed (changedFields: riskLevel, riskEntries).' },
    BILLING_CHANGED: { description: 'A bill, payment, adjustment or refund of one of its service accounts was recorded (changedFields: balance). Batches (importBills, recordPayments) do not push this.' },
    METER_CHANGED: { description: 'A meter 计量仪表 of one of its service accounts was installed, removed or calibrated, or meter readings were recorded (changedFields: meters or consumption).' },
    INSPECTION_CHANGED: { description: 'A safety inspection 安全检查 was recorded, or a rectification notice 整改通知书 was closed or extended (changedFields: inspections or rectificationNotices).' },
    RETURN_VISIT_CHANGED: { description: 'A return visit 回访 was scheduled or completed (changedFields: returnVisits).' },
    CAMPAIGN_CHANGED: { description: 'Its accounts were added to a collection campaign 清欠专项行动, or their leader 包保领导 was assigned (changedFields: campaigns).' },
    REWARD_CHANGED: { description: 'A development reward 开发专项奖励 for it was proposed, approved or rejected (changedFields: rewards).' },
    WORKLIST_CHANGED: { description: 'Its collection worklist 工作清单 changed: items made, done or cancelled (changedFields: worklistItems).' },
  },
});

export const CHANGE_KIND_OF_EVENT = {
  'customer.created': CustomerChangeKind.CREATED,
  'customer.updated': CustomerChangeKind.UPDATED,
  'customer.contact_added': CustomerChangeKind.CONTACT_ADDED,
  'customer.contact_updated': CustomerChangeKind.CONTACT_UPDATED,
  'customer.contact_archived': CustomerChangeKind.CONTACT_ARCHIVED,
  'customer.service_account_added': CustomerChangeKind.SERVICE_ACCOUNT_ADDED,
  'customer.service_account_updated': CustomerChangeKind.SERVICE_ACCOUNT_UPDATED,
  'customer.service_account_status_changed': CustomerChangeKind.SERVICE_ACCOUNT_STATUS_CHANGED,
  'visit.logged': CustomerChangeKind.VISIT_LOGGED,
  'contract.created': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.signed': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.amended': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.renewed': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.terminated': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.expired': CustomerChangeKind.CONTRACT_CHANGED,
  'contract.attachment_added': CustomerChangeKind.CONTRACT_CHANGED,
  'risk.opened': CustomerChangeKind.RISK_CHANGED,
  'risk.plan_updated': CustomerChangeKind.RISK_CHANGED,
  'risk.closed': CustomerChangeKind.RISK_CHANGED,
  'receivables.bill_recorded': CustomerChangeKind.BILLING_CHANGED,
  'receivables.payment_recorded': CustomerChangeKind.BILLING_CHANGED,
  'receivables.adjustment_recorded': CustomerChangeKind.BILLING_CHANGED,
  'receivables.payment_refunded': CustomerChangeKind.BILLING_CHANGED,
  'installment.agreed': CustomerChangeKind.BILLING_CHANGED,
  'installment.instalment_paid': CustomerChangeKind.BILLING_CHANGED,
  'installment.cancelled': CustomerChangeKind.BILLING_CHANGED,
  'installment.breached': CustomerChangeKind.BILLING_CHANGED,
  'meter.installed': CustomerChangeKind.METER_CHANGED,
  'meter.removed': CustomerChangeKind.METER_CHANGED,
  'meter.calibrated': CustomerChangeKind.METER_CHANGED,
  'meter.readings_recorded': CustomerChangeKind.METER_CHANGED,
  'inspection.recorded': CustomerChangeKind.INSPECTION_CHANGED,
  'rectification.closed': CustomerChangeKind.INSPECTION_CHANGED,
  'rectification.extended': CustomerChangeKind.INSPECTION_CHANGED,
  'return_visit.scheduled': CustomerChangeKind.RETURN_VISIT_CHANGED,
  'return_visit.completed': CustomerChangeKind.RETURN_VISIT_CHANGED,
  'campaign.accounts_added': CustomerChangeKind.CAMPAIGN_CHANGED,
  'campaign.leader_assigned': CustomerChangeKind.CAMPAIGN_CHANGED,
  'reward.proposed': CustomerChangeKind.REWARD_CHANGED,
  'reward.approved': CustomerChangeKind.REWARD_CHANGED,
  'reward.rejected': CustomerChangeKind.REWARD_CHANGED,
  'worklist.updated': CustomerChangeKind.WORKLIST_CHANGED,
} as const satisfies Partial<Record<DomainEventKind, CustomerChangeKind>>;

@ObjectType({ description: 'A committed change to a customer, pushed to subscribers.' })
export class CustomerChangedEvent {
  @Field(() => ID, { description: 'Number of the event; increases with time.' })
  eventId!: string;

  @Field(() => CustomerChangeKind, { description: 'What happened.' })
  kind!: CustomerChangeKind;

  @Field(() => Customer, { description: 'The customer as it is now.' })
  customer!: Customer;

  @Field(() => [String], { description: 'Names of the fields that changed (input field names, or "contacts").' })
  changedFields!: string[];

  @Field(() => Date, { description: 'When the change was committed.' })
  occurredAt!: Date;
}
