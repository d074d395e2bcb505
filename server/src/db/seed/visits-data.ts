/**
 * Visits 走访 of the demo data: phone calls, on-site visits, WeChat, events
 * and seminars over the 3 years before BASE_DATE, with who went (the
 * recorder always; colleagues and leaders on some), outcomes and next steps,
 * promises to pay on collection visits, satisfaction on return visits and a
 * check-in on every on-site visit — the rules of modules/visits/visit.service.ts:
 *
 * - ON_SITE has check-in time (within 12 h of the visit) and coordinates; other channels none;
 * - a promise (amount > 0, date not before the visit day) only on COLLECTION;
 * - satisfaction 1–5 always on RETURN_VISIT, sometimes on SERVICE, never elsewhere;
 * - a next-step due date needs a next step and is not before the visit day.
 *
 * A customer gets visits in proportion to how long it has been known, from
 * its creation on (prospects never contacted get none). Rows go in batches
 * of BATCH rows; the next batch is drawn while PostgreSQL stores the last.
 */
import type { ClientBase } from 'pg';
import { Weighted, chance, pick, randInt, type Rng } from './prng.js';
import { offset } from './geo.js';
import { NEXT_STEPS, OUTCOMES, type Purpose } from './crm-phrases.js';
import { DAY_MS, type StationRef, type VisitFacts } from './crm-data.js';

const BATCH = 25_000;
const CST_MS = 8 * 3_600_000;

const CHANNELS = new Weighted<string>([
  ['PHONE', 50],
  ['ON_SITE', 35],
  ['WECHAT', 10],
  ['EVENT', 3],
  ['SEMINAR', 2],
]);

const BEFORE_DEVELOPED = new Weighted<Purpose>([
  ['DEVELOPMENT', 85],
  ['CONTRACT', 15],
]);

const SUPPLIED: Record<'plain' | 'piped' | 'risky', Weighted<Purpose>> = {
  plain: new Weighted<Purpose>([
    ['COLLECTION', 28], ['SERVICE', 22], ['RETURN_VISIT', 20], ['INSPECTION', 8], ['CONTRACT', 7], ['COMPLAINT', 5], ['DEVELOPMENT', 10],
  ]),
  piped: new Weighted<Purpose>([
    ['COLLECTION', 25], ['SERVICE', 18], ['RETURN_VISIT', 18], ['INSPECTION', 20], ['CONTRACT', 6], ['COMPLAINT', 5], ['DEVELOPMENT', 8],
  ]),
  risky: new Weighted<Purpose>([
    ['COLLECTION', 60], ['SERVICE', 8], ['RETURN_VISIT', 10], ['INSPECTION', 10], ['CONTRACT', 7], ['COMPLAINT', 5],
  ]),
};

const SATISFACTION = new Weighted<number>([[5, 50], [4, 35], [3, 10], [2, 3], [1, 2]]);

/** Purposes that may be about one service account. */
const ACCOUNT_PURPOSES = new Set<Purpose>(['COLLECTION', 'INSPECTION', 'SERVICE', 'COMPLAINT']);

// Moments travel as epoch milliseconds and days as day numbers: formatting
// millions of ISO strings in JavaScript took longer than storing the rows.
const CHANNEL_NAMES = ['PHONE', 'ON_SITE', 'WECHAT', 'EVENT', 'SEMINAR'] as const;
const PURPOSE_NAMES = ['DEVELOPMENT', 'COLLECTION', 'SERVICE', 'RETURN_VISIT', 'INSPECTION', 'CONTRACT', 'COMPLAINT'] as const;

