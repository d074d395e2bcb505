/**
 * Subscribers across server restarts (issue 10; DESIGN.md "Real time": a
 * reconnecting console loses nothing, even across a server restart). Many
 * graphql-ws clients follow `arrearsAlerts`; the server they talk to (a child
 * process) is stopped gracefully, then SIGKILLed, and restarted on the same
 * port. Each client reconnects with `since` = the last seq it saw. Alerts keep
 * being raised through a second server instance on the same database, also
 * while the first is down. Every subscriber must end with every alert exactly
 * once, in seq order. Shared by the CI-size test and the stress-size one.
 */
import WebSocket from 'ws';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { cloneTemplate, startTestServer, type TestServer } from '../support/harness.js';
import { killServerProcesses, loginHeader, startServerProcess, waitUntil, type ServerProcess } from '../support/server-process.js';

const FOLLOW = `subscription($since: ID) { arrearsAlerts(since: $since, filter: { kinds: [ARREARS_OVER_THRESHOLD] }) { seq alert { id kind } } }`;
const BILL = `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`;

/** A subscriber that reconnects with `since` = the last seq it saw whenever its connection ends. */
class Follower {
  readonly seqs: string[] = [];
  readonly errors: string[] = [];
  connections = 0;
  private client: WsClient | null = null;
  private stopped = false;
  private delay = 100;

