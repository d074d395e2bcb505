/** Inputs and payloads of sign-in, sessions and API keys. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { User } from '../../org/user.entity.js';
import { OrgUnit } from '../../org/org-unit.entity.js';
import { ApiKey } from '../api-key.entity.js';
import { ApiKeyScope } from '../permissions.js';

@InputType({ description: 'A staff sign-in.' })
export class LoginInput {
  @Field(() => String, { description: 'Login name.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  login!: string;

  @Field(() => String, { description: 'Password.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and a refresh token.' })
export class SessionPayload {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>" (or connectionParams.authorization over WebSocket).' })
  accessToken!: string;

  @Field(() => Date, { description: 'When the access token stops working; refresh before then.' })
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Exchange it with refreshSession for a new pair; each one works once.' })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the refresh token stops working.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;
}

@InputType({ description: 'A refresh token to exchange.' })
export class RefreshSessionInput {
  @Field(() => String, { description: 'The refresh token from login or the last refresh.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  refreshToken!: string;
}

@InputType({ description: 'Which session to end.' })
export class LogoutInput {
  @Field(() => String, { description: 'The refresh token of the session.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  refreshToken!: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'End every session of this user, on every device.' })
  everywhere?: boolean;
}

@ObjectType({ description: 'Result of an action that returns nothing else.' })
export class OkPayload {
  @Field(() => Boolean, { description: 'True when something was changed.' })
  ok!: boolean;
}

@InputType({ description: "A change of the signed-in user's password." })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The current password.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  currentPassword!: string;

  @Field(() => String, { description: 'The new password, at least 10 characters.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  newPassword!: string;
}

export enum ViewerKind {
  STAFF = 'STAFF',
  PARTNER = 'PARTNER',
}
registerEnumType(ViewerKind, {
  name: 'ViewerKind',
  description: 'Who is calling.',
  valuesConfig: { STAFF: { description: 'A signed-in staff user.' }, PARTNER: { description: 'A partner tool with an API key.' } },
});

@ObjectType('Viewer', { description: 'Who is calling, and what they may do.' })
export class ViewerInfo {
  @Field(() => ViewerKind, { description: 'Staff or partner.' })
  kind!: ViewerKind;

  @Field(() => User, { nullable: true, description: 'The user, for staff.' })
  user!: User | null;

  @Field(() => ApiKey, { nullable: true, description: 'The API key, for partners.' })
  apiKey!: ApiKey | null;

  @Field(() => OrgUnit, { description: 'Root of the subtree the caller sees.' })
  orgUnit!: OrgUnit;

  @Field(() => [String], { description: 'Permissions, e.g. customers:read, pii:read.' })
  permissions!: string[];
}

@InputType({ description: 'A new partner API key.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for.' })
  @IsNotBlank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name!: string;

  @Field(() => [ApiKeyScope], { description: 'What it may do.' })
  @ArrayMaxSize(20, { message: 'must list at most 20 scopes' })
  scopes!: ApiKeyScope[];

  @Field(() => ID, { description: 'Root of the subtree it sees.' })
  @IsGlobalId('OrgUnit')
  orgUnitId!: string;

  @Field(() => Int, { nullable: true, description: 'Requests per minute (default 600).' })
  @IsOptional()
  @Min(1, { message: 'must be at least 1' })
  @Max(100_000, { message: 'must be at most 100000' })
  rateLimitPerMinute?: number | null;
}

@ObjectType({ description: 'A key with its secret, shown only in this response.' })
export class ApiKeySecretPayload {
  @Field(() => ApiKey, { description: 'The key.' })
  apiKey!: ApiKey;

  @Field(() => String, { description: 'The whole key (gl_<prefix>_<secret>). Store it now: it is never shown again.' })
  secret!: string;
}

@InputType({ description: 'An API key to act on.' })
export class ApiKeyIdInput {
  @Field(() => ID, { description: 'The key.' })
  @IsGlobalId('ApiKey')
  id!: string;
}

@ObjectType({ description: 'Result of revokeApiKey.' })
export class RevokeApiKeyPayload {
  @Field(() => ApiKey, { description: 'The revoked key.' })
  apiKey!: ApiKey;
}
