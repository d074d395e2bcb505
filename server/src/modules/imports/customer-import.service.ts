/**
 * Importing customers with their service accounts 户号 and contacts from a
 * file (README "Import and export"). Every row goes through the very
 * mutations a client would call — createCustomer, addServiceAccount,
 * addContact: their input validation, permission checks and service rules —
 * inside ONE transaction (each mutation's own transaction becomes a savepoint
 * in it, so one bad row does not hide the next). The file is all or nothing: a dry run, or a file with
 * any bad row, rolls everything back and reports every bad row with its line,
 * column and reason.
 *
 * Rows belong to one customer when they share its USCC, or its name when they
 * have no USCC; a customer you may already see (same USCC, or same name
 * without USCC) is not created again: its rows add service accounts and
 * contacts to it, and its customer columns are not changed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type FieldError } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/global-id.js';
import type { DataScope } from '../auth/viewer.js';
import { Customer } from '../customers/customer.entity.js';
import { customerScopeFilter } from '../customers/customer.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { User } from '../org/user.entity.js';
import {
  COLUMNS,
  booleanOf,
  choicesOf,
  enumOf,
  headerOf,
  type ColumnKey,
  type EnumColumn,
  type FileRow,
} from './customer-columns.js';
import { decodeContent, readCustomerFile, type FileFormat } from './customer-file.js';
import type { ImportRowError } from './imports.errors.js';

export type MutationName = 'createCustomer' | 'addServiceAccount' | 'addContact';

/**
 * The mutations as a client calls them: GraphQL-shaped input (enum names,
 * global IDs, Decimal strings) in, the id of the created object out. Errors
 * are the mutations' own AppErrors, naming input fields.
 */
export interface Mutations {
  run(em: EntityManager, name: MutationName, input: Record<string, unknown>): Promise<number>;
  /** The input checks alone, writing nothing: for rows whose customer could not be created. */
  check(name: MutationName, input: Record<string, unknown>): Promise<FieldError[]>;
}

export interface ImportCounts {
  customers: number;
  serviceAccounts: number;
  contacts: number;
}

export interface ImportResult {
  dryRun: boolean;
  written: boolean;
  rowsRead: number;
  created: ImportCounts;
  errors: ImportRowError[];
}

/** Which column each mutation input field comes from, for error messages. */
const FIELD_COLUMNS: Record<MutationName, Record<string, ColumnKey>> = {
  createCustomer: {
    name: 'name', uscc: 'uscc', kind: 'kind', utility: 'utility', tier: 'tier', status: 'status', statusReason: 'statusReason',
    orgUnitId: 'orgUnitCode', responsibleRepId: 'repLogin', responsibleLeaderId: 'leaderLogin', address: 'address',
    district: 'district', industry: 'industry', source: 'source', sourceDetail: 'sourceDetail', latitude: 'latitude',
    longitude: 'longitude', estimatedMonthlyConsumption: 'estimatedMonthlyConsumption',
  },
  addServiceAccount: {
    customerId: 'name', accountNumber: 'accountNumber', orgUnitId: 'accountOrgUnitCode', address: 'accountAddress',
    district: 'accountDistrict', utility: 'accountUtility', meterPoints: 'meterPoints',
  },
  addContact: {
    customerId: 'name', name: 'contactName', title: 'contactTitle', role: 'contactRole', phone: 'contactPhone',
    email: 'contactEmail', wechat: 'contactWechat', isPrimary: 'contactPrimary',
  },
};

/** The column a mutation's "the whole thing" error belongs to. */
const MAIN_COLUMN: Record<MutationName, ColumnKey> = { createCustomer: 'name', addServiceAccount: 'accountNumber', addContact: 'contactName' };

const CUSTOMER_KEYS = COLUMNS.filter((c) => c.part === 'customer').map((c) => c.key as ColumnKey);
const ACCOUNT_KEYS = COLUMNS.filter((c) => c.part === 'account').map((c) => c.key as ColumnKey);
const CONTACT_KEYS = COLUMNS.filter((c) => c.part === 'contact').map((c) => c.key as ColumnKey);

/** Thrown inside the transaction to roll it back with the result in hand. */
class RollBack {
  constructor(readonly result: ImportResult) {}
}

interface Group {
  key: string;
  rows: FileRow[];
}

interface Lookups {
  orgUnits: Map<string, number>;
  users: Map<string, number>;
}

