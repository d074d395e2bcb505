// The company's collection policy 催收策略 (collectionPolicy /
// updateCollectionPolicy): the daily monitoring threshold 日监测阈值 in CNY,
// big users' collections per month, the risk-customer check interval and the
// big-user threshold 大客户阈值 per utility. Checked like the server (exact
// decimals, the same ranges); only changed settings are sent, and the save is
// audited on the server.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormField } from '../../components/FormField';
import { graphql } from '../../gql';
import type { AdminCollectionPolicyQuery, BigUserThresholdInput, Utility } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { PanelState } from '../../components/PanelState';
import { renamedFormErrors } from './admin-errors';
import { compareDecimal, isDecimal, normaliseDecimal } from './decimal';

export const AdminCollectionPolicy_policy = graphql(`
  fragment AdminCollectionPolicy_policy on CollectionPolicy {
    monitoringThreshold
    bigUserCollectionsPerMonth
    riskCheckIntervalDays
    updatedAt
    updatedBy {
      id
      name
    }
    bigUserThresholds {
      utility
      threshold
      unit
    }
  }
`);

const collectionPolicyQuery = graphql(`
  query AdminCollectionPolicy {
    collectionPolicy {
      ...AdminCollectionPolicy_policy @unmask
    }
  }
`);

const updateCollectionPolicyMutation = graphql(`
  mutation AdminUpdateCollectionPolicy($input: UpdateCollectionPolicyInput!) {
    updateCollectionPolicy(input: $input) {
      collectionPolicy {
        ...AdminCollectionPolicy_policy @unmask
      }
    }
  }
`);

type Policy = AdminCollectionPolicyQuery['collectionPolicy'];

/** The server's limits (modules/collection-policies POLICY_LIMITS). */
const MAX_MONITORING_THRESHOLD = '10000000.00';
const COLLECTIONS_PER_MONTH = [1, 10] as const;
const RISK_CHECK_DAYS = [1, 30] as const;

type Field = string;

function draftOf(policy: Policy | undefined): Record<Field, string> {
  const draft: Record<Field, string> = {
    monitoringThreshold: policy?.monitoringThreshold ?? '',
    bigUserCollectionsPerMonth: policy ? String(policy.bigUserCollectionsPerMonth) : '',
    riskCheckIntervalDays: policy ? String(policy.riskCheckIntervalDays) : '',
  };
  for (const b of policy?.bigUserThresholds ?? []) draft[`threshold.${b.utility}`] = b.threshold;
  return draft;
}

function wholeIn(text: string, [min, max]: readonly [number, number]): boolean {
  return /^\d{1,3}$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;
}

