/** Inputs, filters, payloads and pushes of the alert API. */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { connectionTypes } from '../../../graphql/connection.js';
import { Alert, AlertKind, AlertSeverity } from '../alert.entity.js';

export const { ConnectionType: AlertConnection } = connectionTypes(Alert, 'Alert', 'alert');

@InputType({ description: 'Which alerts to list; all conditions must hold.' })
export class AlertFilter {
  @Field(() => ID, { nullable: true, description: 'Only alerts of customers in the subtree of this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [AlertKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: AlertKind[] | null;

  @Field(() => [AlertSeverity], { nullable: true, description: 'Only these severities.' })
  severities?: AlertSeverity[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only open alerts; false: only resolved ones; omitted: both.' })
  open?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only alerts owned by this user.' })
  @IsOptional()
  @IsGlobalId('User')
  ownerId?: string | null;
}

@InputType({ description: 'Which alerts a live subscription pushes; all conditions must hold.' })
export class AlertStreamFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only alerts of customers in the subtree of this org unit (what you may see when omitted).' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [AlertKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: AlertKind[] | null;

  @Field(() => [AlertSeverity], { nullable: true, description: 'Only these severities.' })
  severities?: AlertSeverity[] | null;
}

@InputType({ description: 'Acknowledging an open alert: someone has seen it.' })
export class AcknowledgeAlertInput {
  @Field(() => ID, { description: 'The open alert.' })
  @IsGlobalId('Alert')
  alertId!: string;
}

@InputType({ description: 'Giving an open alert to someone to work.' })
export class AssignAlertInput {
  @Field(() => ID, { description: 'The open alert.' })
  @IsGlobalId('Alert')
  alertId!: string;

  @Field(() => ID, { description: "Who works it: an active staff member within your subtree, at the customer's org unit or above it." })
  @IsGlobalId('User')
  assigneeId!: string;
}

@InputType({ description: 'Closing an open alert.' })
export class ResolveAlertInput {
  @Field(() => ID, { description: 'The open alert.' })
  @IsGlobalId('Alert')
  alertId!: string;

  @Field(() => String, { description: 'How it was resolved, e.g. 已签订分期协议 (1–1000 characters).' })
  @IsNotBlank()
  @MaxLength(1000, { message: 'must be at most 1000 characters' })
  note!: string;
}

@ObjectType({ description: 'Result of acknowledgeAlert.' })
export class AcknowledgeAlertPayload {
  @Field(() => Alert, { description: 'The alert, acknowledged.' })
  alert!: Alert;
}

@ObjectType({ description: 'Result of assignAlert.' })
export class AssignAlertPayload {
  @Field(() => Alert, { description: 'The alert with its assignee.' })
  alert!: Alert;
}

@ObjectType({ description: 'Result of resolveAlert.' })
export class ResolveAlertPayload {
  @Field(() => Alert, { description: 'The resolved alert.' })
  alert!: Alert;
}

@ObjectType({ description: 'One alert pushed by arrearsAlerts, replayed or live.' })
export class ArrearsAlertPush {
  @Field(() => ID, { description: 'The alert\'s position in commit order; pass the last one received as `since` when you reconnect.' })
  seq!: string;

  @Field(() => Boolean, { description: 'True when it was replayed from the table (committed before you subscribed), false when it is live.' })
  replayed!: boolean;

  @Field(() => Alert, { description: 'The alert as it is now.' })
  alert!: Alert;
}

export enum AlertChangeKind {
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ASSIGNED = 'ASSIGNED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(AlertChangeKind, {
  name: 'AlertChangeKind',
  description: 'What happened to an alert on the board.',
  valuesConfig: {
    ACKNOWLEDGED: { description: 'Someone acknowledged it.' },
    ASSIGNED: { description: 'It was assigned to someone.' },
    RESOLVED: { description: 'It was resolved, by hand or by a payment that cleared the arrears.' },
  },
});

@ObjectType({ description: 'A change to an alert, pushed by alertChanged.' })
export class AlertChange {
  @Field(() => ID, { description: 'Id of the domain event; increases with each change.' })
  eventId!: string;

  @Field(() => AlertChangeKind, { description: 'What happened.' })
  change!: AlertChangeKind;

  @Field(() => Alert, { description: 'The alert as it is now.' })
  alert!: Alert;

  @Field(() => Date, { description: 'When the change committed.' })
  occurredAt!: Date;
}