export class CustomerImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly mutations: Mutations,
  ) {}

  async importCustomers(format: FileFormat, content: string, dryRun: boolean): Promise<ImportResult> {
    const file = await readCustomerFile(format, decodeContent(content));
    const created: ImportCounts = { customers: 0, serviceAccounts: 0, contacts: 0 };
    const result = (errors: ImportRowError[], written: boolean): ImportResult => ({
      dryRun,
      written,
      rowsRead: file.rows.length,
      created,
      errors: errors.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field)),
    });
    if (file.problems.length) return result(file.problems, false);

    const errors: ImportRowError[] = [];
    const groups = this.group(file.rows, errors);
    const lookups = await this.lookups(file.rows);
    const existing = await this.existingCustomers(groups, errors);
    try {
      await this.em.transactional(async (em) => {
        const accountLines = new Map<string, number>();
        for (const group of groups) {
          await this.importGroup(em, group, existing.get(group.key) ?? null, lookups, accountLines, created, errors);
          // Each group's entities are done with; an identity map of thousands of rows would slow every flush.
          em.clear();
        }
        if (dryRun || errors.length > 0) throw new RollBack(result(errors, false));
      });
    } catch (error) {
      if (error instanceof RollBack) return error.result;
      throw error;
    }
    return result(errors, true);
  }

  /** Rows by customer: its USCC, or its name when it has none. */
  private group(rows: FileRow[], errors: ImportRowError[]): Group[] {
    const groups = new Map<string, Group>();
    for (const row of rows) {
      const uscc = row.cells.uscc.toUpperCase();
      if (!uscc && !row.cells.name) {
        errors.push({ line: row.line, field: headerOf('name'), message: 'must not be empty' });
        continue;
      }
      const key = uscc ? `uscc:${uscc}` : `name:${row.cells.name}`;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, { key, rows: [row] });
        continue;
      }
      // The customer's columns repeat; a later row may leave them blank but not say something else.
      const first = group.rows[0]!;
      for (const column of CUSTOMER_KEYS) {
        const value = row.cells[column];
        if (value && value !== first.cells[column] && !(column === 'uscc' && value.toUpperCase() === first.cells.uscc.toUpperCase())) {
          errors.push({ line: row.line, field: headerOf(column), message: `differs from line ${first.line}, the first row of this customer` });
        }
      }
      group.rows.push(row);
    }
    return [...groups.values()];
  }

  /** Org units by code and users by login, in two statements. */
  private async lookups(rows: FileRow[]): Promise<Lookups> {
    const codes = new Set<string>();
    const logins = new Set<string>();
    for (const { cells } of rows) {
      for (const code of [cells.orgUnitCode, cells.accountOrgUnitCode]) if (code) codes.add(code);
      for (const login of [cells.repLogin, cells.leaderLogin]) if (login) logins.add(login);
    }
    const units = codes.size ? await this.em.find(OrgUnit, { code: { $in: [...codes] } }, { fields: ['id', 'code'] }) : [];
    const users = logins.size ? await this.em.find(User, { login: { $in: [...logins] } }, { fields: ['id', 'login'] }) : [];
    return { orgUnits: new Map(units.map((u) => [u.code, u.id])), users: new Map(users.map((u) => [u.login, u.id])) };
  }

  /** Customers of the file that the viewer can already see. */
  private async existingCustomers(groups: Group[], errors: ImportRowError[]): Promise<Map<string, number>> {
    const usccs = groups.filter((g) => g.key.startsWith('uscc:')).map((g) => g.key.slice(5));
    const names = groups.filter((g) => g.key.startsWith('name:')).map((g) => g.key.slice(5));
    const found = new Map<string, number>();
    if (usccs.length) {
      const rows = await this.em.find(Customer, { $and: [{ uscc: { $in: usccs } }, customerScopeFilter(this.scope)] }, { fields: ['id', 'uscc'] });
      for (const c of rows) found.set(`uscc:${c.uscc}`, c.id);
    }
    if (names.length) {
      const rows = await this.em.find(Customer, { $and: [{ name: { $in: names } }, customerScopeFilter(this.scope)] }, { fields: ['id', 'name'] });
      const byName = new Map<string, number[]>();
      for (const c of rows) byName.set(c.name, [...(byName.get(c.name) ?? []), c.id]);
      for (const group of groups) {
        if (!group.key.startsWith('name:')) continue;
        const ids = byName.get(group.key.slice(5));
        if (!ids) continue;
        if (ids.length === 1) found.set(group.key, ids[0]!);
        else {
          errors.push({
            line: group.rows[0]!.line,
            field: headerOf('uscc'),
            message: `is needed: ${ids.length} customers you can see are named ${group.key.slice(5)}`,
          });
        }
      }
    }
    this.em.clear();
    return found;
  }

  private async importGroup(
    em: EntityManager,
    group: Group,
    existingId: number | null,
    lookups: Lookups,
    accountLines: Map<string, number>,
    created: ImportCounts,
    errors: ImportRowError[],
  ): Promise<void> {
    const first = group.rows[0]!;
    let customerId = existingId;
    if (customerId === null) {
      const input = this.customerInput(first, lookups, errors);
      if (input) {
        customerId = await this.write(em, 'createCustomer', input, first.line, errors);
        if (customerId !== null) created.customers++;
      }
    }
    for (const row of group.rows) {
      const { cells } = row;
      if (ACCOUNT_KEYS.some((k) => cells[k])) {
        const input = this.accountInput(row, customerId, lookups, errors);
        const number = cells.accountNumber;
        const seenOn = accountLines.get(number);
        if (number && seenOn !== undefined) {
          errors.push({ line: row.line, field: headerOf('accountNumber'), message: `appears again in the file (first on line ${seenOn})` });
        } else if (input) {
          if (number) accountLines.set(number, row.line);
          if (customerId === null) await this.checkOnly('addServiceAccount', input, row.line, errors);
          else if ((await this.write(em, 'addServiceAccount', input, row.line, errors)) !== null) created.serviceAccounts++;
        }
      }
      if (CONTACT_KEYS.some((k) => cells[k])) {
        const input = this.contactInput(row, customerId, errors);
        if (input) {
          if (customerId === null) await this.checkOnly('addContact', input, row.line, errors);
          else if ((await this.write(em, 'addContact', input, row.line, errors)) !== null) created.contacts++;
        }
      }
    }
  }

  /**
   * One mutation; its errors become row errors. The mutations write inside
   * their own `em.transactional`, a savepoint here, so a turned-down row
   * leaves nothing behind and the import goes on with the next one.
   */
  private async write(em: EntityManager, name: MutationName, input: Record<string, unknown>, line: number, errors: ImportRowError[]): Promise<number | null> {
    try {
      return await this.mutations.run(em, name, input);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(...rowErrors(name, line, error.fields, error.message, mainColumn(name, error, input)));
      return null;
    }
  }

  private async checkOnly(name: MutationName, input: Record<string, unknown>, line: number, errors: ImportRowError[]): Promise<void> {
    errors.push(...rowErrors(name, line, await this.mutations.check(name, input), '', MAIN_COLUMN[name]));
  }

  // -------------------------------------------------------- cells → mutation inputs

  private customerInput(row: FileRow, lookups: Lookups, errors: ImportRowError[]): Record<string, unknown> | null {
    const cell = new CellReader(row, errors);
    const input: Record<string, unknown> = {
      name: row.cells.name,
      kind: cell.requiredEnum('kind', 'kind'),
      utility: cell.requiredEnum('utility', 'utility'),
      tier: cell.requiredEnum('tier', 'tier'),
      orgUnitId: cell.reference('orgUnitCode', 'OrgUnit', lookups.orgUnits, true),
    };
    cell.optional(input, 'uscc', row.cells.uscc.toUpperCase() || undefined);
    cell.optional(input, 'status', cell.enum('status', 'status'));
    cell.optional(input, 'statusReason', row.cells.statusReason || undefined);
    cell.optional(input, 'responsibleRepId', cell.reference('repLogin', 'User', lookups.users));
    cell.optional(input, 'responsibleLeaderId', cell.reference('leaderLogin', 'User', lookups.users));
    for (const key of ['address', 'district', 'industry', 'sourceDetail', 'estimatedMonthlyConsumption'] as const) {
      cell.optional(input, key, row.cells[key] || undefined);
    }
    cell.optional(input, 'source', cell.enum('source', 'source'));
    cell.optional(input, 'latitude', cell.number('latitude'));
    cell.optional(input, 'longitude', cell.number('longitude'));
    return cell.ok ? input : null;
  }

  private accountInput(row: FileRow, customerId: number | null, lookups: Lookups, errors: ImportRowError[]): Record<string, unknown> | null {
    const cell = new CellReader(row, errors);
    const input: Record<string, unknown> = {
      customerId: toGlobalId('Customer', customerId ?? 1),
      accountNumber: cell.required('accountNumber'),
      orgUnitId: cell.reference('accountOrgUnitCode', 'OrgUnit', lookups.orgUnits, true),
      address: cell.required('accountAddress'),
    };
    cell.optional(input, 'district', row.cells.accountDistrict || undefined);
    cell.optional(input, 'utility', cell.enum('accountUtility', 'utility'));
    cell.optional(input, 'meterPoints', cell.number('meterPoints'));
    return cell.ok ? input : null;
  }

  private contactInput(row: FileRow, customerId: number | null, errors: ImportRowError[]): Record<string, unknown> | null {
    const cell = new CellReader(row, errors);
    const input: Record<string, unknown> = {
      customerId: toGlobalId('Customer', customerId ?? 1),
      name: cell.required('contactName'),
      role: cell.enum('contactRole', 'contactRole') ?? 'OTHER',
    };
    for (const [key, column] of [['title', 'contactTitle'], ['phone', 'contactPhone'], ['email', 'contactEmail'], ['wechat', 'contactWechat']] as const) {
      cell.optional(input, key, row.cells[column] || undefined);
    }
    cell.optional(input, 'isPrimary', cell.boolean('contactPrimary'));
    return cell.ok ? input : null;
  }
}

