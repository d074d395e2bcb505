// Inspection frequencies 巡检频次 (inspectionPolicies / setInspectionPolicy):
// how many months between inspections of a kind for customers of a utility
// and tier. The table lists what is set; the form sets one (1–60 months, as
// the server checks) or stops scheduling it (no interval). "Change" fills
// the form from a row.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { FormField } from '../../components/FormField';
import { LabelledOptions } from '../../components/LabelledOptions';
import { TableOrEmpty } from '../../components/TableOrEmpty';
import { graphql } from '../../gql';
import type { CustomerTier, InspectionKind, Utility } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { useFormFields, type FieldErrors } from '../../lib/use-form-fields';
import { CUSTOMER_TIERS, UTILITIES } from '../customers/customer-enums';
import { PanelState } from '../../components/PanelState';

const inspectionPoliciesQuery = graphql(`
  query AdminInspectionPolicies {
    inspectionPolicies {
      utility
      tier
      kind
      intervalMonths
      updatedAt
    }
  }
`);

const setInspectionPolicyMutation = graphql(`
  mutation AdminSetInspectionPolicy($input: SetInspectionPolicyInput!) {
    setInspectionPolicy(input: $input) {
      policies {
        utility
        tier
        kind
        intervalMonths
        updatedAt
      }
    }
  }
`);

/** SPECIAL inspections are never scheduled (the server refuses them). */
const SCHEDULED_KINDS: readonly InspectionKind[] = ['ROUTINE', 'ANNUAL_SAFETY'];
const FIELDS = ['utility', 'tier', 'kind', 'intervalMonths'] as const;
type Field = (typeof FIELDS)[number];

export function InspectionPoliciesForm({ editable }: { readonly editable: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const headingId = useId();
  const { data, error, refetch } = useQuery(inspectionPoliciesQuery, { fetchPolicy: 'cache-and-network' });
  const form = useFormFields<Field>(FIELDS, () => ({ utility: '', tier: '', kind: 'ROUTINE', intervalMonths: '' }));
  const { id, draft, a11y, frame } = form;
  const [saved, setSaved] = useState<string | null>(null);
  const [setPolicy, { loading }] = useMutation(setInspectionPolicyMutation, {
    update(cache, { data: result }) {
      if (result) cache.writeQuery({ query: inspectionPoliciesQuery, data: { inspectionPolicies: result.setInspectionPolicy.policies } });
    },
  });

  const policies = useMemo(() => {
    const order = (u: Utility, tier: CustomerTier) => UTILITIES.indexOf(u) * 10 + CUSTOMER_TIERS.indexOf(tier);
    return [...(data?.inspectionPolicies ?? [])].sort((a, b) => order(a.utility, a.tier) - order(b.utility, b.tier) || a.kind.localeCompare(b.kind));
  }, [data]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    const found: FieldErrors<Field> = {};
    if (!draft.utility) found.utility = t('forms.errors.required');
    if (!draft.tier) found.tier = t('forms.errors.required');
    if (!draft.kind) found.kind = t('forms.errors.required');
    const months = draft.intervalMonths.trim();
    if (months && (!/^\d{1,2}$/.test(months) || Number(months) < 1 || Number(months) > 60)) found.intervalMonths = t('admin.errors.wholeRange', { min: 1, max: 60 });
    if (form.invalid(found)) return;
    try {
      await setPolicy({
        variables: {
          input: {
            utility: draft.utility as Utility,
            tier: draft.tier as CustomerTier,
            kind: draft.kind as InspectionKind,
            intervalMonths: months ? Number(months) : null,
          },
        },
      });
      setSaved(months ? t('admin.inspection.saved') : t('admin.inspection.stopped'));
    } catch (e) {
      form.fail(e);
    }
  };

  const edit = (p: (typeof policies)[number]) => {
    form.reset();
    form.set('utility', p.utility);
    form.set('tier', p.tier);
    form.set('kind', p.kind);
    form.set('intervalMonths', String(p.intervalMonths));
    setSaved(null);
    requestAnimationFrame(() => document.getElementById(form.fieldId('intervalMonths'))?.focus());
  };

  return (
    <section className="panel admin-panel" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('admin.inspection.heading')}</h2>
        {data ? <span className="count">{t('admin.inspection.count', { count: policies.length })}</span> : null}
      </div>
      {!data ? (
        <PanelState error={error} errorText={t('admin.inspection.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <TableOrEmpty
          empty={policies.length === 0}
          emptyText={t('admin.inspection.empty')}
          className="admin-table"
          head={
            <>
              <th scope="col">{t('admin.inspection.utility')}</th>
              <th scope="col">{t('admin.inspection.tier')}</th>
              <th scope="col">{t('admin.inspection.kind')}</th>
              <th scope="col">{t('admin.inspection.interval')}</th>
              <th scope="col">{t('admin.inspection.updatedAt')}</th>
              {editable ? <th scope="col">{t('admin.actions')}</th> : null}
            </>
          }
        >
          {policies.map((p) => (
            <tr key={`${p.utility}-${p.tier}-${p.kind}`}>
              <td>{t(`enums.utility.${p.utility}`)}</td>
              <td>{t(`enums.tier.${p.tier}`)}</td>
              <td>{t(`enums.inspectionKind.${p.kind}`)}</td>
              <td className="num">{t('admin.inspection.everyMonths', { count: p.intervalMonths })}</td>
              <td>{format.dateTime(p.updatedAt)}</td>
              {editable ? (
                <td>
                  <button type="button" onClick={() => edit(p)}>
                    {t('admin.inspection.change')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </TableOrEmpty>
      )}
      {editable ? (
        <form className="admin-form admin-inline-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading} aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`}>{t('admin.inspection.formTitle')}</h3>
          {form.other.length > 0 ? (
            <div className="notice notice-error" role="alert">
              <ul>
                {form.other.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="admin-inline-fields">
            <FormField label={t('admin.inspection.utility')} {...frame('utility')}>
              <select {...a11y('utility')} value={draft.utility} onChange={(e) => form.set('utility', e.target.value)}>
                <option value="">{t('forms.choose')}</option>
                <LabelledOptions values={UTILITIES} label={(u) => t(`enums.utility.${u}`)} />
              </select>
            </FormField>
            <FormField label={t('admin.inspection.tier')} {...frame('tier')}>
              <select {...a11y('tier')} value={draft.tier} onChange={(e) => form.set('tier', e.target.value)}>
                <option value="">{t('forms.choose')}</option>
                <LabelledOptions values={CUSTOMER_TIERS} label={(v) => t(`enums.tier.${v}`)} />
              </select>
            </FormField>
            <FormField label={t('admin.inspection.kind')} {...frame('kind')}>
              <select {...a11y('kind')} value={draft.kind} onChange={(e) => form.set('kind', e.target.value)}>
                <LabelledOptions values={SCHEDULED_KINDS} label={(k) => t(`enums.inspectionKind.${k}`)} />
              </select>
            </FormField>
            <FormField label={t('admin.inspection.intervalMonths')} {...frame('intervalMonths')}>
              <input {...a11y('intervalMonths')} type="number" min={1} max={60} step={1} value={draft.intervalMonths} onChange={(e) => form.set('intervalMonths', e.target.value)} />
            </FormField>
            <button type="submit" className="primary" disabled={loading}>
              {loading ? t('forms.saving') : t('admin.save')}
            </button>
          </div>
          <p className="hint" role="status">
            {saved ?? t('admin.inspection.hint')}
          </p>
        </form>
      ) : (
        <p className="hint">{t('admin.readOnly')}</p>
      )}
    </section>
  );
}
