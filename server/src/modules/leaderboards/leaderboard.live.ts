/**
 * Live leaderboards (issue 7 item 3; DESIGN.md "Real time"): one instance per
 * server, fed by the instance's event bus, so a board only moves for facts
 * whose transaction committed, and no notify is added to the writers. An event
 * marks the boards it may move dirty; each dirty board is recomputed ONCE per
 * window (GRIDLINE_LEADERBOARD_PUSH_MS) and the result pushed to all its
 * subscribers, so a burst of writes costs one read per board per window, not
 * one per write or per subscriber. Each push carries the ranked rows, their
 * change since the board's previous push and since yesterday.
 *
 * At midnight in the company time zone (read from the injectable clock) the
 * day just ended is frozen as a snapshot, and a quarter's ranking when the
 * quarter ended; boards that follow "today" are pushed afresh, starting from
 * zero for the new day.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Repeater } from '@graphql-yoga/subscription';
import type { EventBus } from '../../events/event-bus.js';
import type { DomainEvent } from '../../events/domain-events.js';
import { addDays, todayIn } from '../../calendar.js';
import { now } from '../../clock.js';
import { isInSubtree } from '../org/org.service.js';
import { Metric, PeriodKind, periodOf } from '../metrics/metric.enums.js';
import { boardKey, freezeBoards, readBoard, type Board, type BoardSpec } from './leaderboard.service.js';

/** The metrics a committed domain event may move. */
export function metricsMovedBy(event: DomainEvent): Metric[] {
  switch (event.kind) {
    case 'visit.logged':
      return [Metric.VISITS, Metric.KEY_ACCOUNTS_COVERED];
    case 'customer.created':
    case 'customer.updated':
      return event.payload.developedAt || event.payload.fromStatus === 'PROSPECT' ? [Metric.NEW_ACCOUNTS, Metric.PROSPECTS_CONVERTED] : [];
    case 'receivables.payment_recorded':
    case 'receivables.payments_recorded':
      return [Metric.AMOUNT_COLLECTED, Metric.COLLECTION_RATE, Metric.ARREARS_REDUCED];
    case 'receivables.bill_recorded':
    case 'receivables.bills_imported':
    case 'receivables.adjustment_recorded':
      return [Metric.COLLECTION_RATE];
    case 'receivables.payment_refunded':
      return [Metric.AMOUNT_COLLECTED];
    default:
      return [];
  }
}

interface LiveBoard {
  spec: BoardSpec;
  subscribers: Set<(board: Board) => void>;
  timer: NodeJS.Timeout | null;
  computing: boolean;
  dirtyWhileComputing: boolean;
  /** Ranks of the last push, for "change since the previous push". */
  lastRanks: Map<number, number> | null;
  last: Board | null;
}

export interface LiveBoardOptions {
  pushMs: number;
  topN: number;
  /** How often the clock is checked for midnight. */
  tickMs?: number;
  timeZone?: string;
}

