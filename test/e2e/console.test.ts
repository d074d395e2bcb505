/**
 * The console in a real browser (issue 9 items 8 and 9): the production
 * build of client/ served by a real server on its own database, driven by
 * headless Chromium through playwright-core. One browser walks a lead's
 * morning — sign in, an alert arriving live from a partner's bill and
 * acknowledged in place, the leaderboard moving on a rep's visit, the
 * customer 360 opened from the alert, the language switch — and, in a second
 * page with its own session, the collector recording a payment there (leads
 * may not). The partner and the rep write through the API, as they would
 * from their own systems and devices.
 *
 * Screenshots for the README land in test/.results/screenshots/ on every run
 * and in client/screenshots/ with GRIDLINE_UPDATE_SCREENSHOTS=1.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/harness.js';
import { gqlData, inDays, localId, testUscc } from '../support/fixtures.js';
import { toGlobalId } from '../../server/src/graphql/global-id.js';
import { launchChromium } from './browser.js';
import { buildConsole, type BuiltConsole } from './console-build.js';

// Building the client, starting Chromium and the pushes take a while on a
// busy 2-core machine; every wait below is for a visible state, not a sleep.
const STEP_MS = 45_000;
const WAIT_MS = 20_000;

type Messages = { [key: string]: string | Messages };
const locales = fileURLToPath(new URL('../../client/src/locales/', import.meta.url));
const zhMessages = JSON.parse(readFileSync(path.join(locales, 'zh-CN.json'), 'utf8')) as Messages;
const enMessages = JSON.parse(readFileSync(path.join(locales, 'en.json'), 'utf8')) as Messages;

/** A console string by its i18next key, so wording changes in the locale files don't break the test. */
function text(messages: Messages, key: string): string {
  const value = key.split('.').reduce<string | Messages | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), messages);
  if (typeof value !== 'string') throw new Error(`no string ${key} in the locale file`);
  return value;
}
const zh = (key: string) => text(zhMessages, key);
const en = (key: string) => text(enMessages, key);
/** An i18next key on screen instead of its text, e.g. `board.alerts.heading`. */
const KEY_SHOWN = new RegExp(`\\b(?:${Object.keys(zhMessages).join('|')})\\.[A-Za-z]`);

const SCREENSHOTS = [fileURLToPath(new URL('../.results/screenshots/', import.meta.url))];
if (process.env.GRIDLINE_UPDATE_SCREENSHOTS === '1') SCREENSHOTS.push(fileURLToPath(new URL('../../client/screenshots/', import.meta.url)));

async function screenshot(page: Page, name: string): Promise<void> {
  const [first, ...more] = SCREENSHOTS.map((dir) => path.join(dir, name));
  for (const dir of SCREENSHOTS) mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: first!, animations: 'disabled', caret: 'hide' });
  for (const copy of more) await copyFile(first!, copy);
}

const CUSTOMER_NAME = '贵阳市南明区浏览器测试化工有限公司';
const ACCOUNT_NUMBER = '52010299887701';

let built: BuiltConsole | undefined;
let server: TestServer;
let browser: Browser | undefined;
/** Why Chromium did not start, if it did not. */
let noBrowser: Error | undefined;
/** The lead's page: sign-in, board, customer 360, language. */
let page: Page;
/** Every page opened, for the screenshot of a failed step. */
const pages: Page[] = [];
/** Uncaught exceptions of every page, with the page's URL. */
const pageErrors: string[] = [];
let partnerKey: string;
let rep: { id: string; name: string; headers: Record<string, string> };
let leadUnitId: string;
let customerId: string;
let accountId: string;

