/**
 * The event bus of one server instance: a single LISTEN connection to
 * PostgreSQL that receives the ids of committed domain events, reads the rows
 * and fans them out in-process to every subscription of this instance.
 * If the connection drops, it reconnects and catches up from the last id seen.
 */
import pg from 'pg';
import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Logger } from 'pino';
import { EVENTS_CHANNEL, EVENT_COLUMNS, type DomainEvent } from './domain-events.js';

/** Every subscription of the instance listens here: thousands, not Node's default warning threshold of 10. */
function unlimitedEventTarget(): EventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target;
}

export class EventBus {
  private readonly pubsub = createPubSub<{ domainEvent: [DomainEvent] }>({ eventTarget: unlimitedEventTarget() });
  private client: pg.Client | null = null;
  private lastSeenId = 0n;
  private pending: string[] = [];
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
      if (msg.channel === EVENTS_CHANNEL && msg.payload) this.enqueue(msg.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
    if (this.lastSeenId === 0n) {
      const { rows } = await client.query<{ max: string | null }>('select max(id)::text as max from domain_event');
      this.lastSeenId = BigInt(rows[0]?.max ?? 0);
    } else {
      await this.catchUp();
    }
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

  private enqueue(id: string): void {
    this.pending.push(id);
    this.scheduleDrain();
  }

  /** One read at a time; ids that arrive meanwhile go into the next read. */
  private scheduleDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.pending.length) this.scheduleDrain();
    });
  }

  /** Reads queued events in one statement and publishes them in id order. */
  private async drain(): Promise<void> {
    await Promise.resolve();
    const ids = this.pending.splice(0);
    const client = this.client;
    if (!client || ids.length === 0) return;
    try {
      const { rows } = await client.query<DomainEvent>(
        `select ${EVENT_COLUMNS} from domain_event where id = any($1::bigint[]) order by id`,
        [ids],
      );
      this.publish(rows);
    } catch (err) {
      this.logger.error({ err }, 'event bus could not read events');
    }
  }

  /** After a reconnect: everything committed since the last event seen. */
  private async catchUp(): Promise<void> {
    const { rows } = await this.client!.query<DomainEvent>(
      `select ${EVENT_COLUMNS} from domain_event where id > $1 order by id limit 10000`,
      [this.lastSeenId.toString()],
    );
    this.publish(rows);
  }

  private publish(rows: DomainEvent[]): void {
    for (const event of rows) {
      const id = BigInt(event.id);
      if (id > this.lastSeenId) this.lastSeenId = id;
      this.pubsub.publish('domainEvent', event);
    }
  }
}
