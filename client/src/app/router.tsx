// A tiny hash router (no dependency): the route is the part after `#`
// (`#/customers/42`), read through useSyncExternalStore so every component
// sees the same location. Patterns are literal segments and `:name`
// parameters; the registry of pages is routes.tsx.
import { useSyncExternalStore, type AnchorHTMLAttributes, type ReactNode } from 'react';

export type RouteParams = Readonly<Record<string, string>>;

/** The current hash path, always starting with `/` (`''` and `#` read as `/`). */
function currentPath(): string {
  const raw = window.location.hash.replace(/^#/, '');
  const path = raw.split('?')[0] ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current path (`/customers/42`); re-renders on every hash change. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Go to a path (`/board`). `replace` does not leave a history entry (redirects). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const hash = `#${path}`;
  if (options.replace) {
    window.history.replaceState(window.history.state, '', hash);
    // replaceState does not fire hashchange; tell the subscribers ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = path;
  }
}

/** Params if `pattern` (`/customers/:id`) matches `path` exactly, else null. Params are URI-decoded. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null; // malformed escape: no match rather than a crash
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

/** Build a path from a pattern: `pathTo('/customers/:id', { id })`. Params are URI-encoded. */
export function pathTo(pattern: string, params: RouteParams = {}): string {
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** A path such as `/customers/42`. */
  readonly to: string;
  readonly children: ReactNode;
}

/** An ordinary anchor to `#<to>`: middle-click, copy link and the keyboard work as usual; `aria-current` marks the current page. */
export function Link({ to, children, ...rest }: LinkProps) {
  const path = usePath();
  return (
    <a href={`#${to}`} aria-current={path === to ? 'page' : undefined} {...rest}>
      {children}
    </a>
  );
}

export interface RouteMatch<R> {
  /** The current path (`/customers/42`). */
  readonly path: string;
  /** The first route whose pattern matches, or null (unknown path). */
  readonly route: R | null;
  /** The matched route's `:name` parameters. */
  readonly params: RouteParams;
}

/** The first of `routes` matching the current path, with its params; re-renders on every hash change. */
export function useRoute<R extends { readonly path: string }>(routes: readonly R[]): RouteMatch<R> {
  const path = usePath();
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { path, route, params };
  }
  return { path, route: null, params: {} };
}
