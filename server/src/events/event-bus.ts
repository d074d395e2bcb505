/**
 * The event bus of one server instance: a single LISTEN connection to
 * PostgreSQL. Each committing transaction that recorded events sends ONE
 * notify carrying its highest commit-order `seq` (domain-events.ts,
 * Migration20261126070000_one_notify); the bus then reads every event after
 * the last seq it saw, in seq order, and fans them out in-process to every
 * subscription of this instance. Seq (unlike id) follows commit order, so an
 * event whose id was drawn early but committed late is never skipped. If the
 * connection drops, it reconnects and catches up the same way.
 */
import pg from 'pg';
import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Logger } from 'pino';
import { EVENTS_CHANNEL, EVENT_COLUMNS, type DomainEvent } from './domain-events.js';

/** Events read per query; a big batch (a 1000-account campaign) takes a few pages. */
const PAGE_SIZE = 1000;

/** Every subscription of the instance listens here: thousands, not Node's default warning threshold of 10. */
function unlimitedEventTarget(): EventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target;
}

export class EventBus {
  private readonly pubsub = createPubSub<{ domainEvent: [DomainEvent] }>({ eventTarget: unlimitedEventTarget() });
  private client: pg.Client | null = null;
  /** Highest commit-order seq published (or present at start). */
  private lastSeenSeq = 0n;
  /** Highest seq announced by a notify and not yet read. */
  private announcedSeq = 0n;
  /** Whether the start mark was taken (on the first connect only; a reconnect catches up from lastSeenSeq). */
  private marked = false;
  private draining: Promise<void> | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  /** Every committed domain event from now on. */
  subscribe(): AsyncIterable<DomainEvent> {
    return this.pubsub.subscribe('domainEvent');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.draining;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'gridline-events' });
    client.on('error', (err) => this.onConnectionLost(client, err));
    client.on('end', () => this.onConnectionLost(client, new Error('connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL && msg.payload) this.announce(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (!this.marked) {
        // The start mark: what committed before it is history, everything after it is published.
        const { rows } = await client.query<{ max: string | null }>('select max(seq)::text as max from domain_event');
        this.lastSeenSeq = BigInt(rows[0]?.max ?? 0);
        this.marked = true;
      }
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    // Reads go through this.client, so it is set only once the setup queries are done.
    this.client = client;
    // After a reconnect: whatever committed while the connection was down (and any notify that came during setup).
    this.scheduleDrain();
  }

  private onConnectionLost(client: pg.Client, err: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    this.logger.warn({ err }, 'event bus lost its LISTEN connection; reconnecting');
    const retry = (delay: number) => {
      this.reconnectTimer = setTimeout(() => {
        this.connect().catch((error: unknown) => {
          this.logger.warn({ err: error }, 'event bus reconnect failed');
          if (!this.stopped) retry(Math.min(delay * 2, 5_000));
        });
      }, delay);
    };
    retry(100);
  }

  /** A transaction committed events up to `payload` (its highest seq). */
  private announce(payload: string): void {
    let seq: bigint;
    try {
      seq = BigInt(payload);
    } catch {
      return;
    }
    if (seq <= this.lastSeenSeq) return; // already read with an earlier notify's batch
    if (seq > this.announcedSeq) this.announcedSeq = seq;
    this.scheduleDrain();
  }

  /** One read at a time; notifies that arrive meanwhile trigger the next read. */
  private scheduleDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (!this.stopped && this.client && this.announcedSeq > this.lastSeenSeq) this.scheduleDrain();
    });
  }

  /**
   * Reads everything committed after the last seq seen, in pages, and
   * publishes it in commit order. Once seq N is visible every lower seq is
   * (the commit trigger holds its lock until the commit is visible), so
   * "after the last seen" loses nothing.
   */
  private async drain(): Promise<void> {
    await Promise.resolve();
    const client = this.client;
    if (!client) return;
    try {
      for (;;) {
        const { rows } = await client.query<DomainEvent & { seq: string }>(
          `select seq::text as seq, ${EVENT_COLUMNS} from domain_event where seq > $1 order by seq limit ${PAGE_SIZE}`,
          [this.lastSeenSeq.toString()],
        );
        this.publish(rows);
        if (rows.length < PAGE_SIZE) return;
      }
    } catch (err) {
      // No tight retry loop: the next notify (or reconnect) reads from the same seq again.
      this.announcedSeq = this.lastSeenSeq;
      this.logger.error({ err }, 'event bus could not read events');
    }
  }

  private publish(rows: Array<DomainEvent & { seq: string }>): void {
    for (const { seq, ...event } of rows) {
      const position = BigInt(seq);
      if (position > this.lastSeenSeq) this.lastSeenSeq = position;
      this.pubsub.publish('domainEvent', event);
    }
  }
}