  constructor(
    private readonly url: string,
    private readonly authorization: string,
    private last: string,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.connections += 1;
    const client = createClient({
      url: this.url,
      webSocketImpl: WebSocket,
      lazy: true,
      // Reconnecting is this class's job: graphql-ws would resubscribe with the ORIGINAL `since`.
      retryAttempts: 0,
      connectionParams: { authorization: this.authorization },
      on: { connected: () => (this.delay = 100) },
    });
    this.client = client;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      void client.dispose();
      if (this.stopped) return;
      // Back off (with jitter) while the server is away; a thousand clients must not hammer a closed port.
      this.delay = Math.min(this.delay * 2, 1_000);
      setTimeout(() => this.start(), this.delay / 2 + Math.random() * this.delay);
    };
    client.subscribe<{ arrearsAlerts: { seq: string } }>(
      { query: FOLLOW, variables: { since: this.last } },
      {
        next: (value) => {
          if (value.errors || !value.data) {
            this.errors.push(JSON.stringify(value.errors));
            return;
          }
          this.seqs.push(value.data.arrearsAlerts.seq);
          this.last = value.data.arrearsAlerts.seq;
        },
        error: end,
        complete: end,
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.dispose();
  }
}

export function defineSubscriberRestartTests(subscribers: number): void {
  let clone: { url: string; drop(): Promise<void> };
  /** The server the subscribers follow; restarted. */
  let followed: ServerProcess;
  let port: number;
  /** A second instance on the same database that raises alerts, also while the first is down. */
  let writer: TestServer;
  let followers: Follower[] = [];
  let startSeq: string;
  let accounts: string[] = [];
  let raised = 0;

  /** Raises `count` arrears alerts: per account, an overdue 600.00 bill (over the 500 threshold), then its payment (resolving the alert, so the next bill raises a new one). */
  async function raiseAlerts(count: number): Promise<void> {
    const jobs = accounts.map(async (account, a) => {
      for (let i = a; i < count; i += accounts.length) {
        const n = raised + i;
        const bill = await writer.gql(BILL, {
          input: {
            serviceAccountId: account, periodStart: '2026-09-01', periodEnd: '2026-09-30', amount: '600.00', dueOn: '2026-10-15', issuedOn: '2026-10-01',
            sourceSystem: '故障注入', externalId: `restart-alert-${n}`, idempotencyKey: `restart-bill-${n}`,
          },
        });
        expect(bill.errors).toBeUndefined();
        const pay = await writer.gql(PAY, {
          input: { serviceAccountId: account, amount: '600.00', channel: 'BANK', paidAt: '2026-11-20T01:00:00Z', externalReference: `restart-pay-${n}`, idempotencyKey: `restart-pay-${n}` },
        });
        expect(pay.errors).toBeUndefined();
      }
    });
    await Promise.all(jobs);
    raised += count;
  }

  async function expectedSeqs(): Promise<string[]> {
    const { rows } = await writer.sql.query<{ seq: string }>(
      `select a.seq::text as seq from alert a where a.seq > $1 and a.kind = 'ARREARS_OVER_THRESHOLD' order by a.seq`,
      [startSeq],
    );
    return rows.map((r) => r.seq);
  }

  /** Waits until every follower holds every alert raised so far, then checks: none lost, none twice, in order. */
  async function expectEveryoneHasEverything(withinMs: number): Promise<void> {
    const expected = await expectedSeqs();
    expect(expected.length).toBe(raised);
    await waitUntil(
      `all ${subscribers} subscribers have all ${expected.length} alerts`,
      async () => followers.every((f) => f.seqs.length >= expected.length),
      withinMs,
      200,
    ).catch((error: Error) => {
      const short = followers.filter((f) => f.seqs.length < expected.length);
      throw new Error(`${error.message}; ${short.length} short, e.g. ${short[0]?.seqs.length} of ${expected.length}`);
    });
    // A little longer: a duplicate would arrive after the last expected push.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lost = followers.map((f) => expected.filter((s) => !f.seqs.includes(s)).length).reduce((a, b) => a + b, 0);
    const duplicates = followers.map((f) => f.seqs.length - new Set(f.seqs).size).reduce((a, b) => a + b, 0);
    expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
    for (const f of followers) expect(f.seqs).toEqual(expected);
    expect(followers.flatMap((f) => f.errors)).toEqual([]);
  }

  beforeAll(async () => {
    clone = await cloneTemplate();
    writer = await startTestServer({ databaseUrl: clone.url, userRequestsPerMinute: 100_000 });
    const { rows } = await writer.sql.query<{ customer_id: number; org_unit_id: number; seq: string }>(
      `select c.id as customer_id, c.org_unit_id, (select coalesce(max(seq), 0)::text from alert) as seq
       from customer c where c.status = 'ACTIVE' order by c.id limit 1`,
    );
    startSeq = rows[0]!.seq;
    for (let a = 0; a < 4; a++) {
      const res = await writer.gql(`mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
        input: { customerId: toGlobalId('Customer', rows[0]!.customer_id), accountNumber: `6655${String(a).padStart(7, '0')}`, orgUnitId: toGlobalId('OrgUnit', rows[0]!.org_unit_id), address: '重启订阅测试地址' },
      });
      expect(res.errors).toBeUndefined();
      accounts.push(res.data.addServiceAccount.serviceAccount.id);
    }
    followed = await startServerProcess({ databaseUrl: clone.url });
    port = followed.port;
    const { authorization } = await loginHeader(followed.url);
    const wsUrl = `${followed.url.replace('http', 'ws')}/graphql`;
    followers = Array.from({ length: subscribers }, () => new Follower(wsUrl, authorization!, startSeq));
    // Connect in waves, as consoles do, not all in one instant.
    for (let i = 0; i < followers.length; i += 50) {
      followers.slice(i, i + 50).forEach((f) => f.start());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(followers.map((f) => f.stop()));
    killServerProcesses();
    await writer?.close();
    await clone?.drop();
  });

  describe(`${subscribers} arrearsAlerts subscribers across server restarts`, () => {
    it('receive every alert exactly once, live and across a graceful restart with alerts raised while the server was down', async () => {
      await raiseAlerts(8);
      await expectEveryoneHasEverything(60_000);

      expect(await followed.stop()).toEqual({ code: 0, signal: null });
      // Raised while nobody serves the subscribers.
      await raiseAlerts(8);
      followed = await startServerProcess({ databaseUrl: clone.url, port });
      await raiseAlerts(4);
      await expectEveryoneHasEverything(60_000);
      // Everyone did reconnect (the restart was real).
      expect(Math.min(...followers.map((f) => f.connections))).toBeGreaterThanOrEqual(2);
    }, 240_000);

    it('receive every alert exactly once across a SIGKILL, with alerts raised just before, during and after the outage', async () => {
      const before = Math.min(...followers.map((f) => f.connections));
      // Alerts racing the kill: some go out live, some are cut mid-push.
      const racing = raiseAlerts(8);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await followed.kill()).toEqual({ code: null, signal: 'SIGKILL' });
      await racing;
      await raiseAlerts(8);
      followed = await startServerProcess({ databaseUrl: clone.url, port });
      await raiseAlerts(4);
      await expectEveryoneHasEverything(90_000);
      expect(Math.min(...followers.map((f) => f.connections))).toBeGreaterThan(before);
    }, 240_000);
  });
}

/** Subscribers from the environment (the stress config raises it), else `fallback`. */
export function subscriberCount(fallback: number): number {
  const raw = Number(process.env.GRIDLINE_FAULT_SUBSCRIBERS);
  return Number.isInteger(raw) && raw > 0 ? raw : fallback;
}