/** Every outcome and next-step phrase; rows carry 1-based positions in this list. */
const TEXTS: string[] = [];
const textCodes = (phrases: readonly string[]) => phrases.map((t) => TEXTS.push(t));
const OUTCOME_CODES = Object.fromEntries(PURPOSE_NAMES.map((p) => [p, textCodes(OUTCOMES[p])])) as Record<Purpose, number[]>;
const NEXT_STEP_CODES = Object.fromEntries(PURPOSE_NAMES.map((p) => [p, textCodes(NEXT_STEPS[p])])) as Record<Purpose, number[]>;
const CHANNEL_CODE = Object.fromEntries(CHANNEL_NAMES.map((c, i) => [c, i + 1])) as Record<string, number>;
const PURPOSE_CODE = Object.fromEntries(PURPOSE_NAMES.map((p, i) => [p, i + 1])) as Record<Purpose, number>;

// Every column travels as a number: texts as positions in the lists above,
// moments as epoch milliseconds, days as day numbers, money in fen. Formatting
// millions of ISO strings and escaping millions of texts took longer in
// JavaScript than storing the rows took PostgreSQL.
const INSERT_VISITS = `
  insert into visit (id, customer_id, service_account_id, channel, purpose, occurred_at, outcome, next_step, next_step_due_on,
                     promised_amount, promised_on, satisfaction, check_in_at, check_in_latitude, check_in_longitude,
                     recorded_by_id, created_at)
  select id, customer_id, service_account_id, ($18::text[])[channel], ($19::text[])[purpose], to_timestamp(occurred_ms / 1000),
         ($20::text[])[outcome], ($20::text[])[next_step], date '1970-01-01' + next_step_due_day, promised_fen / 100.0,
         date '1970-01-01' + promised_day, satisfaction, to_timestamp(check_in_ms / 1000), check_in_latitude, check_in_longitude,
         recorded_by_id, to_timestamp(created_ms / 1000)
  from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::int[], $8::int[], $9::int[],
              $10::int8[], $11::int[], $12::smallint[], $13::float8[], $14::float8[], $15::float8[], $16::int[], $17::float8[])
    as v(id, customer_id, service_account_id, channel, purpose, occurred_ms, outcome, next_step, next_step_due_day,
         promised_fen, promised_day, satisfaction, check_in_ms, check_in_latitude, check_in_longitude, recorded_by_id,
         created_ms)`;

const INSERT_PARTICIPANTS = `insert into visit_participant (visit_id, user_id) select * from unnest($1::int[], $2::int[])`;

/** How many visits each customer gets: `total` spread by how long it has been visitable. */
export function visitCounts(facts: VisitFacts, total: number): Int32Array {
  const counts = new Int32Array(facts.count);
  const weights = new Float64Array(facts.count);
  let sum = 0;
  for (let i = 0; i < facts.count; i++) {
    if (facts.stage[i] === 0) continue;
    const days = Math.max(1, Math.floor((facts.endMs[i]! - facts.createdMs[i]!) / DAY_MS));
    // Prospects in talks are called and visited less than supplied customers.
    weights[i] = facts.stage[i] === 1 ? days * 0.4 : days;
    sum += weights[i]!;
  }
  if (sum === 0) return counts;
  let acc = 0;
  let given = 0;
  for (let i = 0; i < facts.count; i++) {
    acc += (total * weights[i]!) / sum;
    const upTo = Math.round(acc);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}

/** A PostgreSQL array literal of numbers; 0 and NaN stand for NULL. */
function pgArray(values: ArrayLike<number>, n: number): string {
  const parts = new Array<string | number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    parts[i] = v === 0 || v !== v ? 'NULL' : v;
  }
  return `{${parts.join(',')}}`;
}

/** One batch of visits in column buffers (0 / NaN = NULL), reused from batch to batch. */
class VisitColumns {
  n = 0;
  readonly ints = {
    id: new Int32Array(BATCH),
    customerId: new Int32Array(BATCH),
    serviceAccountId: new Int32Array(BATCH),
    channel: new Int32Array(BATCH),
    purpose: new Int32Array(BATCH),
    outcome: new Int32Array(BATCH),
    nextStep: new Int32Array(BATCH),
    nextStepDueDay: new Int32Array(BATCH),
    promisedFen: new Float64Array(BATCH),
    promisedDay: new Int32Array(BATCH),
    satisfaction: new Int32Array(BATCH),
    recordedBy: new Int32Array(BATCH),
  };
  readonly floats = {
    occurredMs: new Float64Array(BATCH),
    checkInMs: new Float64Array(BATCH),
    checkInLatitude: new Float64Array(BATCH),
    checkInLongitude: new Float64Array(BATCH),
    createdMs: new Float64Array(BATCH),
  };
  participantVisit: number[] = [];
  participantUser: number[] = [];

