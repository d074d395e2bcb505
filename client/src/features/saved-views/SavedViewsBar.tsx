// Saved views 常用筛选 of a list page: pick one to apply its filter (and
// order), save the page's current filter under a name (shared with the org
// subtree when the viewer may share), delete one of your own. The server
// checks a filter against the page's own filter type, so whatever is saved
// here is a filter the list accepts.
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { CustomerOrder, SavedViewPage, SavedViewsQuery } from '../../gql/graphql';
import { readError } from '../../lib/graphql-errors';
import { useViewer } from '../auth/use-viewer';

export const savedViewsQuery = graphql(`
  query SavedViews($page: SavedViewPage!) {
    savedViews(page: $page) {
      id
      name
      filter
      orderBy
      shared
      isMine
      owner {
        id
        name
      }
    }
  }
`);

const saveViewMutation = graphql(`
  mutation SaveView($input: SaveViewInput!) {
    saveView(input: $input) {
      view {
        id
        name
      }
    }
  }
`);

const deleteSavedViewMutation = graphql(`
  mutation DeleteSavedView($input: DeleteSavedViewInput!) {
    deleteSavedView(input: $input) {
      deletedId
    }
  }
`);

export type SavedViewRow = SavedViewsQuery['savedViews'][number];

/** JSON with object keys sorted: the server may list a filter's fields in another order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface SavedViewsBarProps {
  readonly page: SavedViewPage;
  /** The page's current filter, as its list query sends it. */
  readonly filter: Record<string, unknown>;
  /** The current order (customer and prospect lists); omitted for pages without one. */
  readonly orderBy?: CustomerOrder | null;
  /** Apply a picked view to the page. */
  onApply(view: SavedViewRow): void;
}

export function SavedViewsBar({ page, filter, orderBy, onApply }: SavedViewsBarProps) {
  const { t } = useTranslation();
  const id = useId();
  const { can } = useViewer();
  const { data, loading, error } = useQuery(savedViewsQuery, { variables: { page } });
  const refetchQueries = [{ query: savedViewsQuery, variables: { page } }];
  const [save, saving] = useMutation(saveViewMutation, { refetchQueries, awaitRefetchQueries: true });
  const [remove, removing] = useMutation(deleteSavedViewMutation, { refetchQueries, awaitRefetchQueries: true });

  const [selectedId, setSelectedId] = useState('');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const views = data?.savedViews ?? [];
  const mine = views.filter((v) => v.isMine);
  const others = views.filter((v) => !v.isMine);
  // The picked view stays shown only while the page still shows its filter.
  const picked = views.find((v) => v.id === selectedId);
  const selected =
    picked && stableJson(picked.filter) === stableJson(filter) && (orderBy === undefined || (picked.orderBy ?? null) === (orderBy ?? null) || !picked.orderBy)
      ? picked
      : undefined;

  const pick = (viewId: string) => {
    setSelectedId(viewId);
    setNotice(null);
    const view = views.find((v) => v.id === viewId);
    if (view) onApply(view);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const result = await save({ variables: { input: { page, name, filter, orderBy: orderBy ?? null, shared } } });
      const saved = result.data?.saveView.view;
      if (saved) {
        setSelectedId(saved.id);
        setNotice(t('savedViews.saved', { name: saved.name }));
      }
      setNaming(false);
      setName('');
      setShared(false);
    } catch (e) {
      const readable = readError(e);
      if (readable.code === 'CONFLICT') setProblem(t('savedViews.nameTaken'));
      else if (readable.fields.length) setProblem(readable.fields.map((f) => `${f.field}: ${f.message}`).join('; '));
      else setProblem(readable.message);
    }
  };

  const deleteSelected = async () => {
    if (!selected?.isMine) return;
    if (!window.confirm(t('savedViews.confirmDelete', { name: selected.name }))) return;
    setProblem(null);
    try {
      await remove({ variables: { input: { id: selected.id } } });
      setSelectedId('');
      setNotice(t('savedViews.deleted', { name: selected.name }));
    } catch (e) {
      setProblem(readError(e).message);
    }
  };

  return (
    <div className="saved-views" role="group" aria-label={t('savedViews.label')}>
      <div className="field">
        <label htmlFor={`${id}-pick`}>{t('savedViews.label')}</label>
        <select id={`${id}-pick`} value={selected?.id ?? ''} onChange={(event) => pick(event.target.value)} disabled={loading && !data}>
          <option value="">{error ? t('savedViews.loadError') : views.length ? t('savedViews.choose') : t('savedViews.none')}</option>
          {mine.length ? (
            <optgroup label={t('savedViews.mine')}>
              {mine.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.shared ? t('savedViews.sharedName', { name: v.name }) : v.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {others.length ? (
            <optgroup label={t('savedViews.sharedWithMe')}>
              {others.map((v) => (
                <option key={v.id} value={v.id}>
                  {t('savedViews.byOwner', { name: v.name, owner: v.owner.name })}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <div className="saved-views-actions">
        {selected?.isMine ? (
          <button type="button" onClick={() => void deleteSelected()} disabled={removing.loading}>
            {t('savedViews.delete')}
          </button>
        ) : null}
        {!naming ? (
          <button type="button" onClick={() => { setNaming(true); setProblem(null); }}>
            {t('savedViews.saveCurrent')}
          </button>
        ) : null}
      </div>
      {naming ? (
        <form className="saved-views-form" onSubmit={(event) => void submit(event)} aria-label={t('savedViews.saveCurrent')}>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('savedViews.name')}</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={60}
              required
              autoFocus
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          {can('views:share') ? (
            <label className="chip">
              <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
              <span>{t('savedViews.share')}</span>
            </label>
          ) : null}
          <button type="submit" className="primary" disabled={saving.loading || !name.trim()}>
            {saving.loading ? t('savedViews.saving') : t('savedViews.save')}
          </button>
          <button type="button" onClick={() => { setNaming(false); setProblem(null); }}>
            {t('savedViews.cancel')}
          </button>
        </form>
      ) : null}
      {problem ? (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {notice ? (
        <p className="muted" role="status">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
