/**
 * The CRM part of the demo data (issue 5), drawn per customer right after
 * the customer itself: location, industry, source and referral, 包保领导,
 * 失信名单, the lifecycle history, service accounts 户号 (联办制 included),
 * contracts with their events and the risk ledger 风险客户台账 with its plans
 * 一户一策. Visits come later (visits-data.ts) from the facts kept here.
 *
 * Everything is drawn from this generator's own PRNG, so the customers and
 * contacts of a seed stay exactly what they were before these rows existed.
 * Rows obey the rules the modules enforce (lifecycle moves, 8–20 digit
 * account numbers, supply contracts with a settlement cycle, at most one
 * open risk entry per customer).
 */
import type { ClientBase } from 'pg';
import { COMPANY, type AreaDef, type BranchDef } from './org-tree.js';
import { Weighted, chance, pick, randInt, type Rng } from './prng.js';
import { offset } from './geo.js';
import {
  CLOSE_REASONS,
  PRICE_TERMS,
  RISK_ACTIONS,
  RISK_CLOSE_REASONS,
  RISK_REASONS,
  SOURCE_DETAILS,
  SUSPEND_REASONS,
} from './crm-phrases.js';
import { COMMON_INDUSTRIES } from './word-lists.js';
import type { CustomerKind, CustomerStatus, CustomerTier, Utility } from './demo-data.js';

export const DAY_MS = 86_400_000;
/** Beijing time has no daylight saving: a calendar day there is UTC+8. */
const CST_MS = 8 * 3_600_000;

