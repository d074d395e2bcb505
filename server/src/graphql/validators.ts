/** Input validators shared by the modules (class-validator decorators). */
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseGlobalId } from './global-id.js';
import { usccProblem } from '../modules/customers/uscc.js';

/** A string with something other than whitespace in it. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => 'must not be empty',
      },
    },
    options,
  );
}

/** A unified social credit code with a correct check character. */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUscc',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && usccProblem(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? (usccProblem(args.value) ?? 'is invalid') : 'must be a string',
      },
    },
    options,
  );
}

/** A global ID of the given type. */
export function IsGlobalId(type: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isGlobalId',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseGlobalId(value)?.type === type,
        defaultMessage: () => `is not a valid ${type} ID`,
      },
    },
    options,
  );
}

/** Chinese mobile (13812345678) or landline with area code (0851-86543210). */
export const PHONE_PATTERN = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)$/;

/** How far ahead of this server's clock a moment may be and still count as "now" (clock skew of the sender). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** A moment that has already happened (a payment paid, a reading taken), allowing for CLOCK_SKEW_MS. */
export function IsNotInFuture(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotInFuture',
      validator: {
        validate: (value: unknown) => value instanceof Date && value.getTime() <= Date.now() + CLOCK_SKEW_MS,
        defaultMessage: () => 'must not be in the future',
      },
    },
    options,
  );
}
