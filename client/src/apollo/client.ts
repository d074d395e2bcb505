// The one ApolloClient of the console. Queries and mutations go over HTTP
// POST to /graphql; subscriptions go over graphql-ws on the same path (the
// server and, in development, Vite's proxy both serve the two there). The
// socket is opened at start and retried forever, and its state is published
// for the header's connection indicator (connection-state.ts).
import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

import { createCache } from './cache';
import { getConnectionState, updateConnectionState } from './connection-state';

const GRAPHQL_PATH = '/graphql';

/** ws://host/graphql on http pages, wss://host/graphql on https pages. */
function webSocketUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

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

export const wsClient = createClient({
  url: webSocketUrl(GRAPHQL_PATH),
  lazy: false,
  retryAttempts: Infinity,
  retryWait,
  // A refused connection surfaces as an Error on some browsers, not a
  // CloseEvent; retry those too (graphql-ws still stops on fatal close codes).
  shouldRetry: () => true,
  keepAlive: 15_000,
  on: {
    connecting: (isRetry) => {
      updateConnectionState({ status: isRetry ? 'reconnecting' : 'connecting' });
    },
    connected: (_socket, _payload, wasRetry) => {
      const { reconnects } = getConnectionState();
      updateConnectionState({
        status: 'connected',
        reconnects: wasRetry ? reconnects + 1 : reconnects,
      });
    },
    closed: () => {
      if (getConnectionState().status !== 'failed') {
        updateConnectionState({ status: 'reconnecting' });
      }
    },
  },
  onNonLazyError: (errorOrCloseEvent) => {
    console.error('GraphQL WebSocket gave up', errorOrCloseEvent);
    updateConnectionState({ status: 'failed' });
  },
});

const httpLink = new HttpLink({ uri: GRAPHQL_PATH });
const wsLink = new GraphQLWsLink(wsClient);

export const apolloClient = new ApolloClient({
  link: ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    wsLink,
    httpLink,
  ),
  cache: createCache(),
  dataMasking: true,
  devtools: { enabled: import.meta.env.DEV },
});
