/** The payload of the `customerChanged` subscription. */
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Customer } from '../customer.entity.js';

export enum CustomerChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  CONTACT_ADDED = 'CONTACT_ADDED',
}
registerEnumType(CustomerChangeKind, {
  name: 'CustomerChangeKind',
  description: 'What happened to the customer.',
  valuesConfig: {
    CREATED: { description: 'The customer was created.' },
    UPDATED: { description: 'Fields of the customer changed (see changedFields).' },
    CONTACT_ADDED: { description: 'A contact was added.' },
  },
});

export const CHANGE_KIND_OF_EVENT = {
  'customer.created': CustomerChangeKind.CREATED,
  'customer.updated': CustomerChangeKind.UPDATED,
  'customer.contact_added': CustomerChangeKind.CONTACT_ADDED,
} as const;

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
