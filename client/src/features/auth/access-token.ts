// Hands out a usable access token, refreshing it when needed.
//
// Access tokens live 15 minutes. A token is refreshed (refreshSession, which
// also rotates the refresh token) when it expires within REFRESH_MARGIN_MS
// by the server's clock, or when the server rejected it (an HTTP 401 or a
// WebSocket close 4403 reported through rejectAccessToken). Refreshing is
// single-flight: every caller that needs a new token while one refresh is
// running waits for that refresh. Because refresh tokens work once, tabs
// must not refresh at the same time either: the refresh runs under a Web
// Lock shared by the tabs of this origin, and re-reads the stored session
// first, so a tab that waited adopts the token the other tab just got.
//
// When the server refuses the refresh token (expired, revoked, reused, user
// disabled) the session ends here (clearSession('expired')) and the console
// shows the login page. A refresh that fails for another reason (server
// unreachable, 5xx) keeps the session and throws, so the request that
// needed the token fails like any network error and can be retried.
import { print } from 'graphql';

import { GRAPHQL_PATH } from '../../apollo/endpoint';
import { noteServerDate, serverNow } from '../../apollo/server-clock';
import type { RefreshSessionMutation } from '../../gql/graphql';
import { refreshSessionMutation } from './auth-operations';
import {
  adoptSession,
  clearSession,
  getSession,
  readStoredSession,
  setSessionFromPayload,
  type Session,
} from './session-store';

/** Refresh when the access token has less than this left. */
export const REFRESH_MARGIN_MS = 60_000;
const LOCK_NAME = 'gridline.session-refresh';
/** A refresh holds the tabs' lock; one that hangs must not hold it for ever. */
const REFRESH_TIMEOUT_MS = 15_000;
const REFRESH_QUERY = print(refreshSessionMutation);

/** A refresh that failed without the server refusing the session (network, 5xx). */
export class RefreshUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefreshUnavailableError';
  }
}

/** The last access token the server refused; a session still holding it must refresh. */
let rejectedToken: string | null = null;
let inFlight: Promise<string | null> | null = null;

function needsRefresh(session: Session): boolean {
  return session.accessToken === rejectedToken || session.accessTokenExpiresAt - serverNow() < REFRESH_MARGIN_MS;
}

/** Tells that the server refused this access token (HTTP 401, WebSocket 4403). */
export function rejectAccessToken(token: string): void {
  rejectedToken = token;
}

/**
 * A fresh access token, or null when signed out (including when the refresh
 * was refused, which signs out). Throws RefreshUnavailableError when a needed
 * refresh could not reach the server.
 */
export async function getAccessToken(): Promise<string | null> {
  const session = getSession();
  if (!session) return null;
  if (!needsRefresh(session)) return session.accessToken;
  inFlight ??= withTabLock(refreshSession).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function withTabLock<T>(task: () => Promise<T>): Promise<T> {
  // Web Locks exist in every browser the console supports; without them
  // (an old embedded browser) a refresh is single-flight in this tab only.
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(LOCK_NAME, task);
  }
  return task();
}

async function refreshSession(): Promise<string | null> {
  // Another tab may have refreshed while this one waited for the lock: its
  // result is in storage (the `storage` event may not have arrived yet).
  const stored = readStoredSession();
  const current = getSession();
  if (!current) return null;
  if (stored && stored.user.id === current.user.id && stored.refreshToken !== current.refreshToken) {
    adoptSession(stored);
  }
  const session = getSession();
  if (!session) return null;
  if (!needsRefresh(session)) return session.accessToken;

  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
      },
      body: JSON.stringify({
        operationName: 'RefreshSession',
        query: REFRESH_QUERY,
        variables: { input: { refreshToken: session.refreshToken } },
      }),
      signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RefreshUnavailableError(error instanceof Error ? error.message : String(error));
  }
  noteServerDate(response);

  let body: { data?: RefreshSessionMutation | null; errors?: Array<{ message?: string; extensions?: Record<string, unknown> }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new RefreshUnavailableError(`The server answered ${response.status} without a GraphQL body`);
  }

  const payload = body.data?.refreshSession;
  if (payload) {
    // Only this session's own result counts: a sign-out meanwhile wins.
    if (getSession()?.refreshToken !== session.refreshToken) return getSession()?.accessToken ?? null;
    return setSessionFromPayload(payload).accessToken;
  }

  const code = body.errors?.[0]?.extensions?.['code'];
  if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') {
    // The refresh token is gone for good: expired, revoked, reused, or the user was disabled.
    if (getSession()?.refreshToken === session.refreshToken) clearSession('expired');
    return getSession()?.accessToken ?? null;
  }
  throw new RefreshUnavailableError(body.errors?.[0]?.message ?? `The server answered ${response.status}`);
}
