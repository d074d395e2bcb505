// The signed-in console: the nav bar (the registry's labelled routes this
// role may open) and the page matching the hash. `#/`, an unknown path or a
// page the role may not open sends the user to the role's home page.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { Role } from '../gql/graphql';
import { homePathFor, routeAllows, ROUTES } from './routes';
import { Link, navigate, useRoute } from './router';

export function ConsoleShell({ role }: { readonly role: Role }) {
  const { t } = useTranslation();
  const allowed = ROUTES.filter((route) => routeAllows(route, role));
  const { route, params, path } = useRoute(allowed);
  const home = homePathFor(role);

  useEffect(() => {
    if (!route) navigate(home, { replace: true });
  }, [route, home]);

  // Move focus to the page on navigation, so keyboard and screen-reader users
  // start at the new content (not on first load: the skip link is there).
  useEffect(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement?.closest('.console-nav')) main.focus();
  }, [path]);

  const navRoutes = allowed.filter((r) => r.labelKey);
  return (
    <>
      <nav className="console-nav" aria-label={t('shell.navLabel')}>
        <ul>
          {navRoutes.map((r) => (
            <li key={r.path}>
              <Link to={r.path}>
                {r.labelKey ? t(r.labelKey) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {route ? route.element(params) : null}
      </main>
    </>
  );
}
