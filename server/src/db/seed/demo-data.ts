/**
 * Deterministic demo data: one fictional provincial energy-sales company in
 * Guizhou with its org tree, staff, customers and contacts, and the CRM core
 * around them (crm-data.ts: lifecycle history, service accounts 户号,
 * contracts, risk ledger; visits-data.ts: visits 走访; receivables-data.ts:
 * bills, payments and installment plans 应收账款).
 *
 * - The org tree and the staff are fixed (their own constant PRNG seed), so
 *   ids, logins and names are the same for every seed and customer count.
 * - Customers and contacts come from `opts.seed`: the same options give
 *   byte-identical rows. All timestamps derive from BASE_DATE, never from
 *   the clock, and only integer/IEEE-exact arithmetic feeds the data.
 * - Rows get explicit ids and go in with `insert ... select from unnest(...)`
 *   in batches; the sequences are moved past them at the end.
 * - The CRM rows and visits draw from PRNGs of their own, so adding them
 *   changed none of the customers and contacts a seed gives.
 * - Two profiles: `small` (about 5 visits per customer; `pnpm start` and the
 *   tests) and `large` (100 per customer: 2 M visits for 20 k customers).
 *
 * The caller owns the transaction: nothing here BEGINs or COMMITs.
 */
import type { ClientBase } from 'pg';
import { hashPassword } from '../../modules/auth/password.js';
import { BRANCHES, COMPANY, type AreaDef, type BranchDef } from './org-tree.js';
import { Weighted, chance, mulberry32, pick, randChars, randInt, type Rng } from './prng.js';
import { makeUscc } from './uscc-generator.js';
import { offset } from './geo.js';
import { CrmGenerator, type CrmCounts } from './crm-data.js';
import { seedVisits } from './visits-data.js';
import { seedMeters } from './meters-data.js';
import { seedInspections } from './inspections-data.js';
import { seedReceivables, type ReceivablesCounts } from './receivables-data.js';
import { seedResponsibilityHistory } from './rotation-data.js';
import { seedTargets } from './targets-data.js';
import { seedCampaigns } from './campaigns-data.js';
import { withoutChecks } from './bulk-load.js';
import {
  BRANDS,
  BUREAUS,
  PRIVATE_HOSPITALS,
  PRIVATE_SCHOOLS,
  COMMON_INDUSTRIES,
  EMAIL_DOMAINS,
  GIVEN_EITHER,
  GIVEN_FEMALE,
  GIVEN_MALE,
  MOBILE_PREFIXES,
  RESIDENTIAL_SUFFIXES,
  SURNAMES,
  TITLES,
  cnNumber,
  type TitleEntry,
} from './word-lists.js';

// ---------------------------------------------------------------- public API

/** The part of the seed a progress report is about. */
export type SeedPhase = 'customers' | 'visits';

export interface SeedOptions {
  customers: number;
  /** PRNG seed, default 20261125. */
  seed?: number;
  /** 'small' (default) or 'large'. */
  profile?: SeedProfile;
  /** Called after each batch: customers first (total = customers), then visits (total = visits). */
  onProgress?: (done: number, total: number, phase: SeedPhase) => void;
}

export interface SeedSummary extends CrmCounts, ReceivablesCounts {
  orgUnits: number;
  users: number;
  customers: number;
  contacts: number;
  visits: number;
  visitParticipants: number;
}

export type OrgUnitKind = 'COMPANY' | 'BRANCH' | 'AREA' | 'STATION';
export type UserRole = 'ADMIN' | 'LEAD' | 'REP' | 'COLLECTOR' | 'VIEWER';
export type CustomerKind =
  | 'INDUSTRIAL'
  | 'COMMERCIAL'
  | 'PUBLIC_INSTITUTION'
  | 'HOTEL'
  | 'CNG_STATION'
  | 'TRANSPORT_FLEET'
  | 'RESIDENTIAL_COMPOUND';
export type Utility = 'POWER' | 'GAS' | 'HEAT' | 'FUEL' | 'ENERGY_SERVICES';
export type CustomerTier = 'STRATEGIC' | 'KEY' | 'REGULAR' | 'PROSPECT';
export type CustomerStatus = 'PROSPECT' | 'CONTACTED' | 'NEGOTIATING' | 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
export type ContactRole = 'DECISION_MAKER' | 'FINANCE' | 'TECHNICAL' | 'SITE' | 'OTHER';

/** What `pnpm start` seeds into an empty database. */
export const DEFAULT_CUSTOMERS = 1200;
export const DEFAULT_SEED = 20261125;
export const MAX_CUSTOMERS = 1_000_000;
/** How much activity the demo customers get. */
export type SeedProfile = 'small' | 'large';

export const SEED_PROFILES: Record<SeedProfile, { visitsPerCustomer: number; ledgerMonths: number; defaultCustomers: number; description: string }> = {
  small: { visitsPerCustomer: 5, ledgerMonths: 16, defaultCustomers: DEFAULT_CUSTOMERS, description: 'about 5 visits per customer, bills of the last 16 months' },
  large: { visitsPerCustomer: 100, ledgerMonths: 36, defaultCustomers: 20_000, description: 'about 100 visits per customer (2 M for 20 k customers), bills of all 3 years' },
};

/** "Now" for the demo data: every timestamp lies in the 3 years before it. */
export const BASE_DATE = '2026-11-01T00:00:00+08:00';

export interface DemoLogin {
  login: string;
  role: UserRole;
  /** Code of the user's org unit, e.g. 'GZ-GY-01-01'. */
  orgUnitCode: string;
  description: string;
}

const firstBranch = BRANCHES[0]!;
const firstArea = firstBranch.areas[0]!;
const FIRST_STATION_CODE = `${COMPANY.code}-${firstBranch.code}-${firstArea.code}-01`;