beforeAll(async () => {
  const [launched, builtConsole] = await Promise.allSettled([launchChromium(), buildConsole()]);
  if (launched.status === 'fulfilled') browser = launched.value;
  else noBrowser = launched.reason as Error;
  if (builtConsole.status === 'rejected') throw builtConsole.reason;
  built = builtConsole.value;
  server = await startTestServer({ clientDist: built.dir });

  const { rows } = await server.sql.query<{ id: number; name: string; org_unit_id: number }>(
    `select id, name, org_unit_id from app_user where login = 'rep'`,
  );
  const repUser = rows[0]!;
  const station = toGlobalId('OrgUnit', repUser.org_unit_id);
  rep = { id: toGlobalId('User', repUser.id), name: repUser.name, headers: { authorization: `Bearer ${await server.login('rep')}` } };
  const leadUnit = await server.sql.query<{ id: number }>(`select u.org_unit_id as id from app_user u where u.login = 'lead'`);
  leadUnitId = toGlobalId('OrgUnit', leadUnit.rows[0]!.id);

  // The billing system 营销系统 as a partner: an API key that may push bills.
  const key = await gqlData(server, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
    input: { name: '营销系统（浏览器测试）', scopes: ['BILLS_WRITE'], orgUnitId: station },
  });
  partnerKey = key.createApiKey.secret;

  // The test's customer: one 户号 and nothing billed yet.
  ({ customerId, accountId } = await customerWithAccount(station, repUser.id, CUSTOMER_NAME, ACCOUNT_NUMBER, 1));

  // A morning that has begun: two alerts already open and two visits by the
  // collector, so the board (and its screenshot) is not a lone row.
  const hotel = await customerWithAccount(station, repUser.id, '贵阳花果园云岭大酒店有限公司', '52010299887702', 2);
  expect((await recordBill(hotel.accountId, '12600.00', 'E2E-BILL-HOTEL')).errors).toBeUndefined();
  const bakery = await customerWithAccount(station, repUser.id, '贵阳南明区黔味食品厂', '52010299887703', 3);
  expect((await recordBill(bakery.accountId, '680.00', 'E2E-BILL-BAKERY')).errors).toBeUndefined();
  const collector = { authorization: `Bearer ${await server.login('collector')}` };
  for (const outcome of ['上门催缴，财务称本周内转账', '电话提醒，约定明日上门']) await logVisit(hotel.customerId, outcome, collector);

  if (browser) page = await openPage(server.url);
}, 180_000);

// No browser fails every test with the reason (a hook failing in beforeAll would only mark them skipped).
beforeEach(() => {
  if (noBrowser) throw noBrowser;
});

/** A new customer of the station with one 户号. */
async function customerWithAccount(station: string, repDbId: number, name: string, accountNumber: string, n: number) {
  const created = await gqlData(server, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }`, {
    input: { name, uscc: testUscc(990_410 + n), kind: 'INDUSTRIAL', utility: 'GAS', tier: 'KEY', status: 'ACTIVE', orgUnitId: station, responsibleRepId: toGlobalId('User', repDbId) },
  });
  const customer: string = created.createCustomer.customer.id;
  const account = await gqlData(server, `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`, {
    input: { customerId: customer, accountNumber, orgUnitId: station, address: `贵州省贵阳市南明区浏览器测试路${n}号` },
  });
  return { customerId: customer, accountId: account.addServiceAccount.serviceAccount.id as string };
}

/** A bill pushed by the partner's key, overdue for ten days. */
function recordBill(serviceAccountId: string, amount: string, externalId: string) {
  return server.gql(
    `mutation($input: RecordBillInput!) { recordBill(input: $input) { bill { id } } }`,
    {
      input: {
        serviceAccountId,
        periodStart: inDays(-60),
        periodEnd: inDays(-31),
        issuedOn: inDays(-30),
        dueOn: inDays(-10),
        amount,
        sourceSystem: '营销系统',
        externalId,
        idempotencyKey: externalId.toLowerCase(),
      },
    },
    { authorization: '', 'x-api-key': partnerKey },
  );
}

/** A phone call logged through the API by whoever `headers` sign in. */
async function logVisit(customer: string, outcome: string, headers: Record<string, string>): Promise<void> {
  await gqlData(
    server,
    `mutation($input: LogVisitInput!) { logVisit(input: $input) { visit { id } } }`,
    { input: { customerId: customer, channel: 'PHONE', purpose: 'COLLECTION', occurredAt: new Date(Date.now() - 60_000).toISOString(), outcome } },
    headers,
  );
}

/** A page in a context of its own (its own storage, so its own session), at the screenshots' size. */
async function openPage(url: string): Promise<Page> {
  const context = await browser!.newContext({
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(WAIT_MS);
  const opened = await context.newPage();
  pages.push(opened);
  // Console messages are left alone: a socket retried on a loaded machine logs one, and that is no bug.
  opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.stack ?? error.message}`));
  await opened.goto(url);
  return opened;
}

