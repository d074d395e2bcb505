// The console's pages: one entry per hash route. App.tsx renders the nav bar
// from the entries with a labelKey (in this order) and the page of the first
// entry matching the hash. `roles` limits an entry to those roles (nav and
// page); without it every signed-in user may open it. The server still
// checks every request — this only decides what is offered.
import type { ReactNode } from 'react';

import type { Role } from '../gql/graphql';
import type zhCN from '../locales/zh-CN.json';
import { LiveBoard } from '../features/board/LiveBoard';
import { Customer360Page } from '../features/customer360/Customer360Page';
import { CustomerList } from '../features/customers/CustomerList';
import { WorklistPage } from '../features/worklist/WorklistPage';
import type { RouteParams } from './router';

/** A nav label: a key under `nav` in the locale files. */
export type NavLabelKey = `nav.${keyof (typeof zhCN)['nav']}`;

export interface RouteDef {
  /** Hash path pattern: literal segments and `:name` params, e.g. `/customers/:id`. */
  readonly path: string;
  /** Shown in the nav bar when set; pages reached only by link (detail pages) have none. */
  readonly labelKey?: NavLabelKey;
  /** The page; gets the path's params (`{ id }` for `/customers/:id`). */
  readonly element: (params: RouteParams) => ReactNode;
  /** Who may open it; everyone signed in when omitted. */
  readonly roles?: readonly Role[];
}

// The order is the nav bar's. Matching is exact per segment, so a detail page
// (`/customers/:id`) never shadows its list.
export const ROUTES: readonly RouteDef[] = [
  { path: '/board', labelKey: 'nav.board', element: () => <LiveBoard />, roles: ['LEAD', 'ADMIN'] },
  { path: '/worklist', labelKey: 'nav.worklist', element: () => <WorklistPage />, roles: ['COLLECTOR', 'REP', 'LEAD', 'ADMIN'] },
  { path: '/customers', labelKey: 'nav.customers', element: () => <CustomerList /> },
  { path: '/customers/:id', element: ({ id }) => <Customer360Page key={id} id={id!} /> },
];

/** Where a role lands (`#/` or an unknown path): leads on the board, collectors on the worklist, others on customers. */
export function homePathFor(role: Role): string {
  switch (role) {
    case 'LEAD':
      return '/board';
    case 'COLLECTOR':
      return '/worklist';
    default:
      return '/customers';
  }
}

export function routeAllows(route: RouteDef, role: Role): boolean {
  return !route.roles || route.roles.includes(role);
}
