// The one ApolloClient of the console. Queries and mutations go over HTTP
// POST to /graphql, signed by the auth link (auth-link.ts); subscriptions go
// over graphql-ws on the same path. Every result passes the redaction link
// (redactions.ts) first.
//
// The WebSocket belongs to a session: it is opened when someone signs in (or
// the page loads signed in), retried forever while signed in, and closed on
// sign-out. Before each (re)connect, connectionParams asks for a fresh
// access token (refreshed first when it is about to expire). The server
// closes the socket with 4403 when its token expires (every 15 minutes),
// is refused at connect, or the user is disabled; the console then marks
// that token rejected and reconnects at once, and connectionParams refreshes
// it. If the refresh is refused, the session ends and the console returns to
// the login page. Its state is published for the header's connection
// indicator (connection-state.ts); the customer list reloads after every
// reconnect, since events sent while the socket was down are not replayed.
import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { CloseCode, createClient, type Client } from 'graphql-ws';
import { of } from 'rxjs';

import { getAccessToken, rejectAccessToken } from '../features/auth/access-token';
import { getSession, subscribeSession } from '../features/auth/session-store';
import { authLink, NOT_SIGNED_IN } from './auth-link';
import { createCache } from './cache';
import { getConnectionState, resetConnectionState, updateConnectionState } from './connection-state';
import { GRAPHQL_PATH, webSocketUrl } from './endpoint';
import { clearRedactions, redactionLink } from './redactions';
import { clockedFetch } from './server-clock';

/**
 * graphql-ws's default backoff doubles without bound, which with infinite
 * retries would reach hours; a console on a wall screen should be back within
 * half a minute of the server.
 */
function retryWait(retries: number): Promise<void> {
  const base = Math.min(1_000 * 2 ** retries, 30_000);
  const jitter = Math.random() * 1_000;
  return new Promise((resolve) => setTimeout(resolve, base + jitter));
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return !!value && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'number';
}

/** A graphql-ws client for the current session; closed by the returned client's dispose(). */
function createSessionSocket(): Client {
  /** The token the current socket connected with, to report it when the server refuses it. */
  let socketToken: string | null = null;
  /** Set after a 4403 on a socket that had been up: reconnect without the backoff. */
  let reconnectNow = false;
  let disposed = false;

  const client = createClient({
    url: webSocketUrl(GRAPHQL_PATH),
    lazy: false,
    retryAttempts: Infinity,
    retryWait: (retries) => {
      if (reconnectNow) {
        reconnectNow = false;
        return Promise.resolve();
      }
      return retryWait(retries);
    },
    // A refused connection surfaces as an Error on some browsers, not a
    // CloseEvent; retry those too (graphql-ws still stops on fatal close
    // codes), and 4403 too: a refreshed token may be accepted.
    shouldRetry: () => !disposed,
    keepAlive: 15_000,
    connectionParams: async () => {
      let token: string | null;
      try {
        token = await getAccessToken();
      } catch {
        // The refresh could not reach the server: try with what we have;
        // a refusal (4403) brings us back here after the backoff.
        token = getSession()?.accessToken ?? null;
      }
      socketToken = token;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: (isRetry) => {
        if (disposed) return;
        updateConnectionState({ status: isRetry ? 'reconnecting' : 'connecting' });
      },
      connected: (_socket, _payload, wasRetry) => {
        if (disposed) return;
        const { reconnects } = getConnectionState();
        updateConnectionState({
          status: 'connected',
          reconnects: wasRetry ? reconnects + 1 : reconnects,
        });
      },
      closed: (event) => {
        if (disposed) return;
        if (isCloseEvent(event) && event.code === CloseCode.Forbidden && socketToken) {
          // Expired at the server, or refused at connect: refresh before the next try.
          reconnectNow = getConnectionState().status === 'connected';
          rejectAccessToken(socketToken);
        }
        if (getConnectionState().status !== 'failed') {
          updateConnectionState({ status: 'reconnecting' });
        }
      },
    },
    onNonLazyError: (errorOrCloseEvent) => {
      if (disposed) return;
      console.error('GraphQL WebSocket gave up', errorOrCloseEvent);
      updateConnectionState({ status: 'failed' });
    },
  });

  const dispose = client.dispose.bind(client);
  client.dispose = () => {
    disposed = true;
    return dispose();
  };
  return client;
}

let socket: Client | null = null;
let socketLink: GraphQLWsLink | null = null;

function openSocket(): void {
  closeSocket();
  socket = createSessionSocket();
  socketLink = new GraphQLWsLink(socket);
}

function closeSocket(): void {
  const previous = socket;
  socket = null;
  socketLink = null;
  resetConnectionState();
  void previous?.dispose();
}

/** Subscriptions use the session's socket; without a session they end at once, unauthenticated. */
const subscriptionLink = new ApolloLink((operation) => (socketLink ? socketLink.request(operation) : of(NOT_SIGNED_IN)));

const httpLink = new HttpLink({ uri: GRAPHQL_PATH, fetch: clockedFetch });

export const apolloClient = new ApolloClient({
  link: ApolloLink.from([
    redactionLink,
    ApolloLink.split(
      ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
      subscriptionLink,
      ApolloLink.from([authLink, httpLink]),
    ),
  ]),
  cache: createCache(),
  dataMasking: true,
  devtools: { enabled: import.meta.env.DEV },
});

// Session lifecycle: a socket per session, and nothing of one user's data
// left in the cache for the next one.
if (getSession()) openSocket();
subscribeSession((next, previous) => {
  const before = previous.session;
  const after = next.session;
  if (before && !after) {
    closeSocket();
    clearRedactions();
    // clearStore, not resetStore: nothing is refetched; the console is gone.
    void apolloClient.clearStore();
  } else if (!before && after) {
    openSocket();
  } else if (before && after && before.user.id !== after.user.id) {
    // Another tab signed in as someone else: start over as that user.
    openSocket();
    clearRedactions();
    void apolloClient.resetStore().catch(() => undefined);
  }
});
