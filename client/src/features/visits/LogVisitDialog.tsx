// Logs a visit 走访 or call, with an optional promise to pay 承诺付款 on
// collection visits, in a modal <dialog>. On-site visits need a check-in
// position: the device's location when it gives one, else typed in. The
// server checks every rule (DOMAIN.md "Visits") and names the broken fields.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { LogVisitInput, VisitChannel, VisitPurpose } from '../../gql/graphql';
import { shanghaiLocalToIso, shanghaiNowLocal } from '../../lib/company-time';
import { formErrorsOf } from '../../lib/form-errors';
import { useModalDialog } from '../../lib/use-modal-dialog';

export const logVisitMutation = graphql(`
  mutation LogVisit($input: LogVisitInput!) {
    logVisit(input: $input) {
      visit {
        id
        occurredAt
        promisedAmount
        promisedOn
      }
    }
  }
`);

export const VISIT_CHANNELS: readonly VisitChannel[] = ['PHONE', 'ON_SITE', 'WECHAT', 'EVENT', 'SEMINAR'];
export const VISIT_PURPOSES: readonly VisitPurpose[] = [
  'COLLECTION',
  'SERVICE',
  'RETURN_VISIT',
  'DEVELOPMENT',
  'CONTRACT',
  'COMPLAINT',
  'INSPECTION',
];
const FIELDS = [
  'purpose',
  'channel',
  'occurredAt',
  'serviceAccountId',
  'outcome',
  'promisedAmount',
  'promisedOn',
  'nextStep',
  'nextStepDueOn',
  'satisfaction',
  'checkInLatitude',
  'checkInLongitude',
  'checkInAt',
] as const;
type Field = (typeof FIELDS)[number];
type Draft = Record<Field, string>;

export interface VisitAccount {
  readonly id: string;
  readonly accountNumber: string;
}

export interface LogVisitDialogProps {
  readonly open: boolean;
  readonly customerId: string;
  readonly customerName: string;
  readonly accounts: readonly VisitAccount[];
  readonly defaultServiceAccountId?: string | null;
  readonly defaultPurpose?: VisitPurpose;
  readonly refetchQueries: readonly string[];
  onClose(): void;
  onLogged(message: string): void;
}

