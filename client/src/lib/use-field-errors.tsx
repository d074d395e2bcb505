// Field errors for forms whose fields are not a fixed list — rows that are
// added and removed, such as an installment plan's instalments
// (`instalments.2.amount`) or a risk plan's actions (`plan.0.action`). Keys are
// the server's field paths, so the server's BAD_USER_INPUT field errors land
// on the same inputs as the ones found before sending (form-errors.ts).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formErrorsOf } from './form-errors';

export function useFieldErrors() {
  const { t } = useTranslation();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<readonly string[]>([]);

  const fieldId = (key: string) => `${id}-${key.replace(/\./g, '-')}`;
  /** Focuses the first control marked invalid once the errors have rendered (document order, as the eye reads). */
  const focusFirstInvalid = () =>
    requestAnimationFrame(() => {
      const form = document.getElementById(`${id}-title`)?.closest('form');
      form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });

  const reset = () => {
    setErrors({});
    setOther([]);
  };
  /** Drops one field's error as it is edited. */
  const clear = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const { [key]: _, ...rest } = e;
      return rest;
    });
  /** Shows the errors found before sending; true when there were any. */
  const invalid = (found: Record<string, string>) => {
    setOther([]);
    setErrors(found);
    if (Object.keys(found).length === 0) return false;
    focusFirstInvalid();
    return true;
  };
  /** Shows a failed mutation's errors; `known` are the field keys the form shows. */
  const fail = (error: unknown, known: readonly string[]) => {
    const { fields, other: rest } = formErrorsOf(error, known, t);
    setErrors(fields as Record<string, string>);
    setOther(rest);
    focusFirstInvalid();
  };
  const a11y = (key: string) => ({
    id: fieldId(key),
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${fieldId(key)}-error` : undefined,
  });
  const fieldError = (key: string) =>
    errors[key] ? (
      <p id={`${fieldId(key)}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;
  /** The label's target and the error line, for a FormField. */
  const frame = (key: string) => ({ htmlFor: fieldId(key), error: fieldError(key) });

  return { id, errors, other, setOther, reset, clear, invalid, fail, a11y, fieldError, frame, fieldId };
}
