// Reading failures for the admin screens: one line for an action without a
// form (disable, revoke, rotate), and field errors for forms whose fields are
// named differently from the input's (lists of tiers, thresholds).
import type { TFunction } from 'i18next';

import { formErrorsOf, type FormErrors } from '../../lib/form-errors';
import { readError } from '../../lib/graphql-errors';

export function actionErrorOf(error: unknown, t: TFunction): string {
  return formErrorsOf(error, [], t).other.join(' ');
}

/**
 * A failed save's errors by form field, for forms whose fields are not named
 * like the input's: `rename` turns the server's field (`thresholds.2.percent`,
 * `input.` already removed) into the form's (`percent.KEY`), or returns it
 * unchanged when the form has no such field (it is then listed as a whole-form
 * message).
 */
export function renamedFormErrors<F extends string>(
  error: unknown,
  known: readonly F[],
  t: TFunction,
  rename: (field: string) => string,
): FormErrors<F> {
  const readable = readError(error);
  if (readable.code !== 'BAD_USER_INPUT' || readable.fields.length === 0) return formErrorsOf(error, known, t);
  const fields: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const { field, message } of readable.fields) {
    const name = rename(field.replace(/^input\./, '')) as F;
    if (known.includes(name) && !fields[name]) fields[name] = message;
    else other.push(`${field}: ${message}`);
  }
  return { fields, other };
}
