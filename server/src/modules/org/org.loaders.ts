/** Per-request loaders of the org module. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupLoader } from '../../graphql/loaders.js';
import { OrgUnit } from './org-unit.entity.js';
import { User } from './user.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';

export function createOrgLoaders(em: EntityManager) {
  return {
    orgUnit: byIdLoader(em, OrgUnit),
    user: byIdLoader(em, User),
    apiKey: byIdLoader(em, ApiKey),
    orgUnitChildren: groupLoader(
      (parentIds: number[]) => em.find(OrgUnit, { parent: { $in: parentIds } }, { orderBy: { code: 'asc' } }),
      (unit) => unit.parent!.id,
    ),
  };
}
