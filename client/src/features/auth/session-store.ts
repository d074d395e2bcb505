// The signed-in session: access token, refresh token, their expiry times and
// the user. Kept outside React (the Apollo links read it on every request)
// and read in React through useSyncExternalStore, like connection-state.ts.
//
// Storage: the session lives in memory and is mirrored to localStorage so a
// reload, or a second tab, stays signed in. Keeping the refresh token in
// localStorage means a script injected into the page could read it; that is
// accepted for this console (no third-party scripts, a strict same-origin
// deployment, rotation with reuse detection on the server, 30-day expiry).
// An HttpOnly cookie would be the stronger choice if the server ever offers
// one. The `storage` event keeps tabs in step: a refresh or sign-out in one
// tab is adopted by the others, so no tab keeps using a rotated-away refresh
// token (which would make the server revoke the whole session family).
import { useSyncExternalStore } from 'react';

import type { OrgUnitKind, Role, SessionFieldsFragment } from '../../gql/graphql';

export interface SessionUser {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly login: string;
  readonly orgUnit: { readonly id: string; readonly name: string; readonly kind: OrgUnitKind };
}

export interface Session {
  readonly accessToken: string;
  /** Milliseconds since the epoch, in the server's clock. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  /** Milliseconds since the epoch, in the server's clock. */
  readonly refreshTokenExpiresAt: number;
  readonly user: SessionUser;
}

/**
 * Why the last session ended: `signedOut` by the user, `expired` when the
 * refresh token was refused (expired, revoked, user disabled), `elsewhere`
 * when another tab signed out.
 */
export type SignOutReason = 'signedOut' | 'expired' | 'elsewhere';

export interface SessionState {
  readonly session: Session | null;
  readonly signOutReason: SignOutReason | null;
}

const STORAGE_KEY = 'gridline.session';

function sessionFromPayload(payload: Omit<SessionFieldsFragment, ' $fragmentName'>): Session {
  const { user } = payload;
  return {
    accessToken: payload.accessToken,
    accessTokenExpiresAt: Date.parse(payload.accessTokenExpiresAt),
    refreshToken: payload.refreshToken,
    refreshTokenExpiresAt: Date.parse(payload.refreshTokenExpiresAt),
    user: {
      id: user.id,
      name: user.name,
      role: user.role,
      login: user.login,
      orgUnit: { id: user.orgUnit.id, name: user.orgUnit.name, kind: user.orgUnit.kind },
    },
  };
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  const user = s['user'] as Record<string, unknown> | null | undefined;
  const orgUnit = user?.['orgUnit'] as Record<string, unknown> | null | undefined;
  return (
    typeof s['accessToken'] === 'string' &&
    typeof s['refreshToken'] === 'string' &&
    typeof s['accessTokenExpiresAt'] === 'number' &&
    typeof s['refreshTokenExpiresAt'] === 'number' &&
    typeof user?.['id'] === 'string' &&
    typeof user['name'] === 'string' &&
    typeof user['role'] === 'string' &&
    typeof user['login'] === 'string' &&
    typeof orgUnit?.['id'] === 'string' &&
    typeof orgUnit['name'] === 'string'
  );
}

function parseStored(text: string | null): Session | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!isSession(value)) return null;
    // A refresh token past its expiry cannot bring the session back.
    return value.refreshTokenExpiresAt > Date.now() ? value : null;
  } catch {
    return null;
  }
}

/** The session as another tab may have left it in localStorage. */
export function readStoredSession(): Session | null {
  try {
    return parseStored(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage blocked (private mode, policy): memory only
  }
}

function writeStored(session: Session | null): void {
  try {
    if (session) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Not remembered across reloads; this page still works.
  }
}

let state: SessionState = { session: readStoredSession(), signOutReason: null };
const listeners = new Set<(next: SessionState, previous: SessionState) => void>();

function update(next: SessionState): void {
  const previous = state;
  if (next.session === previous.session && next.signOutReason === previous.signOutReason) return;
  state = next;
  for (const listener of listeners) listener(next, previous);
}

export function getSessionState(): SessionState {
  return state;
}

export function getSession(): Session | null {
  return state.session;
}

/** Starts or renews the session from a `login` or `refreshSession` payload. */
export function setSessionFromPayload(payload: Omit<SessionFieldsFragment, ' $fragmentName'>): Session {
  const session = sessionFromPayload(payload);
  writeStored(session);
  update({ session, signOutReason: null });
  return session;
}

/** Takes over a session another tab stored (after it refreshed). */
export function adoptSession(session: Session): void {
  update({ session, signOutReason: null });
}

/** Ends the session here and in every tab. Does not tell the server (see use-sign-out.ts). */
export function clearSession(reason: SignOutReason): void {
  writeStored(null);
  if (!state.session) return;
  update({ session: null, signOutReason: reason });
}

/** Called with the new and the previous state on every change. */
export function subscribeSession(listener: (next: SessionState, previous: SessionState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  const stored = parseStored(event.newValue ?? null);
  if (stored) {
    if (stored.refreshToken !== state.session?.refreshToken) update({ session: stored, signOutReason: null });
  } else if (state.session) {
    update({ session: null, signOutReason: 'elsewhere' });
  }
});

function subscribeForReact(onChange: () => void): () => void {
  return subscribeSession(onChange);
}

export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribeForReact, getSessionState);
}
