/** Inputs and payloads of user administration. */
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { IsGlobalId, IsNotBlank, PHONE_PATTERN } from '../../../graphql/validators.js';
import { Role, User } from '../user.entity.js';

@InputType({ description: 'A new staff user.' })
export class CreateUserInput {
  @Field(() => String, { description: 'Login name: 2–63 characters of a–z, 0–9, dot, dash, underscore.' })
  @IsNotBlank()
  @MaxLength(63, { message: 'must be at most 63 characters' })
  login!: string;

  @Field(() => String, { description: 'Full name.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name!: string;

  @Field(() => Role, { description: 'Role.' })
  role!: Role;

  @Field(() => ID, { description: 'The org unit the user belongs to.' })
  @IsGlobalId('OrgUnit')
  orgUnitId!: string;

  @Field(() => String, { description: 'Initial password, at least 10 characters.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Mobile number.' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be a mobile number or a landline with area code' })
  phone?: string | null;
}

@InputType({ description: 'Changes to a staff user (admins); omitted fields stay as they are. Audited.' })
export class UpdateUserInput {
  @Field(() => ID, { description: 'The user.' })
  @IsGlobalId('User')
  id!: string;

  @Field(() => String, { nullable: true, description: 'Full name (display name), 1–100 characters.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name?: string | null;

  @Field(() => Role, { nullable: true, description: 'New role; takes effect on the next request, open subscriptions end. Not your own.' })
  @IsOptional()
  role?: Role | null;

  @Field(() => ID, { nullable: true, description: 'New org unit (in your subtree); open subscriptions end.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;
}

@InputType({ description: 'A user to act on.' })
export class UserIdInput {
  @Field(() => ID, { description: 'The user.' })
  @IsGlobalId('User')
  id!: string;
}

@InputType({ description: 'Which users to list.' })
export class UserFilter {
  @Field(() => ID, { nullable: true, description: 'Only users of exactly this org unit.' })
  @IsOptional()
  @IsGlobalId('OrgUnit')
  orgUnitId?: string | null;

  @Field(() => [Role], { nullable: true, description: 'Only these roles.' })
  roles?: Role[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Include disabled users.' })
  includeDisabled?: boolean | null;
}

@ObjectType({ description: 'A user after a change.' })
export class UserPayload {
  @Field(() => User, { description: 'The user.' })
  user!: User;
}
