// Where the API is: /graphql on the console's own origin, for HTTP POST and
// for graphql-ws (the server, and Vite's proxy in development, serve both).
export const GRAPHQL_PATH = '/graphql';

/** ws://host/graphql on http pages, wss://host/graphql on https pages. */
export function webSocketUrl(path: string = GRAPHQL_PATH): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
