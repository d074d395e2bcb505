/**
 * The customer file layout, shared by import and export (README "Import and
 * export"): one row per service account 户号 and/or contact 联系人, the
 * customer's columns repeated on each of its rows. Headers are Chinese; the
 * English keys are accepted too. Enum cells take the Chinese label or the
 * API name (工业 or INDUSTRIAL).
 */
import { CustomerKind, CustomerSource, CustomerStatus, CustomerTier, Utility } from '../customers/customer.enums.js';
import { ContactRole } from '../contacts/contact.entity.js';
import { ServiceAccountStatus } from '../service-accounts/service-account.entity.js';

/** Which part of a row a column belongs to; `info` columns are exported and ignored on import. */
export type ColumnPart = 'customer' | 'account' | 'contact' | 'info';

export interface Column {
  key: string;
  header: string;
  part: ColumnPart;
  /** The file must have this column. */
  required?: boolean;
  /** Personal data: blank in an export without pii:read. */
  pii?: boolean;
}

export const COLUMNS = [
  { key: 'name', header: '客户名称', part: 'customer', required: true },
  { key: 'uscc', header: '统一社会信用代码', part: 'customer' },
  { key: 'kind', header: '客户类型', part: 'customer', required: true },
  { key: 'utility', header: '能源品种', part: 'customer', required: true },
  { key: 'tier', header: '客户等级', part: 'customer', required: true },
  { key: 'status', header: '客户状态', part: 'customer' },
  { key: 'statusReason', header: '状态原因', part: 'customer' },
  { key: 'orgUnitCode', header: '所属单位编码', part: 'customer', required: true },
  { key: 'orgUnitName', header: '所属单位', part: 'info' },
  { key: 'repLogin', header: '客户经理账号', part: 'customer' },
  { key: 'leaderLogin', header: '包保领导账号', part: 'customer' },
  { key: 'address', header: '地址', part: 'customer' },
  { key: 'district', header: '区县', part: 'customer' },
  { key: 'industry', header: '行业', part: 'customer' },
  { key: 'source', header: '客户来源', part: 'customer' },
  { key: 'sourceDetail', header: '来源说明', part: 'customer' },
  { key: 'latitude', header: '纬度', part: 'customer' },
  { key: 'longitude', header: '经度', part: 'customer' },
  { key: 'estimatedMonthlyConsumption', header: '月用量', part: 'customer' },
  { key: 'accountNumber', header: '户号', part: 'account' },
  { key: 'accountOrgUnitCode', header: '供能站点编码', part: 'account' },
  { key: 'accountAddress', header: '用能地址', part: 'account' },
  { key: 'accountDistrict', header: '户号区县', part: 'account' },
  { key: 'accountUtility', header: '户号能源品种', part: 'account' },
  { key: 'meterPoints', header: '计量点数', part: 'account' },
  { key: 'accountStatus', header: '户号状态', part: 'info' },
  { key: 'contactName', header: '联系人', part: 'contact' },
  { key: 'contactTitle', header: '职务', part: 'contact' },
  { key: 'contactRole', header: '联系人角色', part: 'contact' },
  { key: 'contactPhone', header: '联系电话', part: 'contact', pii: true },
  { key: 'contactEmail', header: '电子邮箱', part: 'contact', pii: true },
  { key: 'contactWechat', header: '微信', part: 'contact', pii: true },
  { key: 'contactPrimary', header: '主要联系人', part: 'contact' },
] as const satisfies readonly Column[];

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** One data row: its line in the file (the header is line 1) and its cells by column key ('' when blank). */
export interface FileRow {
  line: number;
  cells: Record<ColumnKey, string>;
}

const BY_NAME = new Map<string, Column>();
for (const column of COLUMNS) {
  BY_NAME.set(column.header, column);
  BY_NAME.set(column.key.toLowerCase(), column);
}

/** The column a header cell names (Chinese header or English key, any case), if any. */
export function columnOf(header: string): Column | undefined {
  const text = header.trim();
  return BY_NAME.get(text) ?? BY_NAME.get(text.toLowerCase());
}