/** The memorable logins of the demo (they get passwords elsewhere). */
/** The password of every demo user (README.md lists the logins). */
export const DEMO_PASSWORD = 'gridline-demo';

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'admin', role: 'ADMIN', orgUnitCode: COMPANY.code, description: '系统管理员' },
  { login: 'lead', role: 'LEAD', orgUnitCode: COMPANY.code, description: `${COMPANY.name}领导（首席客户经理）` },
  ...BRANCHES.map(
    (b): DemoLogin => ({
      login: `lead.${b.code.toLowerCase()}`,
      role: 'LEAD',
      orgUnitCode: `${COMPANY.code}-${b.code}`,
      description: `${b.city}分公司负责人`,
    }),
  ),
  {
    login: `lead.${firstBranch.code.toLowerCase()}${firstArea.code}`,
    role: 'LEAD',
    orgUnitCode: `${COMPANY.code}-${firstBranch.code}-${firstArea.code}`,
    description: `${firstBranch.city}${firstArea.name}经理`,
  },
  { login: 'rep', role: 'REP', orgUnitCode: FIRST_STATION_CODE, description: `${firstArea.stations[0]}站经理（客户经理）` },
  { login: 'collector', role: 'COLLECTOR', orgUnitCode: FIRST_STATION_CODE, description: `${firstArea.stations[0]}收费员` },
  { login: 'viewer', role: 'VIEWER', orgUnitCode: COMPANY.code, description: '只读用户（合作方/审计）' },
];

/** True when the database has no org units yet (the server seeds on first start). */
export async function isDatabaseEmpty(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>('select not exists (select 1 from org_unit) as empty');
  return rows[0]!.empty;
}

// ------------------------------------------------------------ org and staff

export interface OrgUnitRow {
  id: number;
  parentId: number | null;
  kind: OrgUnitKind;
  code: string;
  name: string;
  path: string;
  latitude: number;
  longitude: number;
  createdAt: string;
}

export interface UserRow {
  id: number;
  orgUnitId: number;
  name: string;
  role: UserRole;
  login: string;
  phone: string;
  createdAt: string;
}

interface StationInfo {
  unit: OrgUnitRow;
  branch: BranchDef;
  area: AreaDef;
  repIds: number[];
  collectorIds: number[];
  /** The LEADs above the station (包保领导 candidates). */
  leaders: { area: number; branch: number; company: number };
}

export interface DemoOrg {
  orgUnits: OrgUnitRow[];
  users: UserRow[];
  stations: StationInfo[];
}

const DAY_MS = 86_400_000;
const BASE_MS = Date.parse(BASE_DATE);
/** The demo company's org tree and staff were set up on this day. */
const ORG_CREATED_MS = Date.parse('2023-06-01T09:00:00+08:00');
/** Staff come from this fixed seed, independent of SeedOptions.seed. */
const STAFF_SEED = 0x67726964;
/** Station coordinates come from this fixed seed. */
const PLACES_SEED = 0x706c6163;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The org tree (ids breadth-first: company 1, then branches, areas, stations) and its staff. */
export function buildDemoOrg(): DemoOrg {
  const orgUnits: OrgUnitRow[] = [];
  const created = iso(ORG_CREATED_MS);
  const company: OrgUnitRow = {
    id: 1,
    parentId: null,
    kind: 'COMPANY',
    code: COMPANY.code,
    name: COMPANY.name,
    path: '/1/',
    latitude: COMPANY.seat[0],
    longitude: COMPANY.seat[1],
    createdAt: created,
  };
  orgUnits.push(company);
  const unit = (parent: OrgUnitRow, kind: OrgUnitKind, code: string, name: string, at: readonly [number, number]): OrgUnitRow => {
    const id = orgUnits.length + 1;
    const row: OrgUnitRow = {
      id, parentId: parent.id, kind, code, name, path: `${parent.path}${id}/`, latitude: at[0], longitude: at[1], createdAt: created,
    };
    orgUnits.push(row);
    return row;
  };
  const branchUnits = BRANCHES.map((b) => unit(company, 'BRANCH', `${company.code}-${b.code}`, `${b.city}分公司`, b.seat));
  const areaUnits = BRANCHES.map((b, bi) =>
    b.areas.map((a) => unit(branchUnits[bi]!, 'AREA', `${branchUnits[bi]!.code}-${a.code}`, a.name, a.seat)),
  );
  // Stations: the first near the district seat, the others scattered up to 12 km around it.
  const places = mulberry32(PLACES_SEED);
  const stations: StationInfo[] = [];
  BRANCHES.forEach((b, bi) =>
    b.areas.forEach((a, ai) =>
      a.stations.forEach((s, si) => {
        const parent = areaUnits[bi]![ai]!;
        const code = `${parent.code}-${String(si + 1).padStart(2, '0')}`;
        const at = offset(places, a.seat, si === 0 ? 0.3 + 1.5 * places() : 3 + 9 * places());
        stations.push({ unit: unit(parent, 'STATION', code, s, at), branch: b, area: a, repIds: [], collectorIds: [], leaders: { area: 0, branch: 0, company: 0 } });
      }),
    ),
  );

  // Staff, depth-first: company, then each branch with its areas and stations.
  const rng = mulberry32(STAFF_SEED);
  const users: UserRow[] = [];
  const logins = new Set<string>();
  const user = (orgUnit: OrgUnitRow, role: UserRole, login: string): UserRow => {
    if (logins.has(login)) throw new Error(`duplicate demo login ${login}`);
    logins.add(login);
    const id = users.length + 1;
    const row: UserRow = {
      id,
      orgUnitId: orgUnit.id,
      name: makePerson(rng).name,
      role,
      login,
      phone: mobilePhone(rng),
      createdAt: iso(ORG_CREATED_MS + id * 7 * 60_000),
    };
    users.push(row);
    return row;
  };
  user(company, 'ADMIN', 'admin');
  const companyLead = user(company, 'LEAD', 'lead').id;
  user(company, 'VIEWER', 'viewer');
  let stationIndex = 0;
  BRANCHES.forEach((b, bi) => {
    const bl = b.code.toLowerCase();
    const branchLead = user(branchUnits[bi]!, 'LEAD', `lead.${bl}`).id;
    b.areas.forEach((a, ai) => {
      const areaLead = user(areaUnits[bi]![ai]!, 'LEAD', `lead.${bl}${a.code}`).id;
      a.stations.forEach((_s, si) => {
        const st = stations[stationIndex]!;
        st.leaders = { area: areaLead, branch: branchLead, company: companyLead };
        const first = stationIndex === 0;
        stationIndex++;
        const suffix = `${bl}${a.code}.${String(si + 1).padStart(2, '0')}`;
        const reps = randInt(rng, 1, 3);
        const collectors = randInt(rng, 1, 2);
        for (let k = 1; k <= reps; k++) {
          st.repIds.push(user(st.unit, 'REP', first && k === 1 ? 'rep' : `rep.${suffix}.${k}`).id);
        }
        for (let k = 1; k <= collectors; k++) {
          st.collectorIds.push(user(st.unit, 'COLLECTOR', first && k === 1 ? 'collector' : `collector.${suffix}.${k}`).id);
        }
      });
    });
  });

  // Keep DEMO_LOGINS honest.
  const codeById = new Map(orgUnits.map((u) => [u.id, u.code]));
  for (const d of DEMO_LOGINS) {
    const u = users.find((x) => x.login === d.login);
    if (!u || u.role !== d.role || codeById.get(u.orgUnitId) !== d.orgUnitCode) {
      throw new Error(`DEMO_LOGINS entry ${d.login} does not match the generated staff`);
    }
  }
  return { orgUnits, users, stations };
}