export function CollectionPolicyForm({ editable }: { readonly editable: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const headingId = useId();
  const { data, error, refetch } = useQuery(collectionPolicyQuery, { fetchPolicy: 'cache-and-network' });
  const policy = data?.collectionPolicy;
  const utilities = policy?.bigUserThresholds.map((b) => b.utility) ?? [];
  const fields = ['monitoringThreshold', 'bigUserCollectionsPerMonth', 'riskCheckIntervalDays', ...utilities.map((u) => `threshold.${u}`)];
  const form = useFormFields<Field>(fields, () => draftOf(policy));
  const { draft, a11y, frame } = form;
  const [saved, setSaved] = useState(false);
  // The policy has no id to be normalised by: the saved one replaces the query's.
  const [update, { loading }] = useMutation(updateCollectionPolicyMutation, {
    update(cache, { data: result }) {
      if (result) cache.writeQuery({ query: collectionPolicyQuery, data: { collectionPolicy: result.updateCollectionPolicy.collectionPolicy } });
    },
  });

  // The form starts from the policy once it arrives, and again after a save
  // (only then: typing must not be overwritten by a re-render).
  useEffect(() => {
    if (policy) form.reset();
  }, [policy]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!policy) return;
    setSaved(false);
    const found: FieldErrors<Field> = {};
    const threshold = draft.monitoringThreshold?.trim() ?? '';
    if (!isDecimal(threshold)) found.monitoringThreshold = t('admin.errors.decimal');
    else if (compareDecimal(threshold, '0') <= 0 || compareDecimal(threshold, MAX_MONITORING_THRESHOLD) > 0) {
      found.monitoringThreshold = t('admin.policy.errors.monitoringThreshold', { max: format.money(MAX_MONITORING_THRESHOLD) });
    }
    if (!wholeIn(draft.bigUserCollectionsPerMonth ?? '', COLLECTIONS_PER_MONTH)) {
      found.bigUserCollectionsPerMonth = t('admin.errors.wholeRange', { min: COLLECTIONS_PER_MONTH[0], max: COLLECTIONS_PER_MONTH[1] });
    }
    if (!wholeIn(draft.riskCheckIntervalDays ?? '', RISK_CHECK_DAYS)) {
      found.riskCheckIntervalDays = t('admin.errors.wholeRange', { min: RISK_CHECK_DAYS[0], max: RISK_CHECK_DAYS[1] });
    }
    const changedThresholds: BigUserThresholdInput[] = [];
    for (const b of policy.bigUserThresholds) {
      const value = (draft[`threshold.${b.utility}`] ?? '').trim();
      if (!isDecimal(value) || compareDecimal(value, '0') <= 0) found[`threshold.${b.utility}`] = t('admin.errors.positiveDecimal');
      else if (compareDecimal(value, b.threshold) !== 0) changedThresholds.push({ utility: b.utility, threshold: value });
    }
    if (form.invalid(found)) return;
    const collections = Number(draft.bigUserCollectionsPerMonth);
    const riskDays = Number(draft.riskCheckIntervalDays);
    const input = {
      monitoringThreshold: compareDecimal(threshold, policy.monitoringThreshold) !== 0 ? normaliseDecimal(threshold) : null,
      bigUserCollectionsPerMonth: collections !== policy.bigUserCollectionsPerMonth ? collections : null,
      riskCheckIntervalDays: riskDays !== policy.riskCheckIntervalDays ? riskDays : null,
      bigUserThresholds: changedThresholds.length ? changedThresholds : null,
    };
    if (Object.values(input).every((v) => v === null)) {
      form.setOther([t('admin.nothingChanged')]);
      return;
    }
    try {
      await update({ variables: { input } });
      setSaved(true);
    } catch (e) {
      const sent = changedThresholds.map((c) => c.utility);
      const { fields: byField, other } = renamedFormErrors(e, fields, t, (f) => {
        const match = /^bigUserThresholds\.(\d+)\.threshold$/.exec(f);
        const utility: Utility | undefined = match ? sent[Number(match[1])] : undefined;
        return utility ? `threshold.${utility}` : f;
      });
      form.invalid(byField);
      form.setOther(other);
    }
  };

  return (
    <section className="panel admin-panel" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('admin.policy.heading')}</h2>
        {policy ? (
          <span className="count">
            {policy.updatedAt
              ? t('admin.policy.updated', { when: format.dateTime(policy.updatedAt), who: policy.updatedBy?.name ?? t('admin.keys.system') })
              : t('admin.policy.defaults')}
          </span>
        ) : null}
      </div>
      {!policy ? (
        <PanelState error={error} errorText={t('admin.policy.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <form className="admin-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
          {form.other.length > 0 ? (
            <div className="notice notice-error" role="alert">
              <ul>
                {form.other.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="field-row">
            <FormField label={t('admin.policy.monitoringThreshold')} {...frame('monitoringThreshold')}>
              <input {...a11y('monitoringThreshold')} inputMode="decimal" readOnly={!editable} value={draft.monitoringThreshold ?? ''} onChange={(e) => form.set('monitoringThreshold', e.target.value)} />
            </FormField>
            <FormField label={t('admin.policy.collectionsPerMonth')} {...frame('bigUserCollectionsPerMonth')}>
              <input {...a11y('bigUserCollectionsPerMonth')} type="number" min={1} max={10} step={1} readOnly={!editable} value={draft.bigUserCollectionsPerMonth ?? ''} onChange={(e) => form.set('bigUserCollectionsPerMonth', e.target.value)} />
            </FormField>
            <FormField label={t('admin.policy.riskCheckDays')} {...frame('riskCheckIntervalDays')}>
              <input {...a11y('riskCheckIntervalDays')} type="number" min={1} max={30} step={1} readOnly={!editable} value={draft.riskCheckIntervalDays ?? ''} onChange={(e) => form.set('riskCheckIntervalDays', e.target.value)} />
            </FormField>
          </div>
          <p className="hint">{t('admin.policy.hint')}</p>
          <fieldset className="admin-fieldset">
            <legend>{t('admin.policy.bigUserThresholds')}</legend>
            <div className="admin-threshold-grid">
              {policy.bigUserThresholds.map((b) => (
                <FormField key={b.utility} label={t('admin.policy.thresholdOf', { utility: t(`enums.utility.${b.utility}`), unit: b.unit })} {...frame(`threshold.${b.utility}`)}>
                  <input {...a11y(`threshold.${b.utility}`)} inputMode="decimal" readOnly={!editable} value={draft[`threshold.${b.utility}`] ?? ''} onChange={(e) => form.set(`threshold.${b.utility}`, e.target.value)} />
                </FormField>
              ))}
            </div>
          </fieldset>
          {editable ? (
            <div className="actions admin-form-actions">
              <span className="hint" role="status">
                {saved ? t('admin.savedAudited') : ''}
              </span>
              <button type="button" onClick={() => form.reset()} disabled={loading}>
                {t('admin.undo')}
              </button>
              <button type="submit" className="primary" disabled={loading}>
                {loading ? t('forms.saving') : t('admin.save')}
              </button>
            </div>
          ) : (
            <p className="hint">{t('admin.readOnly')}</p>
          )}
        </form>
      )}
    </section>
  );
}
