// Splits a mutation's failure into messages per form field (the server's
// BAD_USER_INPUT extensions.fields, see graphql-errors.ts) and messages for
// the form as a whole, in the viewer's language where the code is known.
import type { TFunction } from 'i18next';

import { readError } from './graphql-errors';

export interface FormErrors<F extends string> {
  readonly fields: Partial<Record<F, string>>;
  readonly other: readonly string[];
}

export function formErrorsOf<F extends string>(
  error: unknown,
  knownFields: readonly F[],
  t: TFunction,
): FormErrors<F> {
  const readable = readError(error);
  const fields: Partial<Record<F, string>> = {};
  const other: string[] = [];
  switch (readable.code) {
    case 'BAD_USER_INPUT':
      if (readable.fields.length === 0) other.push(readable.message);
      for (const { field, message } of readable.fields) {
        // Input fields may come as `amount` or `input.amount`.
        const name = field.replace(/^input\./, '') as F;
        if (knownFields.includes(name) && !fields[name]) fields[name] = message;
        else other.push(`${field}: ${message}`);
      }
      break;
    case 'NETWORK':
      other.push(t('forms.errors.network'));
      break;
    case 'FORBIDDEN':
      other.push(t('forms.errors.forbidden'));
      break;
    case 'UNAUTHENTICATED':
      other.push(t('forms.errors.unauthenticated'));
      break;
    case 'CONFLICT':
      other.push(t('forms.errors.conflict', { message: readable.message }));
      break;
    case 'NOT_FOUND':
      other.push(t('forms.errors.notFound'));
      break;
    default:
      other.push(t('forms.errors.unknown', { message: readable.message }));
  }
  return { fields, other };
}
