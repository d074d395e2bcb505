// Reward tiers 开发专项奖励档位 (#/admin/rewards; rewardTiers /
// updateRewardTiers): a rep's reward for a new account by its average
// monthly spend over the first 3 or 6 months (DOMAIN.md "Targets,
// leaderboards and rewards"; seed 001). Tiers are half-open [from, to):
// the first starts at 0.00, each starts where the one before ends, the top
// one has no end, so every row's start is derived, never typed. Amounts and
// bounds stay exact decimal strings. Editable with rewards:configure.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { AdminRewardTiersQuery } from '../../gql/graphql';
import { useFormatters } from '../../lib/format';
import { formErrorsOf } from '../../lib/form-errors';
import { PanelState } from '../../components/PanelState';
import { useAdminAccess } from './admin-access';
import { compareDecimal, isDecimal, normaliseDecimal } from './decimal';

export const AdminRewardScheme_scheme = graphql(`
  fragment AdminRewardScheme_scheme on RewardScheme {
    isDefault
    windowMonths
    tiers {
      lowerBound
      upperBound
      amount
    }
  }
`);

const rewardTiersQuery = graphql(`
  query AdminRewardTiers {
    rewardTiers {
      ...AdminRewardScheme_scheme @unmask
    }
  }
`);

const updateRewardTiersMutation = graphql(`
  mutation AdminUpdateRewardTiers($input: UpdateRewardTiersInput!) {
    updateRewardTiers(input: $input) {
      scheme {
        ...AdminRewardScheme_scheme @unmask
      }
    }
  }
`);

type Scheme = AdminRewardTiersQuery['rewardTiers'];

/** The server's limits (modules/rewards): 1–20 tiers, a window of 3 or 6 months. */
const MAX_TIERS = 20;
const WINDOWS = [3, 6] as const;

interface Row {
  /** Where the next tier starts (exclusive); ignored on the top row. */
  readonly upper: string;
  readonly amount: string;
}

function rowsOf(scheme: Scheme | undefined): Row[] {
  return (scheme?.tiers ?? []).map((tier) => ({ upper: tier.upperBound ?? '', amount: tier.amount }));
}

/** Each row's start: 0.00, then the previous row's end. */
function lowerOf(rows: readonly Row[], i: number): string {
  return i === 0 ? '0.00' : (rows[i - 1]?.upper ?? '');
}

