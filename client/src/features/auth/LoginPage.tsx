// The sign-in page: login and password (Enter submits; the browser's
// password manager finds them by their autocomplete attributes), the
// server's answers (wrong login or password; a lock with its countdown from
// extensions.retryAfter; field errors), and the demo accounts.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { readError, retryAfterSeconds } from '../../lib/graphql-errors';
import { loginMutation } from './auth-operations';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './roles';
import { setSessionFromPayload, type SignOutReason } from './session-store';

type Field = 'login' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

/** A lock applies to one login (the server locks the account, not the browser). */
interface Lock {
  readonly login: string;
  readonly until: number;
}

const normalizeLogin = (login: string) => login.trim().toLowerCase();

/** The server names input fields `login` / `password` (sometimes under `input.`). */
function asField(field: string): Field | null {
  const name = field.replace(/^input\./, '');
  return name === 'login' || name === 'password' ? name : null;
}

export interface LoginPageProps {
  /** Why the last session ended, shown above the form. */
  readonly reason: SignOutReason | null;
}

export function LoginPage({ reason }: LoginPageProps) {
  const { t } = useTranslation();
  const id = useId();
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [lock, setLock] = useState<Lock | null>(null);
  const [signIn, { loading }] = useMutation(loginMutation);
  // While locked, re-render every second for the countdown; the time itself
  // is read at render, so the first frame is already right.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!lock) return;
    const timer = setInterval(() => {
      if (lock.until <= Date.now()) setLock(null);
      else setTick((tick) => tick + 1);
    }, 1_000);
    return () => clearInterval(timer);
  }, [lock]);

  const lockedFor =
    lock && lock.login === normalizeLogin(login) ? Math.max(0, Math.ceil((lock.until - Date.now()) / 1000)) : 0;

  useEffect(() => {
    loginRef.current?.focus();
  }, []);

  const duration = (seconds: number) =>
    seconds >= 60
      ? t('login.duration.minutes', {
          minutes: Math.floor(seconds / 60),
          seconds: String(seconds % 60).padStart(2, '0'),
        })
      : t('login.duration.seconds', { seconds });

  const focusField = (field: Field) =>
    requestAnimationFrame(() => (field === 'login' ? loginRef : passwordRef).current?.focus());

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (loading || lockedFor > 0) return;
    const found: FieldErrors = {};
    if (!login.trim()) found.login = t('login.errors.loginRequired');
    if (!password) found.password = t('login.errors.passwordRequired');
    setErrors(found);
    setFormError(null);
    if (found.login || found.password) {
      focusField(found.login ? 'login' : 'password');
      return;
    }
    try {
      const result = await signIn({ variables: { input: { login: login.trim(), password } } });
      const payload = result.data?.login;
      if (payload) setSessionFromPayload(payload); // the app switches to the console
    } catch (e) {
      const error = readError(e);
      switch (error.code) {
        case 'UNAUTHENTICATED':
          setFormError(t('login.errors.wrong'));
          setPassword('');
          focusField('password');
          break;
        case 'RATE_LIMITED': {
          const seconds = retryAfterSeconds(error);
          if (seconds) setLock({ login: normalizeLogin(login), until: Date.now() + seconds * 1000 });
          else setFormError(t('login.errors.lockedNoTime'));
          break;
        }
        case 'BAD_USER_INPUT': {
          const fromServer: FieldErrors = {};
          const other: string[] = [];
          for (const { field, message } of error.fields) {
            const known = asField(field);
            if (known && !fromServer[known]) fromServer[known] = message;
            else other.push(`${field}: ${message}`);
          }
          setErrors(fromServer);
          if (other.length > 0 || error.fields.length === 0) {
            setFormError(t('login.errors.unknown', { message: other.join('; ') || error.message }));
          }
          if (fromServer.login || fromServer.password) focusField(fromServer.login ? 'login' : 'password');
          break;
        }
        case 'NETWORK':
        case 'SERVICE_UNAVAILABLE':
          setFormError(t('login.errors.network'));
          break;
        default:
          setFormError(t('login.errors.unknown', { message: error.message }));
      }
    }
  };

  const fillDemoAccount = (demoLogin: string) => {
    setLogin(demoLogin);
    setPassword(DEMO_PASSWORD);
    setErrors({});
    setFormError(null);
    focusField('password');
  };

  const errorId = (field: Field) => `${id}-${field}-error`;
  const describedBy = (field: Field) => (errors[field] ? errorId(field) : undefined);
  const reasonText =
    reason === 'expired' ? t('login.expired') : reason === 'elsewhere' ? t('login.elsewhere') : reason === 'signedOut' ? t('login.signedOut') : null;

  return (
    <div className="login-page">
      <section className="panel login-card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('login.title')}</h2>
        <p className="muted">{t('login.intro')}</p>

        {reasonText && !formError && lockedFor === 0 ? (
          <p className={`notice${reason === 'signedOut' ? '' : ' notice-warn'}`} role="status">
            {reasonText}
          </p>
        ) : null}

        <form className="login-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
          {lockedFor > 0 ? (
            <p className="notice notice-error" role="alert">
              {t('login.errors.locked', { time: duration(lockedFor) })}
            </p>
          ) : formError ? (
            <p className="notice notice-error" role="alert">
              {formError}
            </p>
          ) : null}

          <div className="field">
            <label htmlFor={`${id}-login`}>{t('login.login')}</label>
            <input
              ref={loginRef}
              id={`${id}-login`}
              name="username"
              value={login}
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              required
              aria-invalid={!!errors.login || undefined}
              aria-describedby={describedBy('login')}
              onChange={(e) => {
                setLogin(e.target.value);
                setErrors((previous) => ({ ...previous, login: undefined }));
              }}
            />
            {errors.login ? (
              <p id={errorId('login')} className="field-error">
                {errors.login}
              </p>
            ) : null}
          </div>

          <div className="field">
            <label htmlFor={`${id}-password`}>{t('login.password')}</label>
            <input
              ref={passwordRef}
              id={`${id}-password`}
              name="password"
              type="password"
              value={password}
              autoComplete="current-password"
              required
              aria-invalid={!!errors.password || undefined}
              aria-describedby={describedBy('password')}
              onChange={(e) => {
                setPassword(e.target.value);
                setErrors((previous) => ({ ...previous, password: undefined }));
              }}
            />
            {errors.password ? (
              <p id={errorId('password')} className="field-error">
                {errors.password}
              </p>
            ) : null}
          </div>

          <button type="submit" className="primary login-submit" disabled={loading || lockedFor > 0}>
            {loading ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        <details className="demo-accounts">
          <summary>{t('login.demo.summary')}</summary>
          <p className="hint">
            {t('login.demo.intro', { password: DEMO_PASSWORD })}
          </p>
          <ul>
            {DEMO_ACCOUNTS.map((account) => (
              <li key={account.login}>
                <button
                  type="button"
                  className="link mono"
                  aria-label={t('login.demo.use', { login: account.login })}
                  onClick={() => fillDemoAccount(account.login)}
                >
                  {account.login}
                </button>
                <span className="muted"> · {t(`login.demo.accounts.${account.key}`)}</span>
              </li>
            ))}
          </ul>
        </details>
      </section>
    </div>
  );
}