// ------------------------------------------------------------ people

interface Person {
  name: string;
  surnamePinyin: string;
  givenPinyin: string;
}

const surnameTable = new Weighted(SURNAMES.map((s) => [s, s[2]] as const));

const GIVEN_MALE_OR_EITHER = [...GIVEN_MALE, ...GIVEN_EITHER];
const GIVEN_FEMALE_OR_EITHER = [...GIVEN_FEMALE, ...GIVEN_EITHER];

/** Surname + one or two given-name characters that suit one gender. */
function makePerson(rng: Rng): Person {
  const [surname, surnamePinyin] = surnameTable.pick(rng);
  const female = chance(rng, 0.5);
  const own = female ? GIVEN_FEMALE : GIVEN_MALE;
  if (chance(rng, 0.35)) {
    const a = pick(rng, own);
    return { name: surname + a[0], surnamePinyin, givenPinyin: a[1] };
  }
  const a = pick(rng, female ? GIVEN_FEMALE_OR_EITHER : GIVEN_MALE_OR_EITHER);
  let b = pick(rng, own);
  if (b[0] === a[0]) b = pick(rng, own);
  return { name: surname + a[0] + b[0], surnamePinyin, givenPinyin: a[1] + b[1] };
}

function digits(rng: Rng, n: number): string {
  return randChars(rng, '0123456789', n);
}

function mobilePhone(rng: Rng): string {
  return pick(rng, MOBILE_PREFIXES) + digits(rng, 8);
}

/** Guizhou has one area code, 0851, with 8-digit local numbers since 2015. */
function landline(rng: Rng): string {
  return `0851-8${digits(rng, 7)}`;
}

const emailDomains = new Weighted(EMAIL_DOMAINS);

function email(rng: Rng, p: Person): string {
  const domain = emailDomains.pick(rng);
  if (domain === 'qq.com' && chance(rng, 0.6)) return `${randInt(rng, 1, 9)}${digits(rng, randInt(rng, 7, 9))}@qq.com`;
  const r = rng();
  const local =
    r < 0.4
      ? `${p.surnamePinyin}${p.givenPinyin}`
      : r < 0.7
        ? `${p.surnamePinyin}${p.givenPinyin}${randInt(rng, 1, 999)}`
        : `${p.givenPinyin}.${p.surnamePinyin}${randInt(rng, 60, 99)}`;
  return `${local}@${domain}`;
}

function wechat(rng: Rng, p: Person, phone: string): string {
  const r = rng();
  if (r < 0.35 && !phone.includes('-')) return phone;
  if (r < 0.7) return `${p.surnamePinyin}${p.givenPinyin}${randInt(rng, 10, 9999)}`;
  return `wxid_${randChars(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 14)}`;
}

// ------------------------------------------------------------ customers

const TIER_TABLE = new Weighted<CustomerTier>([
  ['STRATEGIC', 1],
  ['KEY', 10],
  ['PROSPECT', 15],
  ['REGULAR', 74],
]);

const KIND_BY_TIER: Record<CustomerTier, Weighted<CustomerKind>> = {
  STRATEGIC: new Weighted<CustomerKind>([
    ['INDUSTRIAL', 55],
    ['TRANSPORT_FLEET', 15],
    ['PUBLIC_INSTITUTION', 12],
    ['CNG_STATION', 10],
    ['COMMERCIAL', 5],
    ['HOTEL', 3],
  ]),
  KEY: new Weighted<CustomerKind>([
    ['INDUSTRIAL', 35],
    ['COMMERCIAL', 15],
    ['PUBLIC_INSTITUTION', 15],
    ['HOTEL', 12],
    ['CNG_STATION', 10],
    ['TRANSPORT_FLEET', 8],
    ['RESIDENTIAL_COMPOUND', 5],
  ]),
  REGULAR: new Weighted<CustomerKind>([
    ['INDUSTRIAL', 18],
    ['COMMERCIAL', 32],
    ['PUBLIC_INSTITUTION', 12],
    ['HOTEL', 10],
    ['CNG_STATION', 3],
    ['TRANSPORT_FLEET', 5],
    ['RESIDENTIAL_COMPOUND', 20],
  ]),
  PROSPECT: new Weighted<CustomerKind>([
    ['INDUSTRIAL', 22],
    ['COMMERCIAL', 28],
    ['PUBLIC_INSTITUTION', 12],
    ['HOTEL', 12],
    ['CNG_STATION', 4],
    ['TRANSPORT_FLEET', 7],
    ['RESIDENTIAL_COMPOUND', 15],
  ]),
};

const UTILITY_BY_KIND: Record<CustomerKind, Weighted<Utility>> = {
  INDUSTRIAL: new Weighted<Utility>([['POWER', 40], ['GAS', 30], ['FUEL', 15], ['ENERGY_SERVICES', 10], ['HEAT', 5]]),
  COMMERCIAL: new Weighted<Utility>([['POWER', 45], ['GAS', 35], ['ENERGY_SERVICES', 10], ['HEAT', 5], ['FUEL', 5]]),
  PUBLIC_INSTITUTION: new Weighted<Utility>([['POWER', 35], ['GAS', 30], ['HEAT', 20], ['ENERGY_SERVICES', 15]]),
  HOTEL: new Weighted<Utility>([['GAS', 40], ['POWER', 30], ['HEAT', 15], ['ENERGY_SERVICES', 15]]),
  CNG_STATION: new Weighted<Utility>([['GAS', 85], ['POWER', 15]]),
  TRANSPORT_FLEET: new Weighted<Utility>([['FUEL', 65], ['GAS', 30], ['ENERGY_SERVICES', 5]]),
  RESIDENTIAL_COMPOUND: new Weighted<Utility>([['GAS', 40], ['HEAT', 30], ['POWER', 30]]),
};

