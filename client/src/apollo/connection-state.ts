// The WebSocket connection's state, kept outside React (the graphql-ws client
// is created per session, outside any component) and read in React through
// useSyncExternalStore, so the header indicator and the customer list see
// the same value without a context provider.
import { useSyncExternalStore } from 'react';

/**
 * `connecting`: first attempt, never connected yet. `connected`: the server
 * acknowledged the socket. `reconnecting`: the socket dropped and graphql-ws
 * is retrying. `failed`: graphql-ws gave up (a close code it treats as fatal,
 * e.g. 4500); only a page reload recovers.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** How many times the socket came back after a drop; a change means events may have been missed. */
  readonly reconnects: number;
}

let state: ConnectionState = { status: 'connecting', reconnects: 0 };
const listeners = new Set<() => void>();

export function updateConnectionState(patch: Partial<ConnectionState>): void {
  const next = { ...state, ...patch };
  if (next.status === state.status && next.reconnects === state.reconnects) return;
  state = next;
  for (const listener of listeners) listener();
}

/** Back to the start (a new session's socket; or none, signed out). */
export function resetConnectionState(): void {
  updateConnectionState({ status: 'connecting', reconnects: 0 });
}

export function getConnectionState(): ConnectionState {
  return state;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, getConnectionState);
}
