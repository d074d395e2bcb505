/** Password hashing (argon2id via @node-rs/argon2) and the password rules. */
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../graphql/errors.js';
import { AUTH_POLICY } from './auth.policy.js';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

export function checkPasswordPolicy(password: string, field: string): void {
  if (password.length < AUTH_POLICY.minPasswordLength) {
    throw AppError.badInput([{ field, message: `must be at least ${AUTH_POLICY.minPasswordLength} characters` }]);
  }
  if (password.length > 200) throw AppError.badInput([{ field, message: 'must be at most 200 characters' }]);
}
