// Personal data the server withheld. Without the pii:read permission a
// contact's phone (and e-mail, WeChat, ID numbers) comes back null, and the
// response's `extensions.redactions` lists the paths it blanked, e.g.
// ["customers", "edges", 3, "node", "contacts", 0, "phone"]. A null alone
// cannot tell "hidden" from "none on file", so this link notes each redacted
// field by the id of the object that holds it (`Contact id` + `phone`), and
// rows ask isRedacted() to show "—" with an explanation instead of a blank.
// Runs on HTTP and WebSocket results alike, before Apollo writes the cache.
import { useSyncExternalStore } from 'react';
import { ApolloLink } from '@apollo/client';
import { map } from 'rxjs';

interface Redaction {
  readonly path: ReadonlyArray<string | number>;
}

const redacted = new Set<string>();
let version = 0;
const listeners = new Set<() => void>();

const keyOf = (id: string, field: string) => `${id}\u0000${field}`;

function isRedactionList(value: unknown): value is Redaction[] {
  return Array.isArray(value) && value.every((r) => r && typeof r === 'object' && Array.isArray((r as Redaction).path));
}

/** The object at `path` in `data`, or undefined. */
function objectAt(data: unknown, path: ReadonlyArray<string | number>): Record<string, unknown> | undefined {
  let node: unknown = data;
  for (const segment of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

function record(data: unknown, redactions: readonly Redaction[]): void {
  let added = false;
  for (const { path } of redactions) {
    const field = path[path.length - 1];
    if (typeof field !== 'string') continue;
    const owner = objectAt(data, path.slice(0, -1));
    const id = owner?.['id'];
    if (typeof id !== 'string') continue;
    const key = keyOf(id, field);
    if (!redacted.has(key)) {
      redacted.add(key);
      added = true;
    }
  }
  if (added) {
    version += 1;
    for (const listener of listeners) listener();
  }
}

export const redactionLink = new ApolloLink((operation, forward) =>
  forward(operation).pipe(
    map((result) => {
      const redactions = result.extensions?.['redactions'];
      if ('data' in result && isRedactionList(redactions)) record(result.data, redactions);
      return result;
    }),
  ),
);

/** Forgets everything (on sign-out: the next user may see more). */
export function clearRedactions(): void {
  if (redacted.size === 0) return;
  redacted.clear();
  version += 1;
  for (const listener of listeners) listener();
}

export function isRedacted(id: string, field: string): boolean {
  return redacted.has(keyOf(id, field));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the caller when a new redaction arrives; then ask isRedacted(). */
export function useRedactionsVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