export function headerOf(key: ColumnKey): string {
  return COLUMNS.find((c) => c.key === key)!.header;
}

// ------------------------------------------------------------ enum cells

const LABELS = {
  kind: {
    [CustomerKind.INDUSTRIAL]: '工业',
    [CustomerKind.COMMERCIAL]: '商业',
    [CustomerKind.PUBLIC_INSTITUTION]: '公共机构',
    [CustomerKind.HOTEL]: '酒店',
    [CustomerKind.CNG_STATION]: 'CNG加气站',
    [CustomerKind.TRANSPORT_FLEET]: '运输车队',
    [CustomerKind.RESIDENTIAL_COMPOUND]: '居民小区',
  },
  utility: {
    [Utility.POWER]: '电力',
    [Utility.GAS]: '燃气',
    [Utility.HEAT]: '热力',
    [Utility.FUEL]: '油品',
    [Utility.ENERGY_SERVICES]: '综合能源服务',
  },
  tier: {
    [CustomerTier.STRATEGIC]: '战略客户',
    [CustomerTier.KEY]: '大客户',
    [CustomerTier.REGULAR]: '普通客户',
    [CustomerTier.PROSPECT]: '潜在客户',
  },
  status: {
    [CustomerStatus.PROSPECT]: '潜在',
    [CustomerStatus.CONTACTED]: '已接触',
    [CustomerStatus.NEGOTIATING]: '洽谈中',
    [CustomerStatus.ACTIVE]: '开发成功',
    [CustomerStatus.SUSPENDED]: '停用',
    [CustomerStatus.CLOSED]: '销户',
  },
  source: {
    [CustomerSource.SCREENING]: '数据筛查',
    [CustomerSource.INDUSTRY_EVENT]: '行业活动',
    [CustomerSource.REFERRAL]: '客户引荐',
    [CustomerSource.GOVERNMENT_LIAISON]: '政企联系',
    [CustomerSource.WALK_IN]: '主动上门',
    [CustomerSource.CAMPAIGN]: '营销活动',
    [CustomerSource.OTHER]: '其他',
  },
  contactRole: {
    [ContactRole.DECISION_MAKER]: '决策人',
    [ContactRole.FINANCE]: '财务',
    [ContactRole.TECHNICAL]: '技术',
    [ContactRole.SITE]: '现场',
    [ContactRole.OTHER]: '其他',
  },
  accountStatus: {
    [ServiceAccountStatus.ACTIVE]: '正常',
    [ServiceAccountStatus.SUSPENDED]: '停用',
    [ServiceAccountStatus.CLOSED]: '销户',
  },
} as const;

export type EnumColumn = keyof typeof LABELS;

/** The Chinese label of an enum value, for export. */
export function labelOf(column: EnumColumn, value: string | null | undefined): string {
  if (!value) return '';
  return (LABELS[column] as Record<string, string>)[value] ?? value;
}

/** The enum value a cell names (label or API name), or undefined when it names none. */
export function enumOf<T extends string>(column: EnumColumn, cell: string): T | undefined {
  const text = cell.trim();
  for (const [value, label] of Object.entries(LABELS[column] as Record<string, string>)) {
    if (text === label || text.toUpperCase() === value) return value as T;
  }
  return undefined;
}

/** The values a column accepts, for error messages: '工业 (INDUSTRIAL), 商业 (COMMERCIAL), …'. */
export function choicesOf(column: EnumColumn): string {
  return Object.entries(LABELS[column] as Record<string, string>)
    .map(([value, label]) => `${label} (${value})`)
    .join(', ');
}

const YES = new Set(['是', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', 'n', 'no', 'false', '0']);

/** 是/否 (also yes/no, true/false, 1/0); undefined when the cell says neither. */
export function booleanOf(cell: string): boolean | undefined {
  const text = cell.trim().toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return undefined;
}