const PROSPECT_STATUS = new Weighted<CustomerStatus>([
  ['PROSPECT', 50],
  ['CONTACTED', 30],
  ['NEGOTIATING', 20],
]);
const REGULAR_STATUS = new Weighted<CustomerStatus>([
  ['ACTIVE', 92],
  ['SUSPENDED', 5],
  ['CLOSED', 3],
]);
const KEY_STATUS = new Weighted<CustomerStatus>([
  ['ACTIVE', 97],
  ['SUSPENDED', 3],
]);

/** Monthly consumption (kWh, m³, GJ or litres, by utility) of a regular customer, by kind. */
const REGULAR_RANGE: Record<CustomerKind, readonly [number, number]> = {
  INDUSTRIAL: [8_000, 99_000],
  COMMERCIAL: [600, 60_000],
  PUBLIC_INSTITUTION: [3_000, 90_000],
  HOTEL: [5_000, 95_000],
  CNG_STATION: [20_000, 99_000],
  TRANSPORT_FLEET: [5_000, 99_000],
  RESIDENTIAL_COMPOUND: [8_000, 99_000],
};

/**
 * An exact numeric(14,2) string: integer units and cents, skewed to the low
 * end with powers of a uniform draw (no transcendental functions).
 * KEY ≥ 100000.00 (the key-account threshold), STRATEGIC ≥ 1000000.00,
 * REGULAR < 100000.00.
 */
