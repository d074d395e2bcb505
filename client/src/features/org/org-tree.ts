// The org tree 公司 → 分公司 → 片区 → 站 the viewer may see, loaded once and
// shared by the org-unit filter, the new-customer form and the live-update
// matching (which needs each unit's parent to decide subtree membership).
import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';

import { graphql } from '../../gql';
import type { OrgUnitTreeQuery } from '../../gql/graphql';

export const orgUnitTreeQuery = graphql(`
  query OrgUnitTree {
    orgUnits {
      id
      kind
      code
      name
      parent {
        id
      }
    }
  }
`);

export type OrgUnit = OrgUnitTreeQuery['orgUnits'][number];

export interface OrgTreeNode {
  readonly unit: OrgUnit;
  readonly depth: number;
  /** Names from the top of the visible tree down to this unit. */
  readonly path: readonly string[];
}

export interface OrgTree {
  /** Depth-first, children ordered by code: the order of an indented list. */
  readonly nodes: readonly OrgTreeNode[];
  readonly parentOf: ReadonlyMap<string, string | null>;
  readonly byId: ReadonlyMap<string, OrgTreeNode>;
}

const EMPTY_TREE: OrgTree = { nodes: [], parentOf: new Map(), byId: new Map() };

export function buildOrgTree(units: readonly OrgUnit[]): OrgTree {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    // A unit whose parent is outside the viewer's subtree is a root here.
    const parentId = unit.parent && ids.has(unit.parent.id) ? unit.parent.id : null;
    const siblings = children.get(parentId) ?? [];
    siblings.push(unit);
    children.set(parentId, siblings);
  }
  for (const siblings of children.values()) {
    siblings.sort((a, b) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name));
  }

  const nodes: OrgTreeNode[] = [];
  const visit = (parentId: string | null, depth: number, path: readonly string[]) => {
    for (const unit of children.get(parentId) ?? []) {
      const node = { unit, depth, path: [...path, unit.name] };
      nodes.push(node);
      visit(unit.id, depth + 1, node.path);
    }
  };
  visit(null, 0, []);

  return {
    nodes,
    parentOf: new Map(units.map((u) => [u.id, u.parent?.id ?? null])),
    byId: new Map(nodes.map((n) => [n.unit.id, n])),
  };
}

export function useOrgTree() {
  const { data, loading, error } = useQuery(orgUnitTreeQuery);
  const tree = useMemo(() => (data ? buildOrgTree(data.orgUnits) : EMPTY_TREE), [data]);
  return { tree, loading, error };
}