/** The column an error without fields belongs to: the rep or leader for a refused assignment, else the row's main column. */
function mainColumn(name: MutationName, error: AppError, input: Record<string, unknown>): ColumnKey {
  const requires = error.details.requires;
  if (name === 'createCustomer' && Array.isArray(requires) && requires.includes('customers:assign')) {
    return input.responsibleRepId !== undefined ? 'repLogin' : 'leaderLogin';
  }
  return MAIN_COLUMN[name];
}

/** A mutation's field errors as row errors, named by column. */
function rowErrors(name: MutationName, line: number, fields: readonly FieldError[], message: string, main: ColumnKey): ImportRowError[] {
  if (fields.length === 0) return message ? [{ line, field: headerOf(main), message }] : [];
  return fields.map((f) => {
    const top = f.field.split('.')[0]!;
    const column = FIELD_COLUMNS[name][top];
    return { line, field: column ? headerOf(column) : f.field, message: f.message };
  });
}

/**
 * Turns cells into input values the way a client would write them, noting
 * cells that cannot be (an unknown enum label, an org unit code or login
 * that names nothing, a number that is not one).
 */
class CellReader {
  ok = true;

  constructor(
    private readonly row: FileRow,
    private readonly errors: ImportRowError[],
  ) {}

  private problem(column: ColumnKey, message: string): undefined {
    this.ok = false;
    this.errors.push({ line: this.row.line, field: headerOf(column), message });
    return undefined;
  }