  /** The INSERT parameters (strings), leaving the buffers free for the next batch. */
  take(): { visits: string[]; participants: string[] } {
    const { n, ints: i, floats: f } = this;
    const a = (values: ArrayLike<number>) => pgArray(values, n);
    const visits = [
      a(i.id), a(i.customerId), a(i.serviceAccountId), a(i.channel), a(i.purpose), a(f.occurredMs), a(i.outcome), a(i.nextStep),
      a(i.nextStepDueDay), a(i.promisedFen), a(i.promisedDay), a(i.satisfaction), a(f.checkInMs), a(f.checkInLatitude),
      a(f.checkInLongitude), a(i.recordedBy), a(f.createdMs),
    ];
    const participants = [pgArray(this.participantVisit, this.participantVisit.length), pgArray(this.participantUser, this.participantUser.length)];
    this.n = 0;
    this.participantVisit = [];
    this.participantUser = [];
    return { visits, participants };
  }
}

export interface VisitSeedResult {
  visits: number;
  participants: number;
}

/**
 * Inserts `total` visits (about) for the customers in `facts`, reporting
 * progress after each batch. `stations[facts.stationIndex[i]]` gives each
 * customer's colleagues.
 */
export async function seedVisits(
  client: ClientBase,
  rng: Rng,
  facts: VisitFacts,
  stations: readonly StationRef[],
  total: number,
  onProgress?: (done: number, total: number) => void,
): Promise<VisitSeedResult> {
  const counts = visitCounts(facts, total);
  let planned = 0;
  for (const n of counts) planned += n;
  onProgress?.(0, planned);

  const batch = new VisitColumns();
  const { ints, floats } = batch;
  const lists = [CHANNEL_NAMES, PURPOSE_NAMES, TEXTS];
  let visitId = 0;
  let participants = 0;
  let pending: Promise<unknown> | null = null;
  const send = async () => {
    participants += batch.participantVisit.length;
    const params = batch.take();
    const done = visitId;
    // Wait for the previous batch, then hand this one over and go on drawing the next.
    if (pending) await pending;
    pending = Promise.all([
      client.query(INSERT_VISITS, [...params.visits, ...lists]),
      client.query(INSERT_PARTICIPANTS, params.participants),
    ]).then(() => onProgress?.(done, planned));
  };

  for (let i = 0; i < facts.count; i++) {
    const n = counts[i]!;
    if (n === 0) continue;
    const customerId = i + 1;
    const station = stations[facts.stationIndex[i]!]!;
    const created = facts.createdMs[i]!;
    const developed = facts.developedMs[i]!;
    const end = facts.endMs[i]!;
    const closedFrom = facts.stage[i] === 3 ? end - 180 * DAY_MS : Number.POSITIVE_INFINITY;
    const colleagues = [...station.info.repIds, ...station.info.collectorIds];
    const collectors = station.info.collectorIds;
    const rep = facts.repId[i] || pick(rng, station.info.repIds);
    const supplied = facts.risky[i] ? SUPPLIED.risky : facts.piped[i] ? SUPPLIED.piped : SUPPLIED.plain;
    const accounts = facts.accountCount[i]!;

    for (let k = 0; k < n; k++) {
      const at = workingTime(rng, created, end);
      const channel = CHANNELS.pick(rng);
      const purpose: Purpose =
        at >= closedFrom ? 'COLLECTION' : developed === 0 || at < developed ? BEFORE_DEVELOPED.pick(rng) : supplied.pick(rng);
      // Day number (days since 1970-01-01) of the visit's calendar day in Beijing time.
      const day = Math.floor((at + CST_MS) / DAY_MS);
      const j = batch.n++;
      const id = ++visitId;
      ints.id[j] = id;
      ints.customerId[j] = customerId;
      ints.serviceAccountId[j] =
        accounts > 0 && ACCOUNT_PURPOSES.has(purpose) && chance(rng, 0.6) ? facts.firstAccountId[i]! + randInt(rng, 0, accounts - 1) : 0;
      ints.channel[j] = CHANNEL_CODE[channel]!;
      ints.purpose[j] = PURPOSE_CODE[purpose];
      floats.occurredMs[j] = at;
      ints.outcome[j] = pick(rng, OUTCOME_CODES[purpose]);
      if (chance(rng, 0.6)) {
        ints.nextStep[j] = pick(rng, NEXT_STEP_CODES[purpose]);
        ints.nextStepDueDay[j] = chance(rng, 0.8) ? day + randInt(rng, 1, 30) : 0;
      } else {
        ints.nextStep[j] = 0;
        ints.nextStepDueDay[j] = 0;
      }
      if (purpose === 'COLLECTION' && chance(rng, 0.3)) {
        ints.promisedFen[j] = randInt(rng, 500, 200_000) * 100 + (chance(rng, 0.3) ? randInt(rng, 1, 99) : 0);
        ints.promisedDay[j] = day + randInt(rng, 0, 30);
      } else {
        ints.promisedFen[j] = 0;
        ints.promisedDay[j] = 0;
      }
      ints.satisfaction[j] = purpose === 'RETURN_VISIT' || (purpose === 'SERVICE' && chance(rng, 0.4)) ? SATISFACTION.pick(rng) : 0;
      if (channel === 'ON_SITE') {
        // Checked in on arrival, a little before the visit is logged as happening.
        floats.checkInMs[j] = Math.max(created, at - randInt(rng, 0, 40) * 60_000);
        const [lat, lng] = offset(rng, [facts.latitude[i]!, facts.longitude[i]!], 0.2 * rng());
        floats.checkInLatitude[j] = lat;
        floats.checkInLongitude[j] = lng;
      } else {
        floats.checkInMs[j] = Number.NaN;
        floats.checkInLatitude[j] = Number.NaN;
        floats.checkInLongitude[j] = Number.NaN;
      }

      // Who went: the recorder (a collector on some collection visits), sometimes colleagues or a leader.
      const recorder = purpose === 'COLLECTION' && collectors.length > 0 && chance(rng, 0.4) ? pick(rng, collectors) : rep;
      ints.recordedBy[j] = recorder;
      floats.createdMs[j] = Math.min(at + randInt(rng, 2, 240) * 60_000, end);
      batch.participantVisit.push(id);
      batch.participantUser.push(recorder);
      if (chance(rng, 0.3)) {
        const went = new Set<number>([recorder]);
        if (chance(rng, 1 / 6)) went.add(facts.leaderId[i]!);
        if (went.size === 1 || chance(rng, 0.5)) {
          const extra = randInt(rng, 1, 2);
          for (let e = 0; e < extra; e++) went.add(pick(rng, colleagues));
        }
        went.delete(recorder);
        for (const user of went) {
          batch.participantVisit.push(id);
          batch.participantUser.push(user);
        }
      }

      if (batch.n === BATCH) await send();
    }
  }
  if (batch.n > 0) await send();
  if (pending) await pending;
  return { visits: visitId, participants };
}

/**
 * A moment in [from, to): a uniformly drawn day, during working hours
 * (08:00–19:00 Beijing time) unless that falls outside the range.
 */
function workingTime(rng: Rng, from: number, to: number): number {
  const t = from + Math.floor(rng() * (to - from));
  const local = t + CST_MS;
  const midnight = local - (local % DAY_MS);
  const seconds = 8 * 3600 + randInt(rng, 0, 11 * 3600 - 1);
  const moved = midnight - CST_MS + seconds * 1000;
  return moved >= from && moved < to ? moved : t;
}
