/**
 * A TCP proxy between the server and PostgreSQL that understands just enough
 * of the frontend protocol (startup packet, then typed messages: 1-byte type,
 * int32 length) to see each statement the server sends, and can cut the
 * connection around a COMMIT:
 *   - 'drop-before': the COMMIT never reaches PostgreSQL; the transaction is
 *     rolled back when the backend sees the connection go, the server sees an
 *     error;
 *   - 'drop-after': the COMMIT is delivered (PostgreSQL commits), but its
 *     answer never reaches the server: the ambiguous case, a write that
 *     succeeded while its caller was told it failed.
 */
import net from 'node:net';

export type CommitAction = 'forward' | 'drop-before' | 'drop-after';

export interface TcpProxy {
  port: number;
  /** The database URL, with host and port swapped for the proxy's. */
  urlFor(databaseUrl: string): string;
  /** Decides, for every COMMIT seen, what to do with it (default: forward). */
  onCommit(decide: ((sql: string) => CommitAction) | null): void;
  /**
   * On: PostgreSQL "stops answering" (a network black hole): what the server
   * sends is swallowed, connections stay open and nothing comes back. Off:
   * the connections that lost data are cut (they cannot resynchronise) and
   * the rest flows again.
   */
  blackhole(on: boolean): void;
  /** How many COMMITs were forwarded or dropped, and connections accepted. */
  stats: { forwarded: number; droppedBefore: number; droppedAfter: number; connections: number };
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const COMMIT = /\bcommit\b/i;

/** The SQL text of a simple Query ('Q') or an extended Parse ('P') message; null otherwise. */
function sqlOf(type: number, body: Buffer): string | null {
  if (type === 0x51 /* Q */) return body.toString('utf8', 0, Math.max(0, body.indexOf(0)));
  if (type === 0x50 /* P */) {
    const nameEnd = body.indexOf(0);
    const queryEnd = body.indexOf(0, nameEnd + 1);
    return body.toString('utf8', nameEnd + 1, queryEnd < 0 ? body.length : queryEnd);
  }
  return null;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let decide: ((sql: string) => CommitAction) | null = null;
  const stats = { forwarded: 0, droppedBefore: 0, droppedAfter: 0, connections: 0 };
  const sockets = new Set<net.Socket>();
  let swallowing = false;
  /** Connections that lost data to the black hole: cut when it closes. */
  const poisoned = new Set<net.Socket>();

  const server = net.createServer((client) => {
    stats.connections += 1;
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let startup = true;
    let pending: Buffer = Buffer.alloc(0);
    /** Set once the connection is being cut: nothing more flows either way. */
    let cut = false;
    client.on('close', () => {
      sockets.delete(client);
      if (!cut) upstream.end();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (!cut) client.destroy();
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (swallowing) {
        poisoned.add(client);
        return;
      }
      client.write(chunk);
    });

    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (swallowing) {
        poisoned.add(client);
        return;
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let forwardUpTo = 0;
      for (;;) {
        const offset = forwardUpTo;
        if (startup) {
          if (pending.length - offset < 8) break;
          const length = pending.readInt32BE(offset);
          if (pending.length - offset < length) break;
          const code = pending.readInt32BE(offset + 4);
          forwardUpTo = offset + length;
          // After an SSL/GSS request the real startup packet follows, still untyped.
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) startup = false;
          continue;
        }
        if (pending.length - offset < 5) break;
        const type = pending[offset]!;
        const length = pending.readInt32BE(offset + 1);
        if (pending.length - offset < 1 + length) break;
        const end = offset + 1 + length;
        const sql = sqlOf(type, pending.subarray(offset + 5, end));
        const action = sql !== null && COMMIT.test(sql) && decide ? decide(sql) : 'forward';
        if (sql !== null && COMMIT.test(sql) && action === 'forward') stats.forwarded += 1;
        if (action === 'drop-before') {
          stats.droppedBefore += 1;
          if (offset > 0) upstream.write(pending.subarray(0, offset));
          // Let what came before reach PostgreSQL, then cut: the COMMIT itself never does.
          cut = true;
          client.destroy();
          upstream.end(() => upstream.destroy());
          return;
        }
        if (action === 'drop-after') {
          stats.droppedAfter += 1;
          cut = true;
          client.destroy();
          // Deliver through the COMMIT, then half-close: PostgreSQL commits, answers into the void, sees EOF.
          upstream.on('data', () => undefined);
          upstream.end(pending.subarray(0, end));
          setTimeout(() => upstream.destroy(), 5_000).unref();
          return;
        }
        forwardUpTo = end;
      }
      if (forwardUpTo > 0) {
        upstream.write(pending.subarray(0, forwardUpTo));
        pending = pending.subarray(forwardUpTo);
      }
    });
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    urlFor(databaseUrl: string) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    onCommit(fn) {
      decide = fn;
    },
    blackhole(on) {
      swallowing = on;
      if (on) return;
      for (const socket of poisoned) socket.destroy();
      poisoned.clear();
    },
    stats,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
