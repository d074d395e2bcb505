// The console's pages: one entry per hash route. App.tsx renders the nav bar
// from the entries with a labelKey (in this order) and the page of the first
// entry matching the hash. `roles` limits an entry to those roles (nav and
// page); without it every signed-in user may open it. The server still
// checks every request — this only decides what is offered.
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Role } from '../gql/graphql';
import type zhCN from '../locales/zh-CN.json';
import { LiveBoard } from '../features/board/LiveBoard';
import { CustomerList } from '../features/customers/CustomerList';
import type { RouteParams } from './router';

// The landing pages (board, customers) come with the first load; every other
// page is a chunk of its own, fetched on first visit, so a lead's board does
// not wait for the admin screens or a collector's worklist for ECharts.
const AnalyticsPage = lazy(() => import('../features/analytics/AnalyticsPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const Customer360Page = lazy(() => import('../features/customer360/Customer360Page').then((m) => ({ default: m.Customer360Page })));
const ExpiringContractsPage = lazy(() => import('../features/contracts/ExpiringContractsPage').then((m) => ({ default: m.ExpiringContractsPage })));
const ProspectsPage = lazy(() => import('../features/prospects/ProspectsPage').then((m) => ({ default: m.ProspectsPage })));
const WorklistPage = lazy(() => import('../features/worklist/WorklistPage').then((m) => ({ default: m.WorklistPage })));

function Page({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const loading = (
    <p className="state muted" role="status" aria-busy="true">
      {t('shell.loadingPage')}
    </p>
  );
  return <Suspense fallback={loading}>{children}</Suspense>;
}

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
  {
    path: '/worklist',
    labelKey: 'nav.worklist',
    element: () => <Page><WorklistPage /></Page>,
    roles: ['COLLECTOR', 'REP', 'LEAD', 'ADMIN'],
  },
  { path: '/customers', labelKey: 'nav.customers', element: () => <CustomerList /> },
  { path: '/customers/:id', element: ({ id }) => <Page><Customer360Page key={id} id={id!} /></Page> },
  { path: '/analytics', labelKey: 'nav.analytics', element: () => <Page><AnalyticsPage /></Page>, roles: ['LEAD', 'ADMIN', 'REP'] },
  { path: '/prospects', labelKey: 'nav.prospects', element: () => <Page><ProspectsPage /></Page>, roles: ['REP', 'LEAD', 'ADMIN'] },
  { path: '/contracts/expiring', labelKey: 'nav.expiringContracts', element: () => <Page><ExpiringContractsPage /></Page> },
  // Administration: admins manage; leads read the parts the API lets them (features/admin/admin-access.ts).
  { path: '/admin', labelKey: 'nav.admin', element: () => <Page><AdminPage section={null} /></Page>, roles: ['ADMIN', 'LEAD'] },
  { path: '/admin/:section', element: ({ section }) => <Page><AdminPage section={section ?? null} /></Page>, roles: ['ADMIN', 'LEAD'] },
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
