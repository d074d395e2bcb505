// One audit entry's change made readable: nested settings are flattened to
// dotted fields (bigUserThresholds.GAS), each field shows its value before
// and after (a creation has no "before", a deletion no "after"); changed
// fields are highlighted, unchanged ones muted, and in a list (reward tiers)
// the items that are not on the other side are marked.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Json = Readonly<Record<string, unknown>>;
type Status = 'added' | 'removed' | 'changed' | 'same';

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** { a: { b: 1 }, c: [..] } → { 'a.b': 1, c: [..] }; lists stay whole. */
export function flatten(value: Json | null | undefined, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && Object.keys(v).length > 0) for (const [p, inner] of flatten(v, path)) out.set(p, inner);
    else out.set(path, v);
  }
  return out;
}

const compact = (value: unknown) => JSON.stringify(value);

function show(value: unknown, other: unknown): ReactNode {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const theirs = new Set(Array.isArray(other) ? other.map(compact) : []);
    return (
      <ol className="audit-items">
        {value.map((item, i) => (
          <li key={i} className={theirs.has(compact(item)) ? undefined : 'audit-item-changed'}>
            {isPlainObject(item)
              ? Object.entries(item)
                  .map(([k, v]) => `${k}: ${v === null ? '—' : typeof v === 'object' ? compact(v) : String(v)}`)
                  .join(' · ')
              : compact(item)}
          </li>
        ))}
      </ol>
    );
  }
  return compact(value);
}

export interface AuditChangeProps {
  readonly before: Json | null | undefined;
  readonly after: Json | null | undefined;
}

export function AuditChange({ before, after }: AuditChangeProps) {
  const { t } = useTranslation();
  const old = flatten(before);
  const now = flatten(after);
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  if (paths.length === 0) return <span className="muted">{t('admin.audit.noDetails')}</span>;
  const statusOf = (path: string): Status => {
    if (!old.has(path)) return before ? 'added' : 'changed';
    if (!now.has(path)) return after ? 'removed' : 'changed';
    return compact(old.get(path)) === compact(now.get(path)) ? 'same' : 'changed';
  };
  return (
    <table className="audit-diff">
      <thead>
        <tr>
          <th scope="col">{t('admin.audit.field')}</th>
          <th scope="col">{t('admin.audit.before')}</th>
          <th scope="col">{t('admin.audit.after')}</th>
        </tr>
      </thead>
      <tbody>
        {paths.map((path) => {
          const status = statusOf(path);
          return (
            <tr key={path} className={`audit-${status}`}>
              <th scope="row" className="mono">
                {path}
                {status === 'same' ? <span className="visually-hidden"> ({t('admin.audit.unchanged')})</span> : null}
              </th>
              <td className="audit-old">{old.has(path) ? show(old.get(path), now.get(path)) : <span className="muted">{t('admin.audit.none')}</span>}</td>
              <td className="audit-new">{now.has(path) ? show(now.get(path), old.get(path)) : <span className="muted">{t('admin.audit.none')}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
