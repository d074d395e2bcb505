// A form in a modal <dialog>: the title that labels it, the summary of errors
// that belong to no field, the fields, and Cancel / submit.
import type { FormEvent, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';

export interface FormDialogProps {
  readonly dialogRef: Ref<HTMLDialogElement>;
  /** The prefix of the form's ids; the title is `${id}-title`. */
  readonly id: string;
  readonly title: ReactNode;
  readonly submitLabel: ReactNode;
  readonly loading: boolean;
  readonly other: readonly string[];
  readonly children: ReactNode;
  onSubmit(event: FormEvent<HTMLFormElement>): Promise<void>;
  onClose(): void;
}

export function FormDialog({ dialogRef, id, title, submitLabel, loading, other, children, onSubmit, onClose }: FormDialogProps) {
  const { t } = useTranslation();
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form className="create-form" noValidate onSubmit={(e) => void onSubmit(e)} aria-busy={loading}>
        <h2 id={`${id}-title`}>{title}</h2>
        {other.length > 0 ? (
          <div className="notice notice-error" role="alert">
            <p>{t('forms.errors.summary')}</p>
            <ul>
              {other.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {children}
        <div className="actions">
          <button type="button" onClick={onClose} disabled={loading}>
            {t('forms.cancel')}
          </button>
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('forms.saving') : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