export class LiveBoards {
  private readonly boards = new Map<string, LiveBoard>();
  private events: AsyncIterator<DomainEvent> | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private today: string;
  private rolling: Promise<void> | null = null;
  /** Pushes sent, by board key: the bench reads it. */
  readonly pushes = new Map<string, number>();

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly options: LiveBoardOptions,
  ) {
    this.today = this.currentDay();
  }

  start(): void {
    const iterator = this.bus.subscribe()[Symbol.asyncIterator]();
    this.events = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        this.onEvent(next.value);
      }
    })().catch((err: unknown) => this.logger.error({ err }, 'leaderboards stopped listening'));
    this.ticker = setInterval(() => void this.tick(), this.options.tickMs ?? 1000);
    this.ticker.unref();
    // No instance may have been up at the last midnight: freeze what ended then, unless already frozen.
    this.rolling = this.freezeEnded(this.today).finally(() => {
      this.rolling = null;
    });
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await this.events?.return?.();
    for (const board of this.boards.values()) if (board.timer) clearTimeout(board.timer);
    this.boards.clear();
    await this.rolling;
  }

  /** The last pushed ranks of a board, for a query's "since the previous push". */
  lastRanksOf(spec: BoardSpec): Map<number, number> | null {
    return this.boards.get(boardKey(spec))?.lastRanks ?? null;
  }

  /** Today in the company time zone, by the (injectable) clock. */
  currentDay(): string {
    return todayIn(this.options.timeZone, now());
  }

  /** Pushes of `spec`'s board: its current state at once, then one push per window while facts move it. */
  subscribe(spec: BoardSpec): AsyncIterable<Board> {
    const key = boardKey(spec);
    return new Repeater<Board>(async (push, stop) => {
      let board = this.boards.get(key);
      if (!board) {
        board = { spec, subscribers: new Set(), timer: null, computing: false, dirtyWhileComputing: false, lastRanks: null, last: null };
        this.boards.set(key, board);
      }
      const listener = (value: Board) => void push(value);
      board.subscribers.add(listener);
      if (board.last) void push(board.last);
      else this.schedule(board, 0);
      await stop;
      board.subscribers.delete(listener);
      if (board.subscribers.size === 0 && this.boards.get(key) === board) {
        if (board.timer) clearTimeout(board.timer);
        this.boards.delete(key);
      }
    });
  }

  /** Checks the clock; at a new day, freezes what ended and pushes the boards that follow today. */
  tick(): Promise<void> {
    const day = this.currentDay();
    if (day === this.today || this.rolling) return this.rolling ?? Promise.resolve();
    this.today = day;
    this.rolling = this.rollOver(day).finally(() => {
      this.rolling = null;
    });
    return this.rolling;
  }

  /** Freezes the day before `day` (and its quarter when it ended it); idempotent across instances. */
  private async freezeEnded(day: string): Promise<void> {
    const ended = addDays(day, -1);
    try {
      const em = this.orm.em.fork();
      await freezeBoards(em, PeriodKind.DAY, ended, this.options.topN);
      if (periodOf(PeriodKind.QUARTER, ended).end === ended) await freezeBoards(em, PeriodKind.QUARTER, ended, this.options.topN);
    } catch (err) {
      this.logger.error({ err, day: ended }, 'leaderboards could not freeze the day');
    }
  }

  private async rollOver(day: string): Promise<void> {
    const ended = addDays(day, -1);
    await this.freezeEnded(day);
    for (const board of this.boards.values()) {
      if (board.spec.date !== null) continue;
      // A new period: ranks of the old one say nothing about "since the previous push".
      if (periodOf(board.spec.periodKind, day).start !== periodOf(board.spec.periodKind, ended).start) board.lastRanks = null;
      this.schedule(board, 0);
    }
  }

  private onEvent(event: DomainEvent): void {
    const moved = metricsMovedBy(event);
    if (moved.length === 0) return;
    for (const board of this.boards.values()) {
      if (!moved.includes(board.spec.metric)) continue;
      // Batches carry no customer and may touch any unit: treat them as everywhere.
      if (event.customerId !== null && !isInSubtree(event.orgPath, board.spec.root.path)) continue;
      this.schedule(board, this.options.pushMs);
    }
  }

  private schedule(board: LiveBoard, delay: number): void {
    if (board.computing) {
      board.dirtyWhileComputing = true;
      return;
    }
    if (board.timer) return;
    board.timer = setTimeout(() => void this.flush(board), delay);
  }

  private async flush(board: LiveBoard): Promise<void> {
    board.timer = null;
    board.computing = true;
    board.dirtyWhileComputing = false;
    try {
      const result = await readBoard(this.orm.em.fork(), board.spec, this.today, board.lastRanks, this.options.topN);
      board.lastRanks = new Map(result.rows.map((r) => [r.id, r.rank]));
      board.last = result;
      const key = boardKey(board.spec);
      this.pushes.set(key, (this.pushes.get(key) ?? 0) + 1);
      for (const subscriber of board.subscribers) subscriber(result);
    } catch (err) {
      this.logger.error({ err }, 'leaderboard push failed');
    } finally {
      board.computing = false;
      if (board.dirtyWhileComputing && this.boards.has(boardKey(board.spec))) this.schedule(board, this.options.pushMs);
    }
  }
}

const instances = new WeakMap<EventBus, LiveBoards>();
const running = new Set<LiveBoards>();

/** Starts the live boards of a server instance (startGridline). */
export function startLiveBoards(orm: MikroORM, bus: EventBus, logger: Logger, options: LiveBoardOptions): LiveBoards {
  const live = new LiveBoards(orm, bus, logger, options);
  live.start();
  instances.set(bus, live);
  running.add(live);
  const stop = live.stop.bind(live);
  live.stop = async () => {
    running.delete(live);
    await stop();
  };
  return live;
}

/** The live boards of the instance whose event bus this is. */
export function liveBoardsOf(bus: EventBus): LiveBoards | null {
  return instances.get(bus) ?? null;
}

/** Test and bench hook: every instance checks the clock now (midnight roll-over without waiting for the ticker). */
export async function tickLiveBoards(): Promise<void> {
  await Promise.all([...running].map((live) => live.tick()));
}

/** Bench hook: pushes sent by every running instance. */
export function livePushCounts(): number {
  let total = 0;
  for (const live of running) for (const count of live.pushes.values()) total += count;
  return total;
}