  optional(input: Record<string, unknown>, key: string, value: unknown): void {
    if (value !== undefined) input[key] = value;
  }

  required(column: ColumnKey): string | undefined {
    return this.row.cells[column] || this.problem(column, 'must not be empty');
  }

  enum(column: ColumnKey, kind: EnumColumn): string | undefined {
    const text = this.row.cells[column];
    if (!text) return undefined;
    return enumOf(kind, text) ?? this.problem(column, `must be one of ${choicesOf(kind)}`);
  }

  requiredEnum(column: ColumnKey, kind: EnumColumn): string | undefined {
    return this.row.cells[column] ? this.enum(column, kind) : this.problem(column, 'must not be empty');
  }

  /** A number cell as a number; text that is not one goes on as text, for the mutation's own type check. */
  number(column: ColumnKey): number | string | undefined {
    const text = this.row.cells[column];
    if (!text) return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }

  boolean(column: ColumnKey): boolean | undefined {
    const text = this.row.cells[column];
    if (!text) return undefined;
    return booleanOf(text) ?? this.problem(column, 'must be 是 or 否');
  }

  /** An org unit code or a login as the global ID the mutation takes; 'does not exist' like the mutation says for an ID. */
  reference(column: ColumnKey, type: 'OrgUnit' | 'User', ids: Map<string, number>, required = false): string | undefined {
    const text = this.row.cells[column];
    if (!text) return required ? this.problem(column, 'must not be empty') : undefined;
    const id = ids.get(text);
    return id === undefined ? this.problem(column, 'does not exist') : toGlobalId(type, id);
  }
}
