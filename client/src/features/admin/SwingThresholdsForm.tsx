// Consumption swing thresholds 用量波动阈值 per customer tier
// (consumptionSwingThresholds / updateConsumptionSwingThresholds): a month's
// use moving MORE than the percent against last year or the 3-month average
// raises an alert in the daily scan. Percent more than 0 and at most 1000,
// two decimals, as the server checks; only changed tiers are sent (audited).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormField } from '../../components/FormField';
import { graphql } from '../../gql';
import type { CustomerTier, SwingThresholdInput } from '../../gql/graphql';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { PanelState } from '../../components/PanelState';
import { renamedFormErrors } from './admin-errors';
import { compareDecimal, isDecimal, normaliseDecimal } from './decimal';

const swingThresholdsQuery = graphql(`
  query AdminSwingThresholds {
    consumptionSwingThresholds {
      tier
      percent
      isDefault
    }
  }
`);

const updateSwingThresholdsMutation = graphql(`
  mutation AdminUpdateSwingThresholds($input: UpdateConsumptionSwingThresholdsInput!) {
    updateConsumptionSwingThresholds(input: $input) {
      thresholds {
        tier
        percent
        isDefault
      }
    }
  }
`);

const PERCENT_SHAPE = /^(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?$/;

export function SwingThresholdsForm({ editable }: { readonly editable: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { data, error, refetch } = useQuery(swingThresholdsQuery, { fetchPolicy: 'cache-and-network' });
  const rows = data?.consumptionSwingThresholds;
  const tiers: CustomerTier[] = rows?.map((r) => r.tier) ?? [];
  const form = useFormFields<string>(tiers, () => Object.fromEntries((rows ?? []).map((r) => [r.tier, r.percent])));
  const { draft, a11y, frame } = form;
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(updateSwingThresholdsMutation, {
    update(cache, { data: result }) {
      if (result) cache.writeQuery({ query: swingThresholdsQuery, data: { consumptionSwingThresholds: result.updateConsumptionSwingThresholds.thresholds } });
    },
  });

  useEffect(() => {
    if (rows) form.reset();
    // Only when the saved thresholds change, so typing is never overwritten.
  }, [rows]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!rows) return;
    setSaved(false);
    const found: FieldErrors<string> = {};
    const changed: SwingThresholdInput[] = [];
    for (const row of rows) {
      const value = (draft[row.tier] ?? '').trim();
      if (!PERCENT_SHAPE.test(value) || !isDecimal(value) || compareDecimal(value, '0') <= 0 || compareDecimal(value, '1000') > 0) {
        found[row.tier] = t('admin.swing.errors.percent');
      } else if (compareDecimal(value, row.percent) !== 0) {
        changed.push({ tier: row.tier, percent: normaliseDecimal(value) });
      }
    }
    if (form.invalid(found)) return;
    if (changed.length === 0) {
      form.setOther([t('admin.nothingChanged')]);
      return;
    }
    try {
      await update({ variables: { input: { thresholds: changed } } });
      setSaved(true);
    } catch (e) {
      const { fields, other } = renamedFormErrors(e, tiers, t, (f) => {
        const match = /^thresholds\.(\d+)\.percent$/.exec(f);
        return (match && changed[Number(match[1])]?.tier) || f;
      });
      form.invalid(fields);
      form.setOther(other);
    }
  };

  return (
    <section className="panel admin-panel" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('admin.swing.heading')}</h2>
      </div>
      <p className="hint">{t('admin.swing.hint')}</p>
      {!rows ? (
        <PanelState error={error} errorText={t('admin.swing.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : rows.length === 0 ? (
        <p className="muted">{t('admin.swing.empty')}</p>
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
          <div className="admin-threshold-grid">
            {rows.map((row) => (
              <FormField key={row.tier} label={t('admin.swing.percentOf', { tier: t(`enums.tier.${row.tier}`) })} {...frame(row.tier)}>
                <span className="admin-input-suffix">
                  <input {...a11y(row.tier)} inputMode="decimal" readOnly={!editable} value={draft[row.tier] ?? ''} onChange={(e) => form.set(row.tier, e.target.value)} />
                  <span aria-hidden="true">%</span>
                </span>
                {row.isDefault ? <span className="hint">{t('admin.swing.default')}</span> : null}
              </FormField>
            ))}
          </div>
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
