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

@InputType({ description: 'Changes to a contact; omitted fields stay as they are, null clears title, phone, email and wechat. The change is recorded as a revision.' })
export class UpdateContactInput {
  @Field(() => ID, { description: 'The contact to change.' })
  @IsGlobalId('Contact')
  id!: string;

  @Field(() => String, { nullable: true, description: 'New full name.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New job title; null clears it.' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  title?: string | null;

  @Field(() => ContactRole, { nullable: true, description: "New part in the customer's decisions." })
  role?: ContactRole | null;

  @Field(() => String, { nullable: true, description: 'New mobile (13812345678) or landline with area code (0851-86543210); null clears it.' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be a mobile number (11 digits starting 13–19) or a landline with area code' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'New e-mail address; null clears it.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'New WeChat ID; null clears it.' })
  @IsOptional()
  @MaxLength(64, { message: 'must be at most 64 characters' })
  wechat?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true makes this the primary contact and demotes the previous one (both changes are recorded). The primary cannot be set to false: make another contact primary instead.',
  })
  isPrimary?: boolean | null;
}

@InputType({ description: 'A contact to take off the customer\'s list; it stays in the history.' })
export class ArchiveContactInput {
  @Field(() => ID, { description: 'The contact to archive. The primary contact can be archived only when it is the last active one.' })
  @IsGlobalId('Contact')
  id!: string;

  @Field(() => String, { description: 'Why, e.g. 已离职 (left the company), 岗位调整 (1–500 characters).' })
  @IsNotBlank()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason!: string;
}

@ObjectType({ description: 'Result of addContact.' })
export class AddContactPayload {
  @Field(() => Contact, { description: 'The new contact.' })
  contact!: Contact;

  @Field(() => Customer, { description: 'The customer, with its contacts.' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of updateContact.' })
export class UpdateContactPayload {
  @Field(() => Contact, { description: 'The contact after the change.' })
  contact!: Contact;

  @Field(() => Customer, { description: 'The customer, with its contacts (a new primary demotes the previous one).' })
  customer!: Customer;
}

@ObjectType({ description: 'Result of archiveContact.' })
export class ArchiveContactPayload {
  @Field(() => Contact, { description: 'The archived contact.' })
  contact!: Contact;

  @Field(() => Customer, { description: 'The customer, whose contacts no longer list it.' })
  customer!: Customer;
}