// What the page showed when a step failed, next to the README shots.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const dir = SCREENSHOTS[0]!;
  mkdirSync(dir, { recursive: true });
  const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  for (const [i, opened] of pages.entries()) {
    await opened.screenshot({ path: path.join(dir, `failed-${name}-${i + 1}.png`) }).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await built?.remove();
});

/** Signs in through the form, as a person types it. */
async function signIn(on: Page, login: string, password: string): Promise<void> {
  await on.getByLabel(zh('login.login'), { exact: true }).fill(login);
  await on.getByLabel(zh('login.password'), { exact: true }).fill(password);
  await on.getByRole('button', { name: zh('login.submit'), exact: true }).click();
}

/** The customer 360's row of the test account. */
const accountRow = (on: Page): Locator => on.getByRole('row').filter({ has: on.getByRole('rowheader', { name: ACCOUNT_NUMBER }) });

/** The board's arrears alert about the test customer. */
const ourAlert = (): Locator =>
  page.locator('.alert-list > li').filter({ hasText: CUSTOMER_NAME }).filter({ hasText: zh('board.alertKind.ARREARS_OVER_THRESHOLD') });

/** The rep's row on the leaderboard. */
const repRow = (): Locator => page.getByTestId('board-leaderboard').locator('li').filter({ hasText: rep.name });

/** The rep's number of visits on the board (0 while not on it). */
async function repVisitsOnBoard(): Promise<number> {
  if ((await repRow().count()) === 0) return 0;
  return Number((await repRow().locator('.leaderboard-value').innerText()).replace(/\D/g, ''));
}

/** The same figure from the API: today's visits board of the lead's unit, asked as the admin (who sees the whole company). */
async function repVisitsFromApi(): Promise<number> {
  const data = await gqlData(
    server,
    `query($board: LeaderboardInput!) { leaderboard(board: $board) { rows { value subject { ... on User { id } } } } }`,
    { board: { metric: 'VISITS', subjectKind: 'PERSON', periodKind: 'DAY', orgUnitId: leadUnitId, first: 100 } },
  );
  const row = (data.leaderboard.rows as Array<{ value: string; subject: { id?: string } }>).find((r) => r.subject.id === rep.id);
  return row ? Number(row.value) : 0;
}

