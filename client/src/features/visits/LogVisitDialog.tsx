// Logs a visit 走访 or call, with an optional promise to pay 承诺付款 on
// collection visits, in a modal <dialog>. On-site visits need a check-in
// position: the device's location when it gives one, else typed in. The
// rules are checked before sending (visit-rules.ts, the server's own) and the
// server checks them again (DOMAIN.md "Visits"), naming the broken fields.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormDialog } from '../../components/FormDialog';
import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { graphql } from '../../gql';
import type { LogVisitInput, VisitChannel, VisitPurpose } from '../../gql/graphql';
import { shanghaiLocalToIso, shanghaiNowLocal } from '../../lib/company-time';
import { useFormFields } from '../../lib/use-form-fields';
import { useModalDialog } from '../../lib/use-modal-dialog';
import { VISIT_LIMITS, visitProblems, type VisitField } from './visit-rules';

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
const FIELDS: readonly VisitField[] = [
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
];
type Field = VisitField;

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
  const form = useFormFields<Field>(FIELDS, () => ({
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
  }));
  const { id, draft, set, setOther, a11y, fieldError, frame } = form;
  const [locating, setLocating] = useState(false);
  const [logVisit, { loading }] = useMutation(logVisitMutation, {
    refetchQueries: [...refetchQueries],
    awaitRefetchQueries: true,
  });
  const dialogRef = useModalDialog(open, form.reset);

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
    const found = visitProblems(draft, new Date(), t);
    const occurredAt = shanghaiLocalToIso(draft.occurredAt);
    if (form.invalid(found) || !occurredAt) return;
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
      form.fail(e);
    }
  };

  return (
    <FormDialog
      dialogRef={dialogRef}
      id={id}
      title={t('visit.title', { name: customerName })}
      submitLabel={t('visit.submit')}
      loading={loading}
      other={form.other}
      onSubmit={submit}
      onClose={onClose}
    >
      <div className="field-row">
        <FormField label={t('visit.purpose')} {...frame('purpose')}>
          <select {...a11y('purpose')} value={draft.purpose} onChange={(e) => set('purpose', e.target.value)}>
            <LabelledOptions values={VISIT_PURPOSES} label={(p) => t(`enums.visitPurpose.${p}`)} />
          </select>
        </FormField>
        <FormField label={t('visit.channel')} {...frame('channel')}>
          <select {...a11y('channel')} value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
            <LabelledOptions values={VISIT_CHANNELS} label={(c) => t(`enums.visitChannel.${c}`)} />
          </select>
        </FormField>
        <FormField label={t('visit.occurredAt')} {...frame('occurredAt')}>
          <input {...a11y('occurredAt')} type="datetime-local" value={draft.occurredAt} required onChange={(e) => set('occurredAt', e.target.value)} />
        </FormField>
      </div>
      {accounts.length > 0 ? (
        <FormField label={t('visit.account')} {...frame('serviceAccountId')}>
          <select {...a11y('serviceAccountId')} value={draft.serviceAccountId} onChange={(e) => set('serviceAccountId', e.target.value)}>
            <option value="">{t('visit.wholeCustomer')}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.accountNumber}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
      <FormField label={t('visit.outcome')} {...frame('outcome')}>
        <textarea {...a11y('outcome')} rows={3} maxLength={VISIT_LIMITS.outcome} value={draft.outcome} required onChange={(e) => set('outcome', e.target.value)} />
      </FormField>
      {collection ? (
        <fieldset className="field">
          <legend>{t('visit.promise')}</legend>
          <div className="field-row">
            <FormField label={t('visit.promisedAmount')} {...frame('promisedAmount')}>
              <input {...a11y('promisedAmount')} inputMode="decimal" autoComplete="off" value={draft.promisedAmount} onChange={(e) => set('promisedAmount', e.target.value)} />
            </FormField>
            <FormField label={t('visit.promisedOn')} {...frame('promisedOn')}>
              <input {...a11y('promisedOn')} type="date" value={draft.promisedOn} onChange={(e) => set('promisedOn', e.target.value)} />
            </FormField>
          </div>
        </fieldset>
      ) : null}
      {asksSatisfaction ? (
        <FormField label={t('visit.satisfaction')} {...frame('satisfaction')}>
          <select {...a11y('satisfaction')} value={draft.satisfaction} onChange={(e) => set('satisfaction', e.target.value)}>
            <option value="">{t('forms.choose')}</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={String(n)}>
                {t('visit.stars', { count: n })}
              </option>
            ))}
          </select>
        </FormField>
      ) : null}
      {onSite ? (
        <fieldset className="field">
          <legend>{t('visit.checkIn')}</legend>
          <div className="field-row">
            <FormField label={t('visit.latitude')} {...frame('checkInLatitude')}>
              <input {...a11y('checkInLatitude')} inputMode="decimal" value={draft.checkInLatitude} onChange={(e) => set('checkInLatitude', e.target.value)} />
            </FormField>
            <FormField label={t('visit.longitude')} {...frame('checkInLongitude')}>
              <input {...a11y('checkInLongitude')} inputMode="decimal" value={draft.checkInLongitude} onChange={(e) => set('checkInLongitude', e.target.value)} />
            </FormField>
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
        <FormField label={t('visit.nextStep')} {...frame('nextStep')}>
          <input {...a11y('nextStep')} maxLength={VISIT_LIMITS.nextStep} value={draft.nextStep} onChange={(e) => set('nextStep', e.target.value)} />
        </FormField>
        <FormField label={t('visit.nextStepDueOn')} {...frame('nextStepDueOn')}>
          <input {...a11y('nextStepDueOn')} type="date" value={draft.nextStepDueOn} onChange={(e) => set('nextStepDueOn', e.target.value)} />
        </FormField>
      </div>
    </FormDialog>
  );
}
