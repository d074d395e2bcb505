// The org tree 三级联动 (#/admin/org): company → branch → area → station as an
// indented tree the keyboard can walk (a list of lists; each unit with
// children has a button that expands or collapses it, aria-expanded), with
// kind, code, time zone and, for stations, their coordinates.
import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import type { AdminOrgUnitsQuery } from '../../gql/graphql';
import { PanelState } from '../../components/PanelState';

export const adminOrgUnitsQuery = graphql(`
  query AdminOrgUnits {
    orgUnits {
      id
      kind
      code
      name
      timeZone
      latitude
      longitude
      parent {
        id
      }
    }
  }
`);

type Unit = AdminOrgUnitsQuery['orgUnits'][number];

interface TreeNode {
  readonly unit: Unit;
  readonly children: readonly TreeNode[];
}

/** Roots and children ordered by code; a unit whose parent is out of view is a root. */
function buildTree(units: readonly Unit[]): TreeNode[] {
  const ids = new Set(units.map((u) => u.id));
  const byParent = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parentId = unit.parent && ids.has(unit.parent.id) ? unit.parent.id : null;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), unit]);
  }
  const build = (parentId: string | null): TreeNode[] =>
    [...(byParent.get(parentId) ?? [])]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((unit) => ({ unit, children: build(unit.id) }));
  return build(null);
}

function countUnits(nodes: readonly TreeNode[]): number {
  return nodes.reduce((n, node) => n + 1 + countUnits(node.children), 0);
}

export function OrgTreePanel() {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery(adminOrgUnitsQuery, { fetchPolicy: 'cache-and-network' });
  const roots = useMemo(() => (data ? buildTree(data.orgUnits) : []), [data]);
  // Collapsed units; everything is open at first, so the whole tree is one scroll away.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const withChildren = data?.orgUnits.filter((u) => data.orgUnits.some((c) => c.parent?.id === u.id)).map((u) => u.id) ?? [];

  return (
    <div className="panel admin-panel">
      <div className="section-head">
        <h2>{t('admin.org.heading')}</h2>
        {data ? <span className="count">{t('admin.org.count', { count: countUnits(roots) })}</span> : null}
        {data ? (
          <span className="admin-head-actions">
            <button type="button" onClick={() => setCollapsed(new Set())}>
              {t('admin.org.expandAll')}
            </button>
            <button type="button" onClick={() => setCollapsed(new Set(withChildren))}>
              {t('admin.org.collapseAll')}
            </button>
          </span>
        ) : null}
      </div>
      {!data ? (
        <PanelState error={error} errorText={t('admin.org.error')} onRetry={() => void refetch().catch(() => undefined)} />
      ) : roots.length === 0 ? (
        <p className="muted">{t('admin.org.empty')}</p>
      ) : (
        <ul className="org-tree" aria-label={t('admin.org.heading')}>
          {roots.map((node) => (
            <OrgTreeItem key={node.unit.id} node={node} collapsed={collapsed} onToggle={toggle} />
          ))}
        </ul>
      )}
    </div>
  );
}

interface OrgTreeItemProps {
  readonly node: TreeNode;
  readonly collapsed: ReadonlySet<string>;
  onToggle(id: string): void;
}

function OrgTreeItem({ node, collapsed, onToggle }: OrgTreeItemProps) {
  const { t, i18n } = useTranslation();
  const { unit, children } = node;
  const open = !collapsed.has(unit.id);
  const groupId = `org-children-${unit.id}`;
  const coordinates =
    unit.latitude != null && unit.longitude != null
      ? t('admin.org.coordinates', {
          lat: unit.latitude.toLocaleString(i18n.language, { maximumFractionDigits: 6 }),
          lng: unit.longitude.toLocaleString(i18n.language, { maximumFractionDigits: 6 }),
        })
      : null;
  return (
    <li className={`org-node org-kind-${unit.kind.toLowerCase()}`}>
      <div className="org-node-line">
        {children.length > 0 ? (
          <button
            type="button"
            className="org-toggle"
            aria-expanded={open}
            aria-controls={groupId}
            aria-label={t(open ? 'admin.org.collapse' : 'admin.org.expand', { name: unit.name })}
            onClick={() => onToggle(unit.id)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="org-toggle-spacer" aria-hidden="true" />
        )}
        <span className="org-name">{unit.name}</span>
        <span className="admin-badge">{t(`enums.orgUnitKind.${unit.kind}`)}</span>
        <span className="mono muted">{unit.code}</span>
        {coordinates ? <span className="org-coordinates">{coordinates}</span> : null}
        {unit.kind === 'STATION' && !coordinates ? <span className="muted">{t('admin.org.noCoordinates')}</span> : null}
        {children.length > 0 ? <span className="muted">{t('admin.org.children', { count: children.length })}</span> : null}
        <span className="muted org-zone">{unit.timeZone}</span>
      </div>
      {children.length > 0 ? (
        <ul id={groupId} className="org-children" hidden={!open}>
          {children.map((child) => (
            <OrgTreeItem key={child.unit.id} node={child} collapsed={collapsed} onToggle={onToggle} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