describe('the console in a browser', () => {
  it('refuses a wrong password on the sign-in form and says why', async () => {
    await signIn(page, 'lead', 'not the password');
    await page.getByRole('alert').filter({ hasText: zh('login.errors.wrong') }).waitFor();
    // Still the form, password cleared for the next try.
    expect(await page.getByLabel(zh('login.password'), { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('navigation').count()).toBe(0);
  }, STEP_MS);

  it('signs the lead in through the form and opens the live board', async () => {
    await signIn(page, 'lead', DEMO_PASSWORD);
    await page.getByRole('heading', { name: zh('board.alerts.heading') }).waitFor();
    await page.getByRole('heading', { name: zh('board.leaderboard.heading') }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/board');
    // The open-alert count shows once the list has loaded (and the stream started from it).
    await page.locator('.board-alerts .count').waitFor();
  }, STEP_MS);

  it('shows a partner’s bill that takes an account over the arrears threshold as a new alert without a reload, and acknowledges it in place', async () => {
    // A mark on this very document: still there later means the page was never reloaded.
    await page.evaluate(() => ((globalThis as Record<string, unknown>).e2eSamePage = true));
    expect(await ourAlert().count()).toBe(0);

    const bill = await recordBill(accountId, '800.00', 'E2E-BILL-1');
    expect(bill.errors).toBeUndefined();

    const alert = ourAlert();
    await alert.waitFor();
    await alert.getByText(zh('board.alerts.new'), { exact: true }).waitFor();
    await alert.getByText(ACCOUNT_NUMBER).waitFor();
    await alert.getByText(zh('board.alertState.open'), { exact: true }).waitFor();
    expect(await alert.locator('.alert-amount').innerText()).toContain('800.00');
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).e2eSamePage)).toBe(true);

    await alert.getByRole('button', { name: zh('board.alerts.acknowledge'), exact: true }).click();
    await alert.getByText(zh('board.alertState.acknowledged'), { exact: true }).waitFor();
    await alert.getByRole('button', { name: zh('board.alerts.acknowledge'), exact: true }).waitFor({ state: 'detached' });
    const { rows } = await server.sql.query(`select acknowledged_at from alert where service_account_id = $1 and kind = 'ARREARS_OVER_THRESHOLD'`, [localId(accountId)]);
    expect(rows).toHaveLength(1);
    expect(rows[0].acknowledged_at).not.toBeNull();
  }, STEP_MS);

  it('moves the leaderboard live when the rep logs a visit', async () => {
    const leaderboard = page.getByTestId('board-leaderboard');
    // The select sits inside its <label>: its name is the label's text and the chosen option's.
    await leaderboard.getByRole('combobox', { name: zh('board.leaderboard.metric') }).selectOption('VISITS');
    await page.locator('[data-testid="board-leaderboard"][data-metric="VISITS"]').waitFor();
    const before = await repVisitsFromApi();
    await expect.poll(repVisitsOnBoard, { timeout: WAIT_MS, interval: 200 }).toBe(before);

    await logVisit(customerId, '电话催缴，客户称月底前缴清', rep.headers);

    expect(await repVisitsFromApi()).toBe(before + 1);
    await expect.poll(repVisitsOnBoard, { timeout: WAIT_MS, interval: 200 }).toBe(before + 1);
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).e2eSamePage)).toBe(true);
    await page.mouse.move(0, 0); // no hover styles in the shot
    await screenshot(page, 'board.png');
  }, STEP_MS);

  it('opens the customer 360 from the alert; the collector given its link records a payment through the dialog, and balance and timeline show it', async () => {
    await ourAlert().getByRole('link', { name: CUSTOMER_NAME }).click();
    await page.getByRole('heading', { level: 1, name: CUSTOMER_NAME }).waitFor();
    await accountRow(page).filter({ hasText: '800.00' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/customers/${encodeURIComponent(customerId)}`);

    // Payments are the collector's (leads have no payments:write): the lead
    // passes the page's link on; the collector signs in and lands on it.
    const collector = await openPage(page.url());
    await signIn(collector, 'collector', DEMO_PASSWORD);
    await collector.getByRole('heading', { level: 1, name: CUSTOMER_NAME }).waitFor();
    await accountRow(collector).filter({ hasText: '800.00' }).waitFor();

    await collector.getByRole('button', { name: zh('c360.recordPayment'), exact: true }).click();
    const dialog = collector.getByRole('dialog', { name: zh('payment.title') });
    await dialog.waitFor();
    await dialog.getByLabel(zh('payment.amount'), { exact: true }).fill('300.00');
    await dialog.getByRole('button', { name: zh('payment.submit'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Arrears 800.00 − 300.00 on the account, and the payment on the timeline.
    await accountRow(collector).filter({ hasText: '500.00' }).waitFor();
    await collector.locator('.timeline-entry').filter({ hasText: zh('enums.timelineKind.PAYMENT_RECEIVED') }).filter({ hasText: '300.00' }).waitFor();
    const { rows } = await server.sql.query(`select amount from payment where service_account_id = $1`, [localId(accountId)]);
    expect(rows.map((r) => r.amount)).toEqual(['300.00']);

    await screenshot(collector, 'customer-360.png');
  }, STEP_MS);

  it('switches the visible labels between Chinese and English', async () => {
    const nav = page.getByRole('navigation', { name: zh('shell.navLabel') });
    await nav.getByRole('link', { name: zh('nav.board'), exact: true }).waitFor();

    await page.getByRole('button', { name: en('language.en'), exact: true }).click();
    const navEn = page.getByRole('navigation', { name: en('shell.navLabel') });
    await navEn.getByRole('link', { name: en('nav.board'), exact: true }).waitFor();
    await navEn.getByRole('link', { name: en('nav.customers'), exact: true }).waitFor();
    await page.getByRole('columnheader', { name: en('c360.arrears'), exact: true }).waitFor();
    expect(await page.getByRole('link', { name: zh('nav.board'), exact: true }).count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // A key missing from a locale file shows as the key itself (`c360.something`).
    expect(await page.locator('body').innerText()).not.toMatch(KEY_SHOWN);

    await page.getByRole('button', { name: zh('language.zh-CN'), exact: true }).click();
    await nav.getByRole('link', { name: zh('nav.board'), exact: true }).waitFor();
    await page.getByRole('columnheader', { name: zh('c360.arrears'), exact: true }).waitFor();
    expect(await page.getByRole('link', { name: en('nav.board'), exact: true }).count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('body').innerText()).not.toMatch(KEY_SHOWN);
  }, STEP_MS);

  it('ran every step without an uncaught exception in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
