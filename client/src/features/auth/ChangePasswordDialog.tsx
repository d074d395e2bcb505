// "Change password", in a modal <dialog> like the new-customer form. The
// server ends the user's other sessions when the password changes (and, as
// it stands, this session's refresh token too), so after a change the
// console signs in again with the new password and drops the old session:
// this tab stays signed in, every other device is signed out.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { readError } from '../../lib/graphql-errors';
import { changePasswordMutation, loginMutation, logoutMutation } from './auth-operations';
import { clearSession, getSession, setSessionFromPayload } from './session-store';

const MIN_LENGTH = 10;

type Field = 'currentPassword' | 'newPassword' | 'confirm';
const FIELD_ORDER: readonly Field[] = ['currentPassword', 'newPassword', 'confirm'];
type FieldErrors = Partial<Record<Field, string>>;

export interface ChangePasswordDialogProps {
  readonly open: boolean;
  onClose(): void;
}

export function ChangePasswordDialog({ open, onClose }: ChangePasswordDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useApolloClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [mustSignIn, setMustSignIn] = useState(false);
  const [working, setWorking] = useState(false);
  const [changePassword] = useMutation(changePasswordMutation);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setErrors({});
      setFormError(null);
      setDone(false);
      setMustSignIn(false);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const close = () => {
    onClose();
    if (mustSignIn) clearSession('expired');
  };

  const fieldId = (field: Field) => `${id}-${field}`;
  const errorId = (field: Field) => `${id}-${field}-error`;
  const set = (field: Field, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const focusFirst = (found: FieldErrors) => {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  /** Signs in again with the new password and ends the old session; false if that failed. */
  const renewSession = async (newPassword: string): Promise<boolean> => {
    const old = getSession();
    if (!old) return false;
    try {
      const result = await client.mutate({
        mutation: loginMutation,
        variables: { input: { login: old.user.login, password: newPassword } },
        fetchPolicy: 'no-cache',
      });
      const payload = result.data?.login;
      if (!payload) return false;
      setSessionFromPayload(payload);
      void client
        .mutate({
          mutation: logoutMutation,
          variables: { input: { refreshToken: old.refreshToken, everywhere: false } },
          fetchPolicy: 'no-cache',
        })
        .catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (working) return;
    const found: FieldErrors = {};
    if (!values.currentPassword) found.currentPassword = t('password.errors.currentRequired');
    if (values.newPassword.length < MIN_LENGTH) found.newPassword = t('password.errors.tooShort', { min: MIN_LENGTH });
    else if (values.confirm !== values.newPassword) found.confirm = t('password.errors.mismatch');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    setWorking(true);
    try {
      await changePassword({
        variables: { input: { currentPassword: values.currentPassword, newPassword: values.newPassword } },
      });
    } catch (e) {
      setWorking(false);
      const error = readError(e);
      if (error.code === 'BAD_USER_INPUT' && error.fields.length > 0) {
        const fromServer: FieldErrors = {};
        const other: string[] = [];
        for (const { field, message } of error.fields) {
          const name = field.replace(/^input\./, '');
          if (name === 'currentPassword') fromServer.currentPassword = t('password.errors.currentWrong');
          else if (name === 'newPassword') fromServer.newPassword = message;
          else other.push(`${field}: ${message}`);
        }
        setErrors(fromServer);
        if (other.length > 0) setFormError(t('password.errors.unknown', { message: other.join('; ') }));
        focusFirst(fromServer);
      } else if (error.code === 'NETWORK') {
        setFormError(t('password.errors.network'));
      } else {
        setFormError(t('password.errors.unknown', { message: error.message }));
      }
      return;
    }
    const renewed = await renewSession(values.newPassword);
    setWorking(false);
    setMustSignIn(!renewed);
    setDone(true);
  };

  const describedBy = (field: Field, hint?: string) =>
    [hint, errors[field] ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: Field) =>
    errors[field] ? (
      <p id={errorId(field)} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const input = (field: Field, label: string, autoComplete: string, hint?: string) => (
    <div className="field">
      <label htmlFor={fieldId(field)}>{label}</label>
      <input
        id={fieldId(field)}
        type="password"
        value={values[field]}
        autoComplete={autoComplete}
        required
        minLength={field === 'currentPassword' ? undefined : MIN_LENGTH}
        aria-invalid={!!errors[field] || undefined}
        aria-describedby={describedBy(field, hint)}
        onChange={(e) => set(field, e.target.value)}
      />
      {field === 'newPassword' ? (
        <p id={hint} className="hint">
          {t('password.newHint', { min: MIN_LENGTH })}
        </p>
      ) : null}
      {fieldError(field)}
    </div>
  );

  return (
    <dialog ref={dialogRef} className="dialog dialog-narrow" aria-labelledby={`${id}-title`} onClose={close}>
      {done ? (
        <div className="create-form">
          <h2 id={`${id}-title`}>{t('password.title')}</h2>
          <p className={`notice${mustSignIn ? ' notice-error' : ''}`} role="status">
            {mustSignIn ? t('password.errors.signInAgain') : t('password.done')}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={close} autoFocus>
              {t('password.close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="create-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={working}>
          <h2 id={`${id}-title`}>{t('password.title')}</h2>
          {formError ? (
            <p className="notice notice-error" role="alert">
              {formError}
            </p>
          ) : null}
          {/* For password managers: whose password this is. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={getSession()?.user.login ?? ''}
            readOnly
            hidden
          />
          {input('currentPassword', t('password.current'), 'current-password')}
          {input('newPassword', t('password.new'), 'new-password', `${id}-new-hint`)}
          {input('confirm', t('password.confirm'), 'new-password')}
          <div className="actions">
            <button type="button" onClick={close} disabled={working}>
              {t('password.cancel')}
            </button>
            <button type="submit" className="primary" disabled={working}>
              {working ? t('password.submitting') : t('password.submit')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
