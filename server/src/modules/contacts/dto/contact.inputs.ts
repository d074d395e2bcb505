/** Inputs and payloads of the contact API. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsGlobalId, IsNotBlank, PHONE_PATTERN } from '../../../graphql/validators.js';
import { Customer } from '../../customers/customer.entity.js';
import { Contact, ContactRole } from '../contact.entity.js';

@InputType({ description: 'A new contact person at a customer.' })
export class AddContactInput {
  @Field(() => ID, { description: 'The customer.' })
  @IsGlobalId('Customer')
  customerId!: string;

  @Field(() => String, { description: 'Full name.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  title?: string | null;

  @Field(() => ContactRole, { description: "Part in the customer's decisions." })
  role!: ContactRole;

  @Field(() => String, { nullable: true, description: 'Mobile (13812345678) or landline with area code (0851-86543210).' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be a mobile number (11 digits starting 13–19) or a landline with area code' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'WeChat ID.' })
  @IsOptional()
  @MaxLength(64, { message: 'must be at most 64 characters' })
  wechat?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Make this the primary contact (the previous primary stops being one).' })
  isPrimary?: boolean | null;
}

@ObjectType({ description: 'Result of addContact.' })
export class AddContactPayload {
  @Field(() => Contact, { description: 'The new contact.' })
  contact!: Contact;

  @Field(() => Customer, { description: 'The customer, with its contacts.' })
  customer!: Customer;
}
