/** Rules of the org tree 三级联动: lookups and subtrees. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrgUnit } from './org-unit.entity.js';

export class OrgService {
  constructor(private readonly em: EntityManager) {}

  /** The subtree under `rootPath`, parents before children. */
  listOrgUnits(rootPath: string): Promise<OrgUnit[]> {
    return this.em.find(OrgUnit, { path: { $like: `${escapeLike(rootPath)}%` } }, { orderBy: { path: 'asc' } });
  }

  findOrgUnit(id: number): Promise<OrgUnit | null> {
    return this.em.findOne(OrgUnit, { id });
  }
}

/** True when `path` lies in the subtree rooted at `rootPath` (inclusive). */
export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