export function LogVisitDialog(props: LogVisitDialogProps) {
  const { open, customerId, customerName, accounts, refetchQueries, onClose, onLogged } = props;
  const { t } = useTranslation();
  const id = useId();
  const empty = (): Draft => ({
    purpose: props.defaultPurpose ?? 'COLLECTION',
    channel: 'PHONE',
    occurredAt: shanghaiNowLocal(),
    serviceAccountId: props.defaultServiceAccountId ?? (accounts.length === 1 ? accounts[0]!.id : ''),
    outcome: '',
    promisedAmount: '',
    promisedOn: '',
    nextStep: '',
    nextStepDueOn: '',
    satisfaction: '',
    checkInLatitude: '',
    checkInLongitude: '',
    checkInAt: '',
  });
  const [draft, setDraft] = useState<Draft>(empty);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [other, setOther] = useState<readonly string[]>([]);
  const [locating, setLocating] = useState(false);
  const [logVisit, { loading }] = useMutation(logVisitMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const dialogRef = useModalDialog(open, () => {
    setDraft(empty());
    setErrors({});
    setOther([]);
  });

  const set = (field: Field, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const fieldId = (f: Field) => `${id}-${f}`;
  const focusFirst = (found: Partial<Record<Field, string>>) => {
    const first = FIELDS.find((f) => found[f]);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const collection = draft.purpose === 'COLLECTION';
  const onSite = draft.channel === 'ON_SITE';
  const asksSatisfaction = draft.purpose === 'RETURN_VISIT' || draft.purpose === 'SERVICE';

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setOther([t('visit.noLocation')]);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        set('checkInLatitude', position.coords.latitude.toFixed(6));
        set('checkInLongitude', position.coords.longitude.toFixed(6));
      },
      () => {
        setLocating(false);
        setOther([t('visit.noLocation')]);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const occurredAt = shanghaiLocalToIso(draft.occurredAt);
    if (!occurredAt) found.occurredAt = t('forms.errors.required');
    if (!draft.outcome.trim()) found.outcome = t('forms.errors.required');
    if (collection && (draft.promisedAmount || draft.promisedOn)) {
      if (!draft.promisedAmount.trim()) found.promisedAmount = t('visit.errors.promiseBoth');
      if (!draft.promisedOn) found.promisedOn = t('visit.errors.promiseBoth');
    }
    if (onSite && (!draft.checkInLatitude || !draft.checkInLongitude)) {
      found.checkInLatitude = t('visit.errors.checkIn');
    }
    setOther([]);
    setErrors(found);
    if (Object.keys(found).length > 0 || !occurredAt) {
      focusFirst(found);
      return;
    }
    const input: LogVisitInput = {
      customerId,
      purpose: draft.purpose as VisitPurpose,
      channel: draft.channel as VisitChannel,
      occurredAt,
      outcome: draft.outcome.trim(),
      serviceAccountId: draft.serviceAccountId || null,
      nextStep: draft.nextStep.trim() || null,
      nextStepDueOn: draft.nextStepDueOn || null,
    };
    if (collection && draft.promisedAmount.trim()) {
      input.promisedAmount = draft.promisedAmount.trim();
      input.promisedOn = draft.promisedOn;
    }
    if (asksSatisfaction && draft.satisfaction) input.satisfaction = Number(draft.satisfaction);
    if (onSite) {
      input.checkInAt = occurredAt;
      input.checkInLatitude = Number(draft.checkInLatitude);
      input.checkInLongitude = Number(draft.checkInLongitude);
    }
    try {
      await logVisit({ variables: { input } });
      onLogged(t('visit.logged', { name: customerName }));
    } catch (e) {
      const { fields, other: rest } = formErrorsOf(e, FIELDS, t);
      setErrors(fields);
      setOther(rest);
      focusFirst(fields);
    }
  };

  const a11y = (f: Field) => ({
    id: fieldId(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${fieldId(f)}-error` : undefined,
  });
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p id={`${fieldId(f)}-error`} className="field-error">
        {errors[f]}
      </p>
    ) : null;

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form className="create-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
        <h2 id={`${id}-title`}>{t('visit.title', { name: customerName })}</h2>
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
        <div className="field-row">
          <div className="field">
            <label htmlFor={fieldId('purpose')}>{t('visit.purpose')}</label>
            <select {...a11y('purpose')} value={draft.purpose} onChange={(e) => set('purpose', e.target.value)}>
              {VISIT_PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {t(`enums.visitPurpose.${p}`)}
                </option>
              ))}
            </select>
            {fieldError('purpose')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('channel')}>{t('visit.channel')}</label>
            <select {...a11y('channel')} value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
              {VISIT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`enums.visitChannel.${c}`)}
                </option>
              ))}
            </select>
            {fieldError('channel')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('occurredAt')}>{t('visit.occurredAt')}</label>
            <input {...a11y('occurredAt')} type="datetime-local" value={draft.occurredAt} required onChange={(e) => set('occurredAt', e.target.value)} />
            {fieldError('occurredAt')}
          </div>
        </div>
        {accounts.length > 0 ? (
          <div className="field">
            <label htmlFor={fieldId('serviceAccountId')}>{t('visit.account')}</label>
            <select {...a11y('serviceAccountId')} value={draft.serviceAccountId} onChange={(e) => set('serviceAccountId', e.target.value)}>
              <option value="">{t('visit.wholeCustomer')}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.accountNumber}
                </option>
              ))}
            </select>
            {fieldError('serviceAccountId')}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={fieldId('outcome')}>{t('visit.outcome')}</label>
          <textarea {...a11y('outcome')} rows={3} maxLength={4000} value={draft.outcome} required onChange={(e) => set('outcome', e.target.value)} />
          {fieldError('outcome')}
        </div>
        {collection ? (
          <fieldset className="field">
            <legend>{t('visit.promise')}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={fieldId('promisedAmount')}>{t('visit.promisedAmount')}</label>
                <input {...a11y('promisedAmount')} inputMode="decimal" autoComplete="off" value={draft.promisedAmount} onChange={(e) => set('promisedAmount', e.target.value)} />
                {fieldError('promisedAmount')}
              </div>
              <div className="field">
                <label htmlFor={fieldId('promisedOn')}>{t('visit.promisedOn')}</label>
                <input {...a11y('promisedOn')} type="date" value={draft.promisedOn} onChange={(e) => set('promisedOn', e.target.value)} />
                {fieldError('promisedOn')}
              </div>
            </div>
          </fieldset>
        ) : null}
        {asksSatisfaction ? (
          <div className="field">
            <label htmlFor={fieldId('satisfaction')}>{t('visit.satisfaction')}</label>
            <select {...a11y('satisfaction')} value={draft.satisfaction} onChange={(e) => set('satisfaction', e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={String(n)}>
                  {t('visit.stars', { count: n })}
                </option>
              ))}
            </select>
            {fieldError('satisfaction')}
          </div>
        ) : null}
        {onSite ? (
          <fieldset className="field">
            <legend>{t('visit.checkIn')}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={fieldId('checkInLatitude')}>{t('visit.latitude')}</label>
                <input {...a11y('checkInLatitude')} inputMode="decimal" value={draft.checkInLatitude} onChange={(e) => set('checkInLatitude', e.target.value)} />
                {fieldError('checkInLatitude')}
              </div>
              <div className="field">
                <label htmlFor={fieldId('checkInLongitude')}>{t('visit.longitude')}</label>
                <input {...a11y('checkInLongitude')} inputMode="decimal" value={draft.checkInLongitude} onChange={(e) => set('checkInLongitude', e.target.value)} />
                {fieldError('checkInLongitude')}
              </div>
              <div className="field field-button">
                <button type="button" onClick={locate} disabled={locating}>
                  {locating ? t('visit.locating') : t('visit.locate')}
                </button>
              </div>
            </div>
            {fieldError('checkInAt')}
          </fieldset>
        ) : null}
        <div className="field-row">
          <div className="field">
            <label htmlFor={fieldId('nextStep')}>{t('visit.nextStep')}</label>
            <input {...a11y('nextStep')} maxLength={1000} value={draft.nextStep} onChange={(e) => set('nextStep', e.target.value)} />
            {fieldError('nextStep')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('nextStepDueOn')}>{t('visit.nextStepDueOn')}</label>
            <input {...a11y('nextStepDueOn')} type="date" value={draft.nextStepDueOn} onChange={(e) => set('nextStepDueOn', e.target.value)} />
            {fieldError('nextStepDueOn')}
          </div>
        </div>
        <div className="actions">
          <button type="button" onClick={onClose} disabled={loading}>
            {t('forms.cancel')}
          </button>
          <button type="submit" className="primary" disabled={loading}>
            {loading ? t('forms.saving') : t('visit.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