function consumption(rng: Rng, tier: CustomerTier, kind: CustomerKind): string {
  const r = rng();
  let units: number;
  if (tier === 'STRATEGIC') units = roundTo(1_000_000 + r * r * r * 19_000_000, 1000);
  else if (tier === 'KEY') units = roundTo(100_000 + r * r * 900_000, 100);
  else if (tier === 'REGULAR') {
    const [lo, hi] = REGULAR_RANGE[kind];
    units = roundTo(lo + r * r * (hi - lo), 10);
  } else {
    const lo = REGULAR_RANGE[kind][0];
    units = roundTo(lo + r * r * r * (300_000 - lo), 100);
  }
  const cents = chance(rng, 0.2) ? randInt(rng, 1, 99) : 0;
  return `${units}.${String(cents).padStart(2, '0')}`;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

/** What a station's customers are named and located with. */
interface StationCtx {
  info: StationInfo;
  city: string; // 遵义
  cityFull: string; // 遵义市
  district: string; // 汇川区
  districtShort: string; // 汇川
  /** How public bodies of the district are prefixed: '遵义市汇川区', but '仁怀市', '大方县'. */
  localGov: string;
  industries: Weighted<string>;
}

type Family = 'company' | 'factory' | 'shop' | 'hotel' | 'cng' | 'residential' | 'hospital' | 'school' | 'office' | 'venue';

interface NameDraft {
  name: string;
  family: Family;
  /** USCC position 1 and 2. */
  authority: string;
  type: string;
}

type Template = (rng: Rng, c: StationCtx) => NameDraft;

const ent = (name: string, family: Family = 'company'): NameDraft => ({ name, family, authority: '9', type: '1' });
const soleTrader = (name: string): NameDraft => ({ name, family: 'shop', authority: '9', type: '2' });
/** 事业单位 registered with the 机构编制 authority: 12xxxxxx. */
const institution = (name: string, family: Family): NameDraft => ({ name, family, authority: '1', type: '2' });
/** 民办非企业单位 registered with civil affairs 民政: 52xxxxxx. */
const privateNonProfit = (name: string, family: Family): NameDraft => ({ name, family, authority: '5', type: '2' });
/** 机关: 11xxxxxx. */
const agency = (name: string): NameDraft => ({ name, family: 'office', authority: '1', type: '1' });

const brand = (rng: Rng) => pick(rng, BRANDS);
const road = (rng: Rng, c: StationCtx) => pick(rng, c.info.area.roads);
const place = (rng: Rng, c: StationCtx) => pick(rng, c.info.area.places);

const TEMPLATES: Record<CustomerKind, Weighted<Template>> = {
  INDUSTRIAL: new Weighted<Template>([
    [(r, c) => ent(`${c.city}${brand(r)}${c.industries.pick(r)}有限公司`), 55],
    [(r, c) => ent(`${c.city}${c.districtShort}${brand(r)}${c.industries.pick(r)}有限责任公司`), 15],
    [(r, c) => ent(`贵州${brand(r)}${c.industries.pick(r)}股份有限公司`), 15],
    [(r, c) => ent(`${c.city}${brand(r)}${c.industries.pick(r)}厂`, 'factory'), 15],
  ]),
  COMMERCIAL: new Weighted<Template>([
    [(r, c) => ent(`${c.city}${brand(r)}商贸有限公司`), 22],
    [(r, c) => ent(`${c.city}${brand(r)}购物中心`, 'shop'), 8],
    [(r, c) => ent(`${c.city}${brand(r)}广场`, 'shop'), 6],
    [(r, c) => ent(`${c.city}${brand(r)}餐饮管理有限公司`), 10],
    [(r, c) => soleTrader(`${brand(r)}火锅（${c.districtShort}店）`), 8],
    [(r, c) => soleTrader(`${brand(r)}酸汤鱼（${road(r, c)}店）`), 7],
    [(r, c) => soleTrader(`${place(r, c)}${brand(r)}羊肉粉馆`), 5],
    [(r, c) => ent(`${c.city}${brand(r)}超市有限公司`), 8],
    [(r, c) => ent(`${c.city}${c.districtShort}${place(r, c)}农贸市场`, 'shop'), 5],
    [(r, c) => ent(`${c.city}${brand(r)}洗涤服务有限公司`), 5],
    [(r, c) => ent(`${c.city}${brand(r)}汽车销售服务有限公司`), 5],
    [(r, c) => ent(`${c.city}${brand(r)}烘焙食品有限公司`), 5],
    [(r, c) => ent(`${c.city}${brand(r)}物业管理有限公司`), 6],
  ]),
  PUBLIC_INSTITUTION: new Weighted<Template>([
    // hospitals
    [(r, c) => institution(`${c.cityFull}第${cnNumber(randInt(r, 1, 5))}人民医院`, 'hospital'), 2],
    [(_r, c) => institution(`${c.localGov}人民医院`, 'hospital'), 1],
    [(_r, c) => institution(`${c.localGov}中医医院`, 'hospital'), 1],
    [(_r, c) => institution(`${c.cityFull}妇幼保健院`, 'hospital'), 0.5],
    [(r, c) => institution(`${c.localGov}${place(r, c)}社区卫生服务中心`, 'hospital'), 2],
    [(r, c) => privateNonProfit(`${c.city}${brand(r)}${pick(r, PRIVATE_HOSPITALS)}`, 'hospital'), 4],
    // schools
    [(r, c) => institution(`${c.cityFull}第${cnNumber(randInt(r, 1, 40))}中学`, 'school'), 3],
    [(r, c) => institution(`${c.localGov}${place(r, c)}小学`, 'school'), 3],
    [(r, c) => institution(`${c.localGov}${place(r, c)}中学`, 'school'), 1.5],
    [(r, c) => institution(`${c.localGov}${place(r, c)}实验学校`, 'school'), 1],
    [(r, c) => institution(`${c.localGov}第${cnNumber(randInt(r, 1, 12))}幼儿园`, 'school'), 1.5],
    [(r, c) => privateNonProfit(`${c.city}${brand(r)}${pick(r, PRIVATE_SCHOOLS)}`, 'school'), 4],
    // government offices
    [(r, c) => agency(`${c.cityFull}${pick(r, BUREAUS)}`), 2],
    [(r, c) => agency(`${c.localGov}${pick(r, BUREAUS)}`), 2],
    [(r, c) => agency(`${c.localGov}${place(r, c)}街道办事处`), 1.5],
    [(r, c) => agency(`${c.localGov.endsWith('区') ? `${c.cityFull}公安局${c.districtShort}分局` : `${c.district}公安局`}${place(r, c)}派出所`), 1.5],
    // other public venues
    [(_r, c) => institution(`${c.cityFull}疾病预防控制中心`, 'venue'), 0.5],
    [(_r, c) => institution(`${c.localGov}体育中心`, 'venue'), 0.5],
    [(_r, c) => institution(`${c.cityFull}图书馆`, 'venue'), 0.5],
    [(_r, c) => institution(`${c.cityFull}社会福利院`, 'venue'), 0.5],
    [(r, c) => institution(`${c.localGov}${place(r, c)}敬老院`, 'venue'), 1],
    [(r, c) => privateNonProfit(`${c.city}${c.districtShort}${brand(r)}养老院`, 'venue'), 1.5],
  ]),
  HOTEL: new Weighted<Template>([
    [(r, c) => ent(`${c.city}${c.districtShort}${brand(r)}大酒店`, 'hotel'), 30],
    [(r, c) => ent(`${c.city}${brand(r)}国际大酒店`, 'hotel'), 15],
    [(r, c) => ent(`${c.city}${brand(r)}商务酒店`, 'hotel'), 15],
    [(r, c) => ent(`${c.districtShort}${brand(r)}宾馆`, 'hotel'), 15],
    [(r, c) => ent(`${c.city}${brand(r)}温泉度假酒店`, 'hotel'), 10],
    [(r, c) => ent(`${c.city}${brand(r)}酒店管理有限公司`), 15],
  ]),
  CNG_STATION: new Weighted<Template>([
    [(r) => ent(`${brand(r)}CNG加气站`, 'cng'), 35],
    [(r, c) => ent(`${c.city}${c.districtShort}${brand(r)}CNG加气站`, 'cng'), 25],
    [(r, c) => ent(`${road(r, c)}CNG加气站`, 'cng'), 20],
    [(r, c) => ent(`${c.city}${brand(r)}天然气有限公司${place(r, c)}加气站`, 'cng'), 20],
  ]),
  TRANSPORT_FLEET: new Weighted<Template>([
    [(r, c) => ent(`${c.city}${brand(r)}出租汽车有限公司`), 30],
    [(r, c) => ent(`${c.city}${brand(r)}汽车运输有限公司`), 15],
    [(r, c) => ent(`${c.city}${brand(r)}物流有限公司`), 20],
    [(r, c) => ent(`${c.city}${brand(r)}公交客运有限公司`), 10],
    [(r, c) => ent(`${c.city}${brand(r)}客运有限公司`), 10],
    [(r, c) => ent(`${c.city}${brand(r)}渣土运输有限公司`), 8],
    [(r, c) => ent(`${c.city}${brand(r)}网约车服务有限公司`), 7],
  ]),
  RESIDENTIAL_COMPOUND: new Weighted<Template>([
    [(r) => ent(`${brand(r)}${pick(r, RESIDENTIAL_SUFFIXES)}`, 'residential'), 50],
    [(r, c) => ent(`${place(r, c)}${brand(r)}${pick(r, RESIDENTIAL_SUFFIXES)}`, 'residential'), 20],
    [(r, c) => ent(`${c.city}${brand(r)}${pick(r, RESIDENTIAL_SUFFIXES)}`, 'residential'), 20],
    [(r, c) => ent(`${c.districtShort}${brand(r)}${pick(r, RESIDENTIAL_SUFFIXES)}`, 'residential'), 10],
  ]),
};

/** The k-th (1-based) alternative of a taken name: a branch, a campus, phase two... */
function variant(d: NameDraft, k: number, where: string): string {
  const n = d.name;
  const stem = n.replace(/（[^（）]*）$/, '');
  switch (d.family) {
    case 'company':
      return k === 1 ? `${n}${where}分公司` : `${n}第${cnNumber(k)}分公司`;
    case 'factory':
      return k === 1 ? `${n}${where}分厂` : `${n}第${cnNumber(k)}分厂`;
    case 'shop':
    case 'hotel':
      return k === 1 ? `${stem}（${where}店）` : `${stem}（${where}${cnNumber(k)}店）`;
    case 'cng':
      return `${n.replace(/站$/, '')}${cnNumber(k + 1)}站`;
    case 'residential':
      return `${n}${cnNumber(k + 1)}期`;
    case 'hospital':
      return k === 1 ? `${n}${where}分院` : `${n}第${cnNumber(k)}分院`;
    case 'school':
      return k === 1 ? `${n}${where}校区` : `${n}第${cnNumber(k)}校区`;
    case 'office':
      return k === 1 ? `${n}${where}办公区` : `${n}第${cnNumber(k)}办公区`;
    case 'venue':
      return k === 1 ? `${n}${where}分部` : `${n}第${cnNumber(k)}分部`;
  }
}

function address(rng: Rng, c: StationCtx, kind: CustomerKind): string {
  const prefix = `${COMPANY.province}${c.cityFull}${c.district}`;
  if (kind === 'INDUSTRIAL' && chance(rng, 0.4)) {
    return `${prefix}${place(rng, c)}工业园区${road(rng, c)}${randInt(rng, 1, 99)}号`;
  }
  const no = `${road(rng, c)}${randInt(rng, 1, 688)}号`;
  if (kind === 'RESIDENTIAL_COMPOUND') return prefix + no;
  const r = rng();
  if (r < 0.15) return `${prefix}${no}${randInt(rng, 1, 12)}栋`;
  if (r < 0.25) return `${prefix}${no}${brand(rng)}大厦${randInt(rng, 1, 28)}楼`;
  return prefix + no;
}

function stationContexts(org: DemoOrg): StationCtx[] {
  const industriesByBranch = new Map<string, Weighted<string>>();
  for (const b of BRANCHES) {
    industriesByBranch.set(
      b.code,
      new Weighted<string>([
        ...COMMON_INDUSTRIES.map((i) => [i, 1] as const),
        ...b.localIndustries.map((i) => [i, 4] as const),
      ]),
    );
  }
  return org.stations.map((info) => ({
    info,
    city: info.branch.city,
    cityFull: `${info.branch.city}市`,
    district: info.area.district,
    districtShort: info.area.district.replace(/[区市县]$/, ''),
    localGov: info.area.district.endsWith('区') ? `${info.branch.city}市${info.area.district}` : info.area.district,
    industries: industriesByBranch.get(info.branch.code)!,
  }));
}

// ------------------------------------------------------------ insertion

const INSERT_ORG_UNITS = `
  insert into org_unit (id, parent_id, kind, code, name, path, latitude, longitude, created_at)
  select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
                       $9::timestamptz[])`;

const INSERT_USERS = `
  insert into app_user (id, org_unit_id, name, role, login, phone, created_at, password_hash)
  select *, $8::text from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`;

const INSERT_CUSTOMERS = `
  insert into customer (id, name, uscc, kind, utility, tier, status, org_unit_id, responsible_rep_id, address,
                        estimated_monthly_consumption, status_changed_at, created_at, updated_at,
                        industry, source, source_detail, referred_by_id, district, latitude, longitude,
                        responsible_leader_id, dishonest, dishonest_since, risk_level, developed_at)
  select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                       $9::int[], $10::text[], $11::numeric[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[],
                       $15::text[], $16::text[], $17::text[], $18::int[], $19::text[], $20::float8[], $21::float8[],
                       $22::int[], $23::bool[], $24::timestamptz[], $25::text[], $26::timestamptz[])`;

const INSERT_CONTACTS = `
  insert into contact (id, customer_id, name, title, role, phone, email, wechat, is_primary, created_at)
  select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::bool[], $10::timestamptz[])`;

/** Customers per INSERT statement (each statement has 14 array parameters, whatever the row count). */
const BATCH_SIZE = 1000;

class CustomerBatch {
  id: number[] = [];
  name: string[] = [];
  uscc: (string | null)[] = [];
  kind: string[] = [];
  utility: string[] = [];
  tier: string[] = [];
  status: string[] = [];
  orgUnitId: number[] = [];
  repId: (number | null)[] = [];
  address: string[] = [];
  consumption: string[] = [];
  statusChangedAt: string[] = [];
  createdAt: string[] = [];
  updatedAt: string[] = [];
  industry: (string | null)[] = [];
  source: string[] = [];
  sourceDetail: (string | null)[] = [];
  referredById: (number | null)[] = [];
  district: string[] = [];
  latitude: number[] = [];
  longitude: number[] = [];
  leaderId: (number | null)[] = [];
  dishonest: boolean[] = [];
  dishonestSince: (string | null)[] = [];
  riskLevel: (string | null)[] = [];
  developedAt: (string | null)[] = [];

  values(): unknown[] {
    return [
      this.id, this.name, this.uscc, this.kind, this.utility, this.tier, this.status, this.orgUnitId,
      this.repId, this.address, this.consumption, this.statusChangedAt, this.createdAt, this.updatedAt,
      this.industry, this.source, this.sourceDetail, this.referredById, this.district, this.latitude, this.longitude,
      this.leaderId, this.dishonest, this.dishonestSince, this.riskLevel, this.developedAt,
    ];
  }
}

class ContactBatch {
  id: number[] = [];
  customerId: number[] = [];
  name: string[] = [];
  title: string[] = [];
  role: string[] = [];
  phone: string[] = [];
  email: (string | null)[] = [];
  wechat: (string | null)[] = [];
  isPrimary: boolean[] = [];
  createdAt: string[] = [];

  values(): unknown[] {
    return [
      this.id, this.customerId, this.name, this.title, this.role, this.phone, this.email, this.wechat,
      this.isPrimary, this.createdAt,
    ];
  }
}

// Customers are created 08:30–17:30 Beijing time over the 3 years before BASE_DATE,
// in id order: customer i sits at (i + jitter) / N along that working-time line.
const HISTORY_START_MS = Date.parse('2023-11-01T00:00:00+08:00');
const HISTORY_DAYS = Math.round((BASE_MS - HISTORY_START_MS) / DAY_MS);
const WORKDAY_START_S = 8 * 3600 + 30 * 60;
const WORKDAY_S = 9 * 3600;

function daysLeft(ms: number): number {
  return Math.floor((BASE_MS - ms) / DAY_MS);
}

/**
 * ms + d whole days (+ up to an hour), minDays ≤ d ≤ maxDays, with both bounds
 * capped so that the result stays before BASE_DATE.
 */
function later(rng: Rng, ms: number, minDays: number, maxDays: number): number {
  const cap = daysLeft(ms);
  const d = randInt(rng, Math.min(minDays, cap), Math.min(Math.max(minDays, maxDays), cap));
  return ms + d * DAY_MS + (d > 0 ? randInt(rng, 0, 3599) * 1000 : 0);
}

const CONTACT_COUNT = new Weighted<number>([
  [1, 35],
  [2, 40],
  [3, 25],
]);

/**
 * Seeds the org tree, staff, `opts.customers` customers and their contacts into
 * an empty, migrated database, inside the caller's transaction.
 */
export async function seedDemoData(client: ClientBase, opts: SeedOptions): Promise<SeedSummary> {
  const total = opts.customers;
  if (!Number.isInteger(total) || total < 0 || total > MAX_CUSTOMERS) {
    throw new RangeError(`customers must be an integer between 0 and ${MAX_CUSTOMERS}, got ${total}`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const profile = SEED_PROFILES[opts.profile ?? 'small'];
  if (!profile) throw new RangeError(`profile must be 'small' or 'large', got ${String(opts.profile)}`);
  const { rows: busy } = await client.query<{ busy: boolean }>(
    `select exists (select 1 from org_unit) or exists (select 1 from app_user)
         or exists (select 1 from customer) or exists (select 1 from contact) as busy`,
  );
  if (busy[0]!.busy) throw new Error('seedDemoData needs an empty database (org_unit/app_user/customer/contact have rows)');

  // Demo data can be seeded again: the COMMIT need not wait for its WAL to reach the disk.
  await client.query('set local synchronous_commit = off');
  const summary = await withoutChecks(client, SEEDED_TABLES, () => load(client, total, seed, profile.visitsPerCustomer, opts.onProgress, profile.ledgerMonths));
  // Fresh statistics, so the first queries on millions of rows get good plans.
  await client.query(`analyze ${SEEDED_TABLES.join(', ')}`);
  return summary;
}

async function load(
  client: ClientBase,
  total: number,
  seed: number,
  visitsPerCustomer: number,
  onProgress: SeedOptions['onProgress'],
  ledgerMonths: number,
): Promise<SeedSummary> {
  const opts = { onProgress };
  // Org tree and staff.
  const org = buildDemoOrg();
  const ou = org.orgUnits;
  await client.query(INSERT_ORG_UNITS, [
    ou.map((u) => u.id), ou.map((u) => u.parentId), ou.map((u) => u.kind), ou.map((u) => u.code),
    ou.map((u) => u.name), ou.map((u) => u.path), ou.map((u) => u.latitude), ou.map((u) => u.longitude),
    ou.map((u) => u.createdAt),
  ]);
  const us = org.users;
  await client.query(INSERT_USERS, [
    us.map((u) => u.id), us.map((u) => u.orgUnitId), us.map((u) => u.name), us.map((u) => u.role),
    us.map((u) => u.login), us.map((u) => u.phone), us.map((u) => u.createdAt),
    // One argon2 hash for every demo user: hashing 185 times would take seconds.
    await hashPassword(DEMO_PASSWORD),
  ]);
  opts.onProgress?.(0, total, 'customers');

  // Customers and contacts.
  const rng = mulberry32(seed);
  const contexts = stationContexts(org);
  const stationIndex = new Map(contexts.map((c, i) => [c, i]));
  const crm = new CrmGenerator(
    mulberry32(seed ^ 0x63726d31),
    { stations: contexts, address: (r, station, kind) => address(r, station as StationCtx, kind), utilityFor: (r, kind) => UTILITY_BY_KIND[kind].pick(r) },
    total,
    BASE_MS,
  );
  const stationsInBranch = new Map<string, number>();
  for (const c of contexts) stationsInBranch.set(c.info.branch.code, (stationsInBranch.get(c.info.branch.code) ?? 0) + 1);
  const stationTable = new Weighted(contexts.map((c) => [c, c.info.branch.weight / stationsInBranch.get(c.info.branch.code)!] as const));
  const primaryTitles = new Map<string, Weighted<TitleEntry>>();
  const otherTitles = new Map<string, Weighted<TitleEntry>>();
  for (const [kind, t] of Object.entries(TITLES)) {
    primaryTitles.set(kind, new Weighted(t.primary.map((e) => [e, e[2]] as const)));
    otherTitles.set(kind, new Weighted(t.others.map((e) => [e, e[2]] as const)));
  }

  const names = new Set<string>();
  const nextVariant = new Map<string, number>();
  const usccs = new Set<string>();
  let contactId = 0;
  let customers = new CustomerBatch();
  let contacts = new ContactBatch();
  const totalWorkSeconds = HISTORY_DAYS * WORKDAY_S;

  const flush = async (done: number) => {
    await client.query(INSERT_CUSTOMERS, customers.values());
    await client.query(INSERT_CONTACTS, contacts.values());
    await crm.flush(client);
    customers = new CustomerBatch();
    contacts = new ContactBatch();
    opts.onProgress?.(done, total, 'customers');
  };

  for (let i = 0; i < total; i++) {
    const id = i + 1;
    const c = stationTable.pick(rng);
    const tier = TIER_TABLE.pick(rng);
    const kind = KIND_BY_TIER[tier].pick(rng);
    const utility = UTILITY_BY_KIND[kind].pick(rng);
    const status =
      tier === 'PROSPECT'
        ? PROSPECT_STATUS.pick(rng)
        : tier === 'STRATEGIC'
          ? 'ACTIVE'
          : tier === 'KEY'
            ? KEY_STATUS.pick(rng)
            : REGULAR_STATUS.pick(rng);

    // A unique name: a few fresh tries, then a branch/campus/phase of the last one.
    let draft = TEMPLATES[kind].pick(rng)(rng, c);
    for (let attempt = 0; attempt < 3 && names.has(draft.name); attempt++) draft = TEMPLATES[kind].pick(rng)(rng, c);
    let name = draft.name;
    if (names.has(name)) {
      let k = nextVariant.get(draft.name) ?? 1;
      const where = place(rng, c);
      do name = variant(draft, k++, where);
      while (names.has(name));
      nextVariant.set(draft.name, k);
    }
    names.add(name);

    let uscc: string | null = null;
    if (!(tier === 'PROSPECT' && chance(rng, 0.03))) {
      const r = rng();
      const division =
        r < 0.75 ? c.info.area.divisionCode : r < 0.95 ? c.info.branch.cityDivisionCode : COMPANY.provinceDivisionCode;
      do uscc = makeUscc(rng, division, { authority: draft.authority, type: draft.type });
      while (usccs.has(uscc));
      usccs.add(uscc);
    }

    const repIds = c.info.repIds;
    const repId = tier === 'PROSPECT' && status === 'PROSPECT' && chance(rng, 0.25) ? null : pick(rng, repIds);

    const p = Math.floor(((i + rng()) * totalWorkSeconds) / total);
    const createdMs = HISTORY_START_MS + Math.floor(p / WORKDAY_S) * DAY_MS + (WORKDAY_START_S + (p % WORKDAY_S)) * 1000;
    let statusMs: number;
    switch (status) {
      case 'PROSPECT':
        statusMs = createdMs;
        break;
      case 'CONTACTED':
        statusMs = later(rng, createdMs, 1, 45);
        break;
      case 'NEGOTIATING':
        statusMs = later(rng, createdMs, 15, 120);
        break;
      case 'ACTIVE':
        statusMs = later(rng, createdMs, 0, 90);
        break;
      default:
        statusMs = later(rng, createdMs, 90, 800);
    }
    const updatedMs = chance(rng, 0.5) ? statusMs : later(rng, statusMs, 0, 400);

    customers.id.push(id);
    customers.name.push(name);
    customers.uscc.push(uscc);
    customers.kind.push(kind);
    customers.utility.push(utility);
    customers.tier.push(tier);
    customers.status.push(status);
    customers.orgUnitId.push(c.info.unit.id);
    customers.repId.push(repId);
    customers.address.push(address(rng, c, kind));
    customers.consumption.push(consumption(rng, tier, kind));
    customers.statusChangedAt.push(iso(statusMs));
    customers.createdAt.push(iso(createdMs));
    customers.updatedAt.push(iso(updatedMs));
    const consumptionValue = customers.consumption[customers.consumption.length - 1]!;

    // Contacts: the first is the primary one (a decision maker or finance).
    const count = CONTACT_COUNT.pick(rng);
    const titlesUsed = new Set<string>();
    let signer: string | null = null;
    for (let k = 0; k < count; k++) {
      let entry = (k === 0 ? primaryTitles : otherTitles).get(kind)!.pick(rng);
      for (let attempt = 0; attempt < 4 && titlesUsed.has(entry[0]); attempt++) entry = otherTitles.get(kind)!.pick(rng);
      if (titlesUsed.has(entry[0])) continue;
      titlesUsed.add(entry[0]);
      const person = makePerson(rng);
      if (k === 0) signer = person.name;
      const phone = chance(rng, kind === 'PUBLIC_INSTITUTION' ? 0.4 : 0.2) ? landline(rng) : mobilePhone(rng);
      contacts.id.push(++contactId);
      contacts.customerId.push(id);
      contacts.name.push(person.name);
      contacts.title.push(entry[0]);
      contacts.role.push(entry[1]);
      contacts.phone.push(phone);
      contacts.email.push(chance(rng, 0.45) ? email(rng, person) : null);
      contacts.wechat.push(chance(rng, 0.65) ? wechat(rng, person, phone) : null);
      contacts.isPrimary.push(k === 0);
      contacts.createdAt.push(iso(k === 0 ? createdMs : later(rng, createdMs, 0, 365)));
    }

    const extras = crm.customer({
      id, name, station: c, stationIndex: stationIndex.get(c)!, tier, kind, utility, status, repId,
      createdMs, statusMs, consumption: consumptionValue, signer,
    });
    customers.industry.push(extras.industry);
    customers.source.push(extras.source);
    customers.sourceDetail.push(extras.sourceDetail);
    customers.referredById.push(extras.referredById);
    customers.district.push(extras.district);
    customers.latitude.push(extras.latitude);
    customers.longitude.push(extras.longitude);
    customers.leaderId.push(extras.responsibleLeaderId);
    customers.dishonest.push(extras.dishonest);
    customers.dishonestSince.push(extras.dishonestSince);
    customers.riskLevel.push(extras.riskLevel);
    customers.developedAt.push(extras.developedAt);

    if (customers.id.length === BATCH_SIZE) await flush(id);
  }
  if (customers.id.length > 0) await flush(total);

  // Each open account's fee collector 收费员: one of its station's collectors, in turn.
  await client.query(
    `update service_account sa set collector_id = c.ids[1 + sa.id % array_length(c.ids, 1)]
     from (select org_unit_id, array_agg(id order by id) as ids from app_user where role = 'COLLECTOR' group by org_unit_id) c
     where c.org_unit_id = sa.org_unit_id and sa.status <> 'CLOSED'`,
  );
  // Who holds what since when 责任人履历 (modules/rotation), now that reps, leaders and collectors are in.
  await seedResponsibilityHistory(client);

  // Visits, once every customer and service account is in.
  const visits = await seedVisits(
    client,
    mulberry32(seed ^ 0x76697369),
    crm.facts,
    contexts,
    Math.round(total * visitsPerCustomer),
    (done, all) => opts.onProgress?.(done, all, 'visits'),
  );
  // Meters, readings and monthly consumption of the gas and power key accounts (modules/meters).
  await seedMeters(client, mulberry32(seed ^ 0x6d657472));

  // The receivables ledger 应收账款 (bills, payments, plans) of the service accounts above.
  const ledger = await seedReceivables(client, mulberry32(seed ^ 0x6c656467), BASE_MS, ledgerMonths);
  // Inspections, rectification notices and return visits of the gas key accounts (modules/inspections).
  await seedInspections(client, mulberry32(seed ^ 0x696e7370), BASE_MS);

  // Leaderboard and target counters from every fact above (the bulk inserts bypass the counting hooks).
  // Imported here: config.ts imports this file, and the counters module imports the config through the calendar.
  const { rebuildMetricCounters } = await import('../../modules/metrics/metric-counters.js');
  await rebuildMetricCounters(client);
  // Targets cascaded down the tree 目标分解 (modules/targets; seed 001's 195 key accounts per branch).
  await seedTargets(client, BASE_DATE);
  // Collection campaigns 清欠专项行动 per branch over the ledger above (modules/campaigns).
  await seedCampaigns(client, BASE_DATE);

  for (const table of SEQUENCED_TABLES) {
    await client.query(
      `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
    );
  }

  return {
    orgUnits: ou.length,
    users: us.length,
    customers: total,
    contacts: contactId,
    ...crm.counts(),
    visits: visits.visits,
    visitParticipants: visits.participants,
    ...ledger,
  };
}

/** Tables whose id sequences the seed moves past its explicit ids. */
const SEQUENCED_TABLES = [
  'org_unit', 'app_user', 'customer', 'contact', 'customer_status_change', 'service_account', 'contract',
  'contract_event', 'risk_entry', 'visit',
  'bill', 'payment', 'allocation', 'adjustment', 'refund', 'installment_plan', 'instalment',
  'inspection', 'inspection_finding', 'rectification_notice', 'return_visit',
  'meter',
];

/** Every table the seed fills. */
const SEEDED_TABLES = [...SEQUENCED_TABLES, 'visit_participant'];
