// The field state every dialog form keeps: the draft (one string per field),
// per-field and whole-form errors, stable ids, aria wiring for each field,
// its error line, moving focus to the first broken field, and reading a
// mutation's failure into those errors (see form-errors.ts).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formErrorsOf } from './form-errors';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export function useFormFields<F extends string>(fields: readonly F[], empty: () => Record<F, string>) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Record<F, string>>(empty);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [other, setOther] = useState<readonly string[]>([]);

  /** Back to an empty form, as when the dialog opens. */
  const reset = () => {
    setDraft(empty());
    setErrors({});
    setOther([]);
  };
  const set = (field: F, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const fieldId = (f: F) => `${id}-${f}`;
  const focusFirst = (found: FieldErrors<F>) => {
    const first = fields.find((f) => found[f]);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };
  /** Shows the errors found before sending; true when there were any. */
  const invalid = (found: FieldErrors<F>) => {
    setOther([]);
    setErrors(found);
    if (Object.keys(found).length === 0) return false;
    focusFirst(found);
    return true;
  };
  /** Shows a failed mutation's errors. */
  const fail = (error: unknown) => {
    const { fields: byField, other: rest } = formErrorsOf(error, fields, t);
    setErrors(byField);
    setOther(rest);
    focusFirst(byField);
  };
  const a11y = (f: F) => ({
    id: fieldId(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${fieldId(f)}-error` : undefined,
  });
  const fieldError = (f: F) =>
    errors[f] ? (
      <p id={`${fieldId(f)}-error`} className="field-error">
        {errors[f]}
      </p>
    ) : null;
  /** The label's target and the error line, for a FormField. */
  const frame = (f: F) => ({ htmlFor: fieldId(f), error: fieldError(f) });

  return { id, draft, errors, other, setOther, reset, set, fieldId, invalid, fail, a11y, fieldError, frame };
}
