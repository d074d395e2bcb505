// A form in a modal <dialog>: the title that labels it, the summary of errors
// that belong to no field, the fields, and Cancel / submit. Keyboard: the
// first field has focus when it opens (useModalDialog), Tab and Shift+Tab
// cycle inside it (showModal makes the page inert, but Tab would still leave
// for the browser's own controls), Escape closes it — except while saving,
// so a sent form is never abandoned half-way.
import type { FormEvent, KeyboardEvent, ReactNode, Ref, SyntheticEvent } from 'react';
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
  /** A wider dialog, for forms with a table of rows. */
  readonly wide?: boolean;
  onSubmit(event: FormEvent<HTMLFormElement>): Promise<void>;
  onClose(): void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab inside the dialog: from the last control to the first and back. */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const controls = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === event.currentTarget)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

export function FormDialog({ dialogRef, id, title, submitLabel, loading, other, children, wide, onSubmit, onClose }: FormDialogProps) {
  const { t } = useTranslation();
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    if (loading) event.preventDefault();
  };
  return (
    <dialog
      ref={dialogRef}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={onCancel}
      onKeyDown={trapTab}
    >
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