/** The calendar day (YYYY-MM-DD, Asia/Shanghai) a moment falls on. */
export function dateOf(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A numeric(14,2) string from a whole number of fen. */
export function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** What the seed knows of a station when drawing rows for it. */
export interface StationRef {
  info: {
    unit: { id: number; latitude: number | null; longitude: number | null };
    branch: BranchDef;
    area: AreaDef;
    repIds: number[];
    collectorIds: number[];
    /** LEADs above the station: area, branch, company (ids). */
    leaders: { area: number; branch: number; company: number };
  };
  district: string;
}

/** The customer as the main loop drew it. */
export interface CustomerDraft {
  id: number;
  name: string;
  station: StationRef;
  stationIndex: number;
  tier: CustomerTier;
  kind: CustomerKind;
  utility: Utility;
  status: CustomerStatus;
  repId: number | null;
  createdMs: number;
  statusMs: number;
  consumption: string;
  /** Name of the primary contact, who signs contracts. */
  signer: string | null;
}

/** The customer columns added by issue 5. */
export interface CustomerExtras {
  industry: string | null;
  source: string;
  sourceDetail: string | null;
  referredById: number | null;
  district: string;
  latitude: number;
  longitude: number;
  responsibleLeaderId: number | null;
  dishonest: boolean;
  dishonestSince: string | null;
  riskLevel: string | null;
  developedAt: string | null;
}

export interface CrmDeps {
  /** All stations, for service accounts served elsewhere (联办制). */
  stations: readonly StationRef[];
  address(rng: Rng, station: StationRef, kind: CustomerKind): string;
  utilityFor(rng: Rng, kind: CustomerKind): Utility;
}

/** What visits-data.ts needs of each customer, in typed arrays indexed by id - 1. */
export class VisitFacts {
  readonly stationIndex: Int32Array;
  readonly repId: Int32Array;
  readonly leaderId: Int32Array;
  readonly createdMs: Float64Array;
  /** 0 when never developed. */
  readonly developedMs: Float64Array;
  /** Visits stop here: BASE, or a while after closing. */
  readonly endMs: Float64Array;
  readonly latitude: Float64Array;
  readonly longitude: Float64Array;
  readonly firstAccountId: Int32Array;
  readonly accountCount: Int32Array;
  /** 0 none, 1 on the risk ledger or dishonest. */
  readonly risky: Uint8Array;
  /** 0 prospect (no visits), 1 contacted or negotiating, 2 supplied, 3 closed. */
  readonly stage: Uint8Array;
  /** 1 when the utility has pipes to inspect (gas, heat). */
  readonly piped: Uint8Array;

  constructor(readonly count: number) {
    this.stationIndex = new Int32Array(count);
    this.repId = new Int32Array(count);
    this.leaderId = new Int32Array(count);
    this.createdMs = new Float64Array(count);
    this.developedMs = new Float64Array(count);
    this.endMs = new Float64Array(count);
    this.latitude = new Float64Array(count);
    this.longitude = new Float64Array(count);
    this.firstAccountId = new Int32Array(count);
    this.accountCount = new Int32Array(count);
    this.risky = new Uint8Array(count);
    this.stage = new Uint8Array(count);
    this.piped = new Uint8Array(count);
  }
}

// ------------------------------------------------------------ tables

const SOURCES = new Weighted<string>([
  ['SCREENING', 32],
  ['INDUSTRY_EVENT', 12],
  ['GOVERNMENT_LIAISON', 10],
  ['WALK_IN', 18],
  ['CAMPAIGN', 20],
  ['OTHER', 8],
]);

/** Service accounts of a regular customer (mean ≈ 3). */
const REGULAR_ACCOUNTS = new Weighted<number>([
  [1, 20], [2, 25], [3, 22], [4, 15], [5, 10], [6, 5], [7, 3],
]);

const METER_POINTS = new Weighted<number>([[1, 70], [2, 18], [3, 7], [4, 3], [6, 2]]);

const RISK_LEVELS = new Weighted<string>([['HIGH', 25], ['MEDIUM', 45], ['LOW', 30]]);

const UTILITY_DIGIT: Record<Utility, string> = { POWER: '1', GAS: '2', HEAT: '3', FUEL: '4', ENERGY_SERVICES: '5' };

const SUPPLY_TYPE: Record<Utility, string> = {
  POWER: 'POWER_SUPPLY',
  GAS: 'GAS_SUPPLY',
  HEAT: 'HEAT_SUPPLY',
  FUEL: 'ENERGY_SERVICES',
  ENERGY_SERVICES: 'ENERGY_SERVICES',
};

/** Price per unit in fen, for prepayment amounts (kWh, m³, GJ, litre, service unit). */
const PRICE_FEN: Record<Utility, number> = { POWER: 62, GAS: 320, HEAT: 4500, FUEL: 780, ENERGY_SERVICES: 50 };

/** The industry 行业 of a customer, read from its name (no draws). */
function industryOf(kind: CustomerKind, name: string, industries: readonly string[]): string {
  switch (kind) {
    case 'INDUSTRIAL': {
      let best = '';
      for (const i of industries) if (i.length > best.length && name.includes(i)) best = i;
      return best || '制造业';
    }
    case 'COMMERCIAL':
      if (/火锅|酸汤鱼|粉馆|餐饮|烘焙/.test(name)) return '餐饮';
      if (/物业/.test(name)) return '物业管理';
      if (/洗涤/.test(name)) return '生活服务';
      if (/汽车/.test(name)) return '汽车销售';
      return '批发零售';
    case 'PUBLIC_INSTITUTION':
      if (/医院|卫生|保健|疾病/.test(name)) return '医疗卫生';
      if (/学|校|幼儿园/.test(name)) return '教育';
      if (/养老|敬老|福利/.test(name)) return '养老服务';
      if (/体育|图书馆/.test(name)) return '文化体育';
      return '公共管理';
    case 'HOTEL':
      return '酒店餐饮';
    case 'CNG_STATION':
      return '燃气加气';
    case 'TRANSPORT_FLEET':
      return '交通运输';
    case 'RESIDENTIAL_COMPOUND':
      return '居民小区';
  }
}

// ------------------------------------------------------------ batches

class Columns {
  private readonly cols: unknown[][];
  constructor(readonly width: number) {
    this.cols = Array.from({ length: width }, () => []);
  }
  push(...values: unknown[]): void {
    for (let i = 0; i < this.width; i++) this.cols[i]!.push(values[i]);
  }
  get length(): number {
    return this.cols[0]!.length;
  }
  take(): unknown[][] {
    const out = this.cols.map((c) => c.splice(0));
    return out;
  }
}

const INSERT_STATUS_CHANGES = `
  insert into customer_status_change (id, customer_id, from_status, to_status, reason, changed_by_id, changed_at)
  select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])`;

const INSERT_ACCOUNTS = `
  insert into service_account (id, customer_id, org_unit_id, account_number, address, district, utility, meter_points,
                               status, opened_at, closed_at, status_reason, status_changed_at, created_at)
  select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                       $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::timestamptz[], $14::timestamptz[])`;

const INSERT_CONTRACTS = `
  insert into contract (id, customer_id, service_account_id, number, type, status, supplier_party, customer_party, signer,
                        signed_on, starts_on, ends_on, prepayment_periods, prepayment_amount, settlement_cycle, price_terms,
                        created_at, updated_at)
  select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::date[], $11::date[], $12::date[], $13::smallint[], $14::numeric[], $15::text[], $16::text[],
                       $17::timestamptz[], $18::timestamptz[])`;

const INSERT_CONTRACT_EVENTS = `
  insert into contract_event (id, contract_id, customer_id, kind, note, actor_id, occurred_at)
  select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])`;

const INSERT_RISK_ENTRIES = `
  insert into risk_entry (id, customer_id, level, reason, responsible_leader_id, plan, opened_by_id, opened_at,
                          closed_at, close_reason, closed_by_id)
  select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::int[], $8::timestamptz[],
                       $9::timestamptz[], $10::text[], $11::int[])`;

export interface CrmCounts {
  statusChanges: number;
  serviceAccounts: number;
  contracts: number;
  contractEvents: number;
  riskEntries: number;
}

// ------------------------------------------------------------ generator

export class CrmGenerator {
  readonly facts: VisitFacts;
  private readonly names: string[] = [];
  private readonly idsByBranch = new Map<string, number[]>();
  private readonly stationsByArea = new Map<AreaDef, number[]>();
  private readonly branchIndex = new Map<BranchDef, number>();
  private readonly accountSerial = new Map<BranchDef, number>();
  private readonly contractSerial = new Map<string, number>();

  private readonly statusChanges = new Columns(7);
  private readonly accounts = new Columns(14);
  private readonly contracts = new Columns(18);
  private readonly contractEvents = new Columns(7);
  private readonly riskEntries = new Columns(11);

  private readonly ids = { statusChange: 0, account: 0, contract: 0, contractEvent: 0, risk: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly deps: CrmDeps,
    customers: number,
    private readonly baseMs: number,
  ) {
    this.facts = new VisitFacts(customers);
    deps.stations.forEach((s, i) => {
      const list = this.stationsByArea.get(s.info.area) ?? [];
      list.push(i);
      this.stationsByArea.set(s.info.area, list);
      if (!this.branchIndex.has(s.info.branch)) this.branchIndex.set(s.info.branch, this.branchIndex.size + 1);
    });
    for (const branch of this.branchIndex.keys()) this.accountSerial.set(branch, randInt(rng, 100_000, 999_999));
  }

  counts(): CrmCounts {
    return {
      statusChanges: this.ids.statusChange,
      serviceAccounts: this.ids.account,
      contracts: this.ids.contract,
      contractEvents: this.ids.contractEvent,
      riskEntries: this.ids.risk,
    };
  }

  /** Draws everything of one customer; returns its new columns and queues its rows. */
  customer(c: CustomerDraft): CustomerExtras {
    const x = this.rng;
    const st = c.station;
    const i = c.id - 1;
    const facts = this.facts;
    this.names.push(c.name);

    // Where it is: mostly near its station, some far enough for "within 30–50 km" screening.
    const r = x();
    const [latitude, longitude] = offset(x, [st.info.unit.latitude!, st.info.unit.longitude!], 60 * r * r);

    // How it was found; a referral names an earlier customer, of the same branch when there is one.
    const branchIds = this.idsByBranch.get(st.info.branch.code) ?? [];
    let source: string;
    let sourceDetail: string | null;
    let referredById: number | null = null;
    if (c.id > 1 && chance(x, 0.15)) {
      source = 'REFERRAL';
      referredById = branchIds.length > 0 ? pick(x, branchIds) : randInt(x, 1, c.id - 1);
      sourceDetail = `由${this.names[referredById - 1]}引荐`;
    } else {
      source = SOURCES.pick(x);
      sourceDetail = chance(x, 0.7) ? pick(x, SOURCE_DETAILS[source]!) : null;
    }
    branchIds.push(c.id);
    this.idsByBranch.set(st.info.branch.code, branchIds);

    const supplied = c.status === 'ACTIVE' || c.status === 'SUSPENDED' || c.status === 'CLOSED';
    const history = this.lifecycle(c);
    const developedMs = history.developedMs;

    // 包保领导 for strategic and key accounts: a LEAD at or above the station.
    const { leaders } = st.info;
    let leaderId: number | null = null;
    if (c.tier === 'STRATEGIC') leaderId = chance(x, 0.7) ? leaders.branch : leaders.company;
    else if (c.tier === 'KEY') leaderId = chance(x, 0.6) ? leaders.area : leaders.branch;

    // 失信名单 and the risk ledger.
    let dishonestSince: number | null = null;
    if (supplied && chance(x, 0.0035)) dishonestSince = this.later(developedMs!, 30, 700);
    let riskLevel: string | null = null;
    const risky = (c.status === 'ACTIVE' || c.status === 'SUSPENDED') && (dishonestSince !== null || chance(x, 0.024));
    if (risky) {
      riskLevel = dishonestSince !== null ? 'HIGH' : RISK_LEVELS.pick(x);
      leaderId ??= riskLevel === 'HIGH' ? leaders.branch : leaders.area;
      this.riskEntry(c, developedMs!, riskLevel, leaderId, null);
    } else if (supplied && chance(x, 0.015)) {
      // A past period on the ledger, closed again.
      const closedLeader = leaderId ?? leaders.area;
      this.riskEntry(c, developedMs!, RISK_LEVELS.pick(x), closedLeader, history.endOfSupplyMs);
    }

    // Service accounts and contracts of supplied customers.
    const firstAccount = this.ids.account + 1;
    const accountCount = supplied ? this.serviceAccounts(c, developedMs!) : 0;
    if (supplied) this.contractsOf(c, developedMs!, accountCount === 1 ? firstAccount : null, risky);

    facts.stationIndex[i] = c.stationIndex;
    facts.repId[i] = c.repId ?? 0;
    facts.leaderId[i] = leaderId ?? (chance(x, 0.5) ? leaders.area : leaders.branch);
    facts.createdMs[i] = c.createdMs;
    facts.developedMs[i] = developedMs ?? 0;
    facts.endMs[i] = c.status === 'CLOSED' ? Math.min(this.baseMs - 60_000, c.statusMs + 180 * DAY_MS) : this.baseMs - 60_000;
    facts.latitude[i] = latitude;
    facts.longitude[i] = longitude;
    facts.firstAccountId[i] = accountCount > 0 ? firstAccount : 0;
    facts.accountCount[i] = accountCount;
    facts.risky[i] = risky ? 1 : 0;
    facts.stage[i] = c.status === 'PROSPECT' ? 0 : supplied ? (c.status === 'CLOSED' ? 3 : 2) : 1;
    facts.piped[i] = c.utility === 'GAS' || c.utility === 'HEAT' ? 1 : 0;

    return {
      industry: industryOf(c.kind, c.name, [...st.info.branch.localIndustries, ...COMMON_INDUSTRIES]),
      source,
      sourceDetail,
      referredById,
      district: st.district,
      latitude,
      longitude,
      responsibleLeaderId: leaderId,
      dishonest: dishonestSince !== null,
      dishonestSince: dishonestSince === null ? null : iso(dishonestSince),
      riskLevel,
      developedAt: developedMs === null ? null : iso(developedMs),
    };
  }

  /** Writes the queued rows (after their customers), parents before children. */
  async flush(client: ClientBase): Promise<void> {
    if (this.statusChanges.length) await client.query(INSERT_STATUS_CHANGES, this.statusChanges.take());
    if (this.accounts.length) await client.query(INSERT_ACCOUNTS, this.accounts.take());
    if (this.contracts.length) await client.query(INSERT_CONTRACTS, this.contracts.take());
    if (this.contractEvents.length) await client.query(INSERT_CONTRACT_EVENTS, this.contractEvents.take());
    if (this.riskEntries.length) await client.query(INSERT_RISK_ENTRIES, this.riskEntries.take());
  }

  // -------------------------------------------------------- lifecycle

  /**
   * The history customer_status_change: 1–4 rows along the allowed moves,
   * ending at the current status at status_changed_at. Returns when the
   * customer became ACTIVE (developed 开发成功), if it did.
   */
  private lifecycle(c: CustomerDraft): { developedMs: number | null; endOfSupplyMs: number } {
    const x = this.rng;
    const created = c.createdMs;
    const s = c.statusMs;
    const steps: Array<[CustomerStatus, number, string | null]> = [];
    const between = (a: number, b: number, k: number, n: number) => a + Math.floor(((b - a) * k) / n);
    let developedMs: number | null = null;
    let endOfSupplyMs = this.baseMs;

    switch (c.status) {
      case 'PROSPECT':
        steps.push(['PROSPECT', created, null]);
        break;
      case 'CONTACTED':
        steps.push(['PROSPECT', created, null], ['CONTACTED', s, null]);
        break;
      case 'NEGOTIATING':
        steps.push(['PROSPECT', created, null]);
        if (chance(x, 0.6)) steps.push(['CONTACTED', between(created, s, randInt(x, 1, 3), 4), null]);
        steps.push(['NEGOTIATING', s, null]);
        break;
      default: {
        // Stages after ACTIVE, back from the current one.
        const post: CustomerStatus[] =
          c.status === 'ACTIVE' ? [] : c.status === 'SUSPENDED' ? ['SUSPENDED'] : chance(x, 0.4) ? ['SUSPENDED', 'CLOSED'] : ['CLOSED'];
        if (c.status === 'ACTIVE') developedMs = s;
        else developedMs = s === created || chance(x, 0.35) ? created : Math.min(s, this.later(created, 7, 120));
        const preOptions: CustomerStatus[][] = [['PROSPECT'], ['PROSPECT', 'CONTACTED'], ['PROSPECT', 'NEGOTIATING'], ['PROSPECT', 'CONTACTED', 'NEGOTIATING']];
        const pre: CustomerStatus[] = developedMs === created ? [] : pick(x, preOptions.filter((p) => p.length + 1 + post.length <= 4));
        pre.forEach((status, k) => steps.push([status, between(created, developedMs!, k, pre.length), null]));
        steps.push(['ACTIVE', developedMs, null]);
        post.forEach((status, k) => {
          const at = k === post.length - 1 ? s : between(developedMs!, s, randInt(x, 1, 3), 4);
          if (k === 0) endOfSupplyMs = at;
          steps.push([status, at, pick(x, status === 'SUSPENDED' ? SUSPEND_REASONS : CLOSE_REASONS)]);
        });
      }
    }
    let from: CustomerStatus | null = null;
    for (const [to, at, reason] of steps) {
      this.statusChanges.push(++this.ids.statusChange, c.id, from, to, reason, c.repId, iso(at));
      from = to;
    }
    return { developedMs, endOfSupplyMs };
  }

  // -------------------------------------------------------- risk ledger

  /** One period on the risk ledger with its plan 一户一策; open when `closeBefore` is null. */
  private riskEntry(c: CustomerDraft, developedMs: number, level: string, leaderId: number, closeBefore: number | null): void {
    const x = this.rng;
    let openedMs: number;
    let closedMs: number | null = null;
    if (closeBefore === null) {
      openedMs = this.later(Math.max(developedMs, this.baseMs - 400 * DAY_MS), 0, 365);
    } else {
      openedMs = this.later(developedMs, 30, 500);
      closedMs = Math.min(this.later(openedMs, 20, 200), Math.max(openedMs, closeBefore));
    }
    const actions = [...RISK_ACTIONS];
    const plan: Array<{ action: string; dueOn: string | null; doneOn: string | null }> = [];
    const n = randInt(x, 2, 4);
    let dueMs = openedMs;
    for (let k = 0; k < n; k++) {
      const [action] = actions.splice(randInt(x, 0, actions.length - 1), 1);
      dueMs += randInt(x, 5, 30) * DAY_MS;
      const due = dateOf(dueMs);
      const doneLimit = closedMs ?? this.baseMs;
      const done = dueMs < doneLimit && (closedMs !== null || chance(x, 0.6)) ? dateOf(Math.max(openedMs, dueMs - randInt(x, 0, 3) * DAY_MS)) : null;
      plan.push({ action: action!, dueOn: chance(x, 0.9) ? due : null, doneOn: done });
    }
    this.riskEntries.push(
      ++this.ids.risk,
      c.id,
      level,
      pick(x, RISK_REASONS),
      leaderId,
      JSON.stringify(plan),
      c.repId ?? leaderId,
      iso(openedMs),
      closedMs === null ? null : iso(closedMs),
      closedMs === null ? null : pick(x, RISK_CLOSE_REASONS),
      closedMs === null ? null : leaderId,
    );
  }

  // -------------------------------------------------------- service accounts

  private serviceAccounts(c: CustomerDraft, developedMs: number): number {
    const x = this.rng;
    const count = c.tier === 'STRATEGIC' ? randInt(x, 10, 40) : c.tier === 'KEY' ? randInt(x, 3, 10) : REGULAR_ACCOUNTS.pick(x);
    const home = c.station;
    const stations = this.deps.stations;
    for (let k = 0; k < count; k++) {
      // Mostly the home station; ~10% of all accounts served by another area's or branch's station 联办制.
      let station = home;
      if (k > 0) {
        const r = x();
        if (r < 0.15) {
          const sameBranch = r < 0.075;
          const others = stations.filter((s) => s.info.area !== home.info.area && (s.info.branch === home.info.branch) === sameBranch);
          if (others.length) station = pick(x, others);
        } else if (r < 0.3) {
          station = stations[pick(x, this.stationsByArea.get(home.info.area)!)]!;
        }
      }
      const utility = chance(x, 0.85) ? c.utility : this.deps.utilityFor(x, c.kind);
      const openedMs = k === 0 ? developedMs : this.later(developedMs, 0, 600, c.status === 'ACTIVE' ? this.baseMs : c.statusMs);
      let status = 'ACTIVE';
      let changedMs: number | null = null;
      if (c.status === 'CLOSED') {
        status = 'CLOSED';
        changedMs = c.statusMs;
      } else if (c.status === 'SUSPENDED') {
        status = k === 0 || chance(x, 0.8) ? 'SUSPENDED' : 'CLOSED';
        changedMs = c.statusMs;
      } else if (k > 0) {
        const r = x();
        if (r < 0.04) status = 'SUSPENDED';
        else if (r < 0.07) status = 'CLOSED';
        if (status !== 'ACTIVE') changedMs = this.later(openedMs, 30, 700);
      }
      const reason = status === 'ACTIVE' ? null : pick(x, status === 'SUSPENDED' ? SUSPEND_REASONS : CLOSE_REASONS);
      const branch = station.info.branch;
      const serial = this.accountSerial.get(branch)! + randInt(x, 1, 19);
      this.accountSerial.set(branch, serial);
      const number = `${String(this.branchIndex.get(branch)!).padStart(2, '0')}${UTILITY_DIGIT[utility]}${String(serial).padStart(8, '0')}`;
      this.accounts.push(
        ++this.ids.account,
        c.id,
        station.info.unit.id,
        number,
        this.deps.address(x, station, c.kind),
        station.district,
        utility,
        METER_POINTS.pick(x),
        status,
        iso(openedMs),
        status === 'CLOSED' ? iso(changedMs!) : null,
        reason,
        changedMs === null ? null : iso(changedMs),
        iso(openedMs),
      );
    }
    return count;
  }

  // -------------------------------------------------------- contracts

  private contractsOf(c: CustomerDraft, developedMs: number, serviceAccountId: number | null, risky: boolean): void {
    const x = this.rng;
    const utility = c.utility;
    const units = Number(c.consumption.slice(0, c.consumption.indexOf('.')));
    const big = units >= 100_000;
    const cycle = big
      ? chance(x, 0.6) ? 'TEN_DAY_READ_TEN_DAY_COLLECT' : 'TEN_DAY_READ_MONTHLY_SETTLE'
      : pick(x, ['MONTHLY_READ_MONTHLY_SETTLE', 'MONTHLY_READ_MONTHLY_SETTLE', 'MONTHLY_READ_MONTHLY_SETTLE', 'MONTHLY', 'MONTHLY', 'QUARTERLY']);
    const prepaid = risky || chance(x, 0.3);
    const periods = prepaid ? randInt(x, 1, 3) : null;
    const baseDate = dateOf(this.baseMs);

    // The supply contract, signed when the customer was developed.
    let endsOn: string | null;
    if (c.status === 'CLOSED') endsOn = null; // set to the day it was terminated
    else if (chance(x, 0.05)) endsOn = dateOf(this.baseMs + randInt(x, 0, 59) * DAY_MS);
    else if (chance(x, 0.1)) endsOn = null;
    else endsOn = dateOf(this.baseMs + randInt(x, 61, 3 * 365) * DAY_MS);
    this.contract(c, {
      type: SUPPLY_TYPE[utility],
      startsMs: developedMs,
      endsOn,
      serviceAccountId,
      cycle,
      periods,
      amount: periods === null ? null : yuan(units * PRICE_FEN[utility] * periods),
      priceTerms: pick(x, PRICE_TERMS[utility]!),
      ended: c.status === 'CLOSED' ? { kind: 'TERMINATED', ms: c.statusMs, note: pick(x, CLOSE_REASONS) } : null,
    });

    // Key accounts: a settlement agreement (power) or a design-and-installation contract that has run its course.
    if ((c.tier === 'KEY' || c.tier === 'STRATEGIC') && c.status !== 'CLOSED' && chance(x, 0.3)) {
      if (utility === 'POWER') {
        this.contract(c, {
          type: 'SETTLEMENT_AGREEMENT',
          startsMs: this.later(developedMs, 30, 400),
          endsOn: dateOf(this.baseMs + randInt(x, 30, 365) * DAY_MS),
          serviceAccountId: null,
          cycle: 'TEN_DAY_READ_MONTHLY_SETTLE',
          periods: null,
          amount: null,
          priceTerms: '电费分次缴纳，按上月结算价格执行',
          ended: null,
        });
      } else {
        const startsMs = Math.max(c.createdMs, developedMs - randInt(x, 30, 120) * DAY_MS);
        const endsMs = startsMs + randInt(x, 60, 180) * DAY_MS;
        if (dateOf(endsMs) < baseDate) {
          this.contract(c, {
            type: 'DESIGN_INSTALLATION',
            startsMs,
            endsOn: dateOf(endsMs),
            serviceAccountId: null,
            cycle: null,
            periods: null,
            amount: null,
            priceTerms: '按设计概算包干，竣工验收后结算',
            ended: { kind: 'EXPIRED', ms: endsMs + DAY_MS, note: null },
          });
        }
      }
    }
  }

  private contract(
    c: CustomerDraft,
    t: {
      type: string;
      startsMs: number;
      endsOn: string | null;
      serviceAccountId: number | null;
      cycle: string | null;
      periods: number | null;
      amount: string | null;
      priceTerms: string;
      ended: { kind: 'TERMINATED' | 'EXPIRED'; ms: number; note: string | null } | null;
    },
  ): void {
    const x = this.rng;
    const signedMs = Math.max(c.createdMs, t.startsMs - randInt(x, 0, 10) * DAY_MS);
    const createdMs = Math.max(c.createdMs, signedMs - randInt(x, 1, 20) * DAY_MS);
    const signedOn = dateOf(signedMs);
    const startsOn = dateOf(Math.max(t.startsMs, signedMs));
    const endedMs = t.ended ? Math.min(t.ended.ms, this.baseMs - 60_000) : null;
    // A termination ends the contract that day (as terminateContract does); never before it started.
    let endsOn = t.ended?.kind === 'TERMINATED' ? dateOf(endedMs!) : t.endsOn;
    if (endsOn !== null && endsOn < startsOn) endsOn = startsOn;
    const branch = c.station.info.branch;
    const key = `${branch.code}-${signedOn.slice(0, 4)}`;
    const serial = (this.contractSerial.get(key) ?? 0) + 1;
    this.contractSerial.set(key, serial);
    const id = ++this.ids.contract;
    this.contracts.push(
      id,
      c.id,
      t.serviceAccountId,
      `${COMPANY.code}-${branch.code}-${key.slice(-4)}-${String(serial).padStart(4, '0')}`,
      t.type,
      t.ended?.kind ?? 'ACTIVE',
      `${COMPANY.name}${branch.city}分公司`,
      c.name,
      c.signer ?? '法定代表人',
      signedOn,
      startsOn,
      endsOn,
      t.periods,
      t.amount,
      t.cycle,
      t.priceTerms,
      iso(createdMs),
      iso(endedMs ?? signedMs),
    );
    this.contractEvents.push(++this.ids.contractEvent, id, c.id, 'CREATED', null, c.repId, iso(createdMs));
    this.contractEvents.push(++this.ids.contractEvent, id, c.id, 'SIGNED', null, c.repId, iso(signedMs));
    if (t.ended) {
      const note = t.ended.kind === 'EXPIRED' ? `Ended on ${endsOn}` : t.ended.note;
      this.contractEvents.push(++this.ids.contractEvent, id, c.id, t.ended.kind, note, t.ended.kind === 'EXPIRED' ? null : c.repId, iso(endedMs!));
    }
  }

  // -------------------------------------------------------- helpers

  /** ms + d days (+ up to an hour), minDays ≤ d ≤ maxDays, kept before `limit` (BASE by default). */
  private later(ms: number, minDays: number, maxDays: number, limit = this.baseMs): number {
    const cap = Math.max(0, Math.floor((Math.min(limit, this.baseMs) - 3_600_000 - ms) / DAY_MS));
    const d = randInt(this.rng, Math.min(minDays, cap), Math.min(Math.max(minDays, maxDays), cap));
    return ms + d * DAY_MS + (d > 0 ? randInt(this.rng, 0, 3599) * 1000 : 0);
  }
}
