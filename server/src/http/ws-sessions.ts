/**
 * WebSocket sessions: each socket's viewer, checked in onConnect. A socket
 * closes with 4403 when its access token expires, its user is disabled (or
 * gets another role or org unit) or
 * its API key is revoked or rotated — the moment that change commits, on
 * every instance, through the event bus.
 */
import type { WebSocket } from 'ws';
import { CloseCode } from 'graphql-ws';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { AuthenticatedViewer } from '../modules/auth/viewer.js';

interface Session {
  viewer: AuthenticatedViewer;
  timer: NodeJS.Timeout | null;
}

/** setTimeout's longest delay; an expiry further away is re-armed. */
const MAX_DELAY = 2_147_483_647;

export class WsSessions {
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly stopListening: () => void;

  constructor(events: EventBus, private readonly logger: Logger) {
    const iterator = events.subscribe()[Symbol.asyncIterator]();
    let stopped = false;
    void (async () => {
      while (!stopped) {
        const { value: event, done } = await iterator.next();
        if (done) return;
        if (event.kind === 'auth.user_disabled') this.closeWhere((v) => v.kind === 'user' && v.userId === event.payload.userId, 'User disabled');
        if (event.kind === 'auth.user_access_changed') this.closeWhere((v) => v.kind === 'user' && v.userId === event.payload.userId, 'User role or org unit changed');
        if (event.kind === 'auth.api_key_revoked') this.closeWhere((v) => v.kind === 'apiKey' && v.apiKeyId === event.payload.apiKeyId, 'API key revoked');
      }
    })();
    this.stopListening = () => {
      stopped = true;
      void iterator.return?.();
    };
  }

  add(socket: WebSocket, viewer: AuthenticatedViewer): void {
    const session: Session = { viewer, timer: null };
    this.sessions.set(socket, session);
    if (viewer.kind === 'user') this.armExpiry(socket, session, viewer.expiresAt);
  }

  remove(socket: WebSocket): void {
    const session = this.sessions.get(socket);
    if (session?.timer) clearTimeout(session.timer);
    this.sessions.delete(socket);
  }

  get size(): number {
    return this.sessions.size;
  }

  stop(): void {
    this.stopListening();
    for (const socket of [...this.sessions.keys()]) this.remove(socket);
  }

  private armExpiry(socket: WebSocket, session: Session, expiresAt: Date): void {
    const delay = expiresAt.getTime() - Date.now();
    session.timer = setTimeout(
      () => (delay > MAX_DELAY ? this.armExpiry(socket, session, expiresAt) : this.close(socket, 'Access token expired')),
      Math.max(0, Math.min(delay, MAX_DELAY)),
    );
    session.timer.unref();
  }

  private closeWhere(match: (viewer: AuthenticatedViewer) => boolean, reason: string): void {
    for (const [socket, session] of this.sessions) if (match(session.viewer)) this.close(socket, reason);
  }

  private close(socket: WebSocket, reason: string): void {
    this.logger.info({ reason }, 'closing WebSocket session');
    this.remove(socket);
    socket.close(CloseCode.Forbidden, reason);
  }
}
