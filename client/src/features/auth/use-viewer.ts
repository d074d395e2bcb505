// The signed-in viewer as the server sees it (`me`): name, role, org unit and
// permissions. Loaded once per session and shared from the cache; the
// session's stored user (from login) fills in until it arrives.
import { useCallback } from 'react';
import { useQuery } from '@apollo/client/react';

import { viewerQuery } from './auth-operations';

/** Permission strings the console asks about (the server's vocabulary). */
export type Permission =
  | 'customers:read'
  | 'customers:write'
  | 'customers:assign'
  | 'pii:read'
  | 'users:manage'
  | 'apikeys:manage'
  | 'audit:read'
  | 'users:read'
  | 'views:share';

export function useViewer() {
  const { data, loading, error } = useQuery(viewerQuery, { fetchPolicy: 'cache-first' });
  const me = data?.me;
  const permissions = me?.permissions;
  /** False until `me` has loaded: nothing is offered before the server said it is allowed. */
  const can = useCallback((permission: Permission) => !!permissions?.includes(permission), [permissions]);
  return { me, loading, error, can };
}
