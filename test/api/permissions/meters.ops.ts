/**
 * Meters 计量仪表: reading them needs customers:read; installing, removing and
 * calibrating need customers:write; readings need meters:write (admins, reps,
 * collectors, AMR keys); the swing thresholds are the admins'.
 */
import type { TestServer } from '../../support/harness.js';
import { COMPANY_WIDE, READERS, WRITERS, next, only, type BaseTargets, type CallerName, type OperationSet } from './matrix.js';

interface Targets {
  accountOwn: string;
  accountB: string;
  meterOwn: string;
  meterB: string;
}

const READING_WRITERS: CallerName[] = ['admin', 'rep', 'collector'];

const ADD = `mutation($input: AddServiceAccountInput!) { addServiceAccount(input: $input) { serviceAccount { id } } }`;
const INSTALL = `mutation($input: InstallMeterInput!) { installMeter(input: $input) { meter { id serial serviceAccount { id } } } }`;
const REMOVE = `mutation($input: RemoveMeterInput!) { removeMeter(input: $input) { meter { id removedOn } } }`;
const CALIBRATE = `mutation($input: RecordCalibrationInput!) { recordCalibration(input: $input) { meter { id nextCalibrationDue } } }`;
const READ = `mutation($input: RecordMeterReadingInput!) { recordMeterReading(input: $input) { reading { id value } } }`;
const BATCH = `mutation($input: RecordMeterReadingsInput!) { recordMeterReadings(input: $input) { createdCount results { status } } }`;

async function ok(server: TestServer, query: string, input: Record<string, unknown>) {
  const res = await server.gql(query, { input });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const meterInput = (serviceAccountId: string) => ({
  serviceAccountId, model: '矩阵流量计', serial: `MX${String(next()).padStart(8, '0')}`, installedOn: '2024-12-31', calibrationIntervalMonths: 24, initialReading: '0',
});

/** A day after every earlier one in this file, with a register that only grows. */
let readings = 0;
const reading = (meterId: string) => {
  const k = ++readings;
  const day = new Date(Date.UTC(2025, 0, 1 + k)).toISOString().slice(0, 10);
  return { meterId, readOn: day, value: String(k * 10), source: 'AMR' };
};

export const matrix: OperationSet<Targets> = {
  async setup(server: TestServer, base: BaseTargets): Promise<Targets> {
    const add = async (customerId: string, orgUnitId: string) =>
      (await ok(server, ADD, { customerId, accountNumber: `4455${String(next()).padStart(10, '0')}`, orgUnitId, address: '权限矩阵计量地址', utility: 'GAS' })).addServiceAccount
        .serviceAccount.id as string;
    const accountOwn = await add(base.custOwn, base.stationA);
    const accountB = await add(base.custB, base.stationB);
    const meterOwn = (await ok(server, INSTALL, meterInput(accountOwn))).installMeter.meter.id as string;
    const meterB = (await ok(server, INSTALL, meterInput(accountB))).installMeter.meter.id as string;
    return { accountOwn, accountB, meterOwn, meterB };
  },
  operations: [
    {
      name: 'query meters',
      run: (s, c) => s.gql(`{ meters(first: 5) { totalCount edges { node { id serial calibrationStatus serviceAccount { id } } } } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query service account meters and customer consumption (own, 贵阳)',
      run: (s, c, t) =>
        s.gql(`query($id: ID!) { customer(id: $id) { id consumption(from: "2025-01", to: "2025-12") { month quantity } serviceAccounts { meters { id } consumption(from: "2025-01", to: "2025-12") { month } } } }`, { id: t.custOwn }, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation installMeter (own, 贵阳)',
      run: (s, c, t) => s.gql(INSTALL, { input: meterInput(t.accountOwn) }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation installMeter (other branch)',
      run: (s, c, t) => s.gql(INSTALL, { input: meterInput(t.accountB) }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation removeMeter (own, 贵阳)',
      run: async (s, c, t) => {
        const fresh = (await ok(s, INSTALL, meterInput(t.accountOwn))).installMeter.meter.id;
        return s.gql(REMOVE, { input: { meterId: fresh, removedOn: '2025-01-31', finalReading: '10', reason: '矩阵拆表' } }, c.headers);
      },
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordCalibration (own, 贵阳)',
      run: (s, c, t) => s.gql(CALIBRATE, { input: { meterId: t.meterOwn, calibratedOn: '2025-01-15', result: 'PASSED', certificateReference: `JD-M-${next()}` } }, c.headers),
      expect: only(WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordCalibration (other branch)',
      run: (s, c, t) => s.gql(CALIBRATE, { input: { meterId: t.meterB, calibratedOn: '2025-01-15', result: 'PASSED', certificateReference: `JD-M-${next()}` } }, c.headers),
      expect: only(['admin', 'lead'], 'ok', 'FORBIDDEN', { 'lead.gy': 'NOT_FOUND', rep: 'NOT_FOUND', 'key:write@gy': 'NOT_FOUND' }),
    },
    {
      name: 'mutation recordMeterReading (own, 贵阳)',
      run: (s, c, t) => s.gql(READ, { input: reading(t.meterOwn) }, c.headers),
      expect: only(READING_WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation recordMeterReading (other branch)',
      run: (s, c, t) => s.gql(READ, { input: reading(t.meterB) }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN', { rep: 'NOT_FOUND', collector: 'NOT_FOUND' }),
    },
    {
      name: 'mutation recordMeterReadings (own, 贵阳)',
      run: (s, c, t) => s.gql(BATCH, { input: { readings: [reading(t.meterOwn)] } }, c.headers),
      expect: only(READING_WRITERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query consumptionSwingThresholds',
      run: (s, c) => s.gql(`{ consumptionSwingThresholds { tier percent isDefault } }`, {}, c.headers),
      expect: only(READERS, 'ok', 'FORBIDDEN'),
    },
    {
      name: 'mutation updateConsumptionSwingThresholds',
      run: (s, c) => s.gql(`mutation($input: UpdateConsumptionSwingThresholdsInput!) { updateConsumptionSwingThresholds(input: $input) { thresholds { tier } } }`, { input: { thresholds: [{ tier: 'REGULAR', percent: '50.00' }] } }, c.headers),
      expect: only(['admin'], 'ok', 'FORBIDDEN'),
    },
    {
      name: 'query node (meter, other branch)',
      run: (s, c, t) => s.gql(`query($id: ID!) { node(id: $id) { id ... on Meter { serial } } }`, { id: t.meterB }, c.headers),
      expect: only(COMPANY_WIDE, 'ok', 'null'),
    },
  ],
};