export function RewardTiersPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const editable = useAdminAccess().can('rewards:configure');
  const { data, error, refetch } = useQuery(rewardTiersQuery, { fetchPolicy: 'cache-and-network' });
  const scheme = data?.rewardTiers;
  const [rows, setRows] = useState<Row[]>([]);
  const [windowMonths, setWindowMonths] = useState('3');
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [other, setOther] = useState<readonly string[]>([]);
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(updateRewardTiersMutation, {
    update(cache, { data: result }) {
      if (result) cache.writeQuery({ query: rewardTiersQuery, data: { rewardTiers: result.updateRewardTiers.scheme } });
    },
  });

  const reset = () => {
    setRows(rowsOf(scheme));
    setWindowMonths(String(scheme?.windowMonths ?? 3));
    setErrors({});
    setOther([]);
  };
  // Start from the saved scheme when it arrives and after each save.
  useEffect(reset, [scheme]);

  const fieldId = (name: string) => `${id}-${name}`;
  const setRow = (i: number, change: Partial<Row>) => {
    setRows((previous) => previous.map((row, j) => (j === i ? { ...row, ...change } : row)));
    setErrors({});
    setSaved(false);
  };
  /** Adds a tier after row i, starting at row i's end (which, on the old top row, must now be typed). */
  const addAfter = (i: number) => {
    setRows((previous) => [...previous.slice(0, i + 1), { upper: '', amount: '' }, ...previous.slice(i + 1)]);
    setErrors({});
    requestAnimationFrame(() => document.getElementById(fieldId(`tiers.${i}.upperBound`))?.focus());
  };
  const remove = (i: number) => {
    setRows((previous) => previous.filter((_, j) => j !== i));
    setErrors({});
  };

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (rows.length < 1 || rows.length > MAX_TIERS) found.tiers = t('admin.rewards.errors.count', { max: MAX_TIERS });
    rows.forEach((row, i) => {
      const last = i === rows.length - 1;
      const lower = lowerOf(rows, i);
      if (!last) {
        if (!isDecimal(row.upper)) found[`tiers.${i}.upperBound`] = t('admin.errors.decimal');
        else if (isDecimal(lower) && compareDecimal(row.upper, lower) <= 0) found[`tiers.${i}.upperBound`] = t('admin.rewards.errors.upper', { lower: format.money(normaliseDecimal(lower)) });
      }
      if (!isDecimal(row.amount)) found[`tiers.${i}.amount`] = t('admin.errors.nonNegativeDecimal');
    });
    if (!WINDOWS.includes(Number(windowMonths) as 3 | 6)) found.windowMonths = t('admin.rewards.errors.window');
    return found;
  };

  const focusFirst = (found: Record<string, string>) => {
    const first = Object.keys(found)[0];
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    setOther([]);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    const tiers = rows.map((row, i) => ({
      lowerBound: normaliseDecimal(lowerOf(rows, i)),
      upperBound: i === rows.length - 1 ? null : normaliseDecimal(row.upper),
      amount: normaliseDecimal(row.amount),
    }));
    try {
      await update({ variables: { input: { windowMonths: Number(windowMonths), tiers } } });
      setSaved(true);
    } catch (e) {
      // The server names fields as this form does: tiers.2.upperBound, windowMonths.
      const names = ['tiers', 'windowMonths', ...rows.flatMap((_, i) => [`tiers.${i}.lowerBound`, `tiers.${i}.upperBound`, `tiers.${i}.amount`])];
      const read = formErrorsOf(e, names, t);
      const byField: Record<string, string> = {};
      for (const [name, message] of Object.entries(read.fields)) {
        // A lower bound is derived from the row above: show its error on that row's end.
        const lower = /^tiers\.(\d+)\.lowerBound$/.exec(name);
        const target = lower && Number(lower[1]) > 0 ? `tiers.${Number(lower[1]) - 1}.upperBound` : name;
        if (typeof message === 'string') byField[target] = message;
      }
      setErrors(byField);
      setOther(read.other);
      focusFirst(byField);
    }
  };

  const a11y = (name: string) => ({
    id: fieldId(name),
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${fieldId(name)}-error` : undefined,
  });
  const errorLine = (name: string) =>
    errors[name] ? (
      <p id={`${fieldId(name)}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <section className="panel admin-panel" aria-labelledby={`${id}-heading`}>
      <div className="section-head">
        <h2 id={`${id}-heading`}>{t('admin.rewards.heading')}</h2>
        {scheme ? <span className="count">{scheme.isDefault ? t('admin.rewards.isDefault') : t('admin.rewards.isCustom')}</span> : null}
      </div>
      <p className="hint">{t('admin.rewards.hint')}</p>
      {!scheme ? (
        <PanelState error={error} errorText={t('admin.rewards.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : (
        <form className="admin-form" noValidate onSubmit={(e) => void submit(e)} aria-busy={loading}>
          {other.length > 0 || errors.tiers ? (
            <div className="notice notice-error" role="alert">
              <ul>
                {errors.tiers ? <li>{errors.tiers}</li> : null}
                {other.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="field field-inline">
            <label htmlFor={fieldId('windowMonths')}>{t('admin.rewards.window')}</label>
            <select {...a11y('windowMonths')} value={windowMonths} disabled={!editable} onChange={(e) => setWindowMonths(e.target.value)}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {t('admin.rewards.months', { count: w })}
                </option>
              ))}
            </select>
            {errorLine('windowMonths')}
          </div>
          <div className="table-wrap">
            <table className="admin-table admin-tier-table">
              <caption className="visually-hidden">{t('admin.rewards.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.rewards.tier')}</th>
                  <th scope="col">{t('admin.rewards.from')}</th>
                  <th scope="col">{t('admin.rewards.to')}</th>
                  <th scope="col">{t('admin.rewards.amount')}</th>
                  {editable ? <th scope="col">{t('admin.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => {
                  const last = i === rows.length - 1;
                  const lower = lowerOf(rows, i);
                  return (
                    <tr key={i}>
                      <th scope="row">{i + 1}</th>
                      <td className="num">{isDecimal(lower) ? format.money(normaliseDecimal(lower)) : '—'}</td>
                      <td>
                        {last ? (
                          <span className="muted">{t('admin.rewards.noUpper')}</span>
                        ) : editable ? (
                          <>
                            <input {...a11y(`tiers.${i}.upperBound`)} aria-label={t('admin.rewards.toOf', { tier: i + 1 })} inputMode="decimal" value={row.upper} onChange={(e) => setRow(i, { upper: e.target.value })} />
                            {errorLine(`tiers.${i}.upperBound`)}
                          </>
                        ) : (
                          format.money(row.upper)
                        )}
                      </td>
                      <td>
                        {editable ? (
                          <>
                            <input {...a11y(`tiers.${i}.amount`)} aria-label={t('admin.rewards.amountOf', { tier: i + 1 })} inputMode="decimal" value={row.amount} onChange={(e) => setRow(i, { amount: e.target.value })} />
                            {errorLine(`tiers.${i}.amount`)}
                          </>
                        ) : (
                          format.money(row.amount)
                        )}
                      </td>
                      {editable ? (
                        <td className="admin-row-actions">
                          <button type="button" onClick={() => addAfter(i)} disabled={rows.length >= MAX_TIERS} aria-label={t('admin.rewards.addAfter', { tier: i + 1 })}>
                            {t('admin.rewards.add')}
                          </button>
                          <button type="button" onClick={() => remove(i)} disabled={rows.length <= 1} aria-label={t('admin.rewards.removeOf', { tier: i + 1 })}>
                            {t('admin.rewards.remove')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {editable ? (
            <div className="actions admin-form-actions">
              <span className="hint" role="status">
                {saved ? t('admin.rewards.saved') : ''}
              </span>
              <button type="button" onClick={reset} disabled={loading}>
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
