/**
 * Unified social credit codes 统一社会信用代码 (GB 32100-2015) for demo data.
 *
 *   pos 1      registration authority 登记管理部门 ('9' 工商, '1' 机构编制, ...)
 *   pos 2      entity type 机构类别 (under '9': '1' 企业, '2' 个体工商户;
 *              under '1': '1' 机关, '2' 事业单位)
 *   pos 3-8    administrative division code 行政区划码 (e.g. 520102 贵阳市南明区)
 *   pos 9-17   organisation code 组织机构代码 (GB 11714: 8 body chars + check char)
 *   pos 18     check character over positions 1-17
 *
 * The server validates codes independently; tests cross-check it against this.
 */
import type { Rng } from './prng.js';

/** The 31 characters a USCC may contain; a character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1-17 for the check character: 3^(i) mod 31. */
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Weights of the 8 body characters of a GB 11714 organisation code. */
export const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character of a USCC whose first 17 characters are `first17`. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`usccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`'${first17[i]}' is not a USCC character (in ${first17})`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c]!;
}

/**
 * The check character (9th) of a GB 11714 organisation code whose first 8
 * characters are `first8`: digits are worth 0-9, letters A-Z 10-35;
 * c = 11 - Σ value·weight mod 11; 10 → 'X', 11 → '0'.
 */
export function orgCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new Error(`orgCodeCheckChar needs 8 characters, got ${first8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i]!;
    let value: number;
    if (ch >= '0' && ch <= '9') value = ch.charCodeAt(0) - 48;
    else if (ch >= 'A' && ch <= 'Z') value = ch.charCodeAt(0) - 55;
    else throw new Error(`'${ch}' is not an organisation-code character (in ${first8})`);
    sum += value * ORG_CODE_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** True when `code` has 18 USCC characters and a correct 18th check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

export interface MakeUsccOptions {
  /** Position 1, registration authority; default '9' (market regulation 工商). */
  authority?: string;
  /** Position 2, entity type; default '1' (enterprise 企业 under '9'). */
  type?: string;
}

/**
 * A random, valid USCC registered in `divisionCode` (6 digits). The
 * organisation code's 8 body characters are digits; its 9th character is
 * its GB 11714 check character (which may be 'X'), and the 18th character is
 * the GB 32100 check character. Uniqueness is the caller's business.
 */
export function makeUscc(rng: Rng, divisionCode: string, opts: MakeUsccOptions = {}): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new Error(`division code must be 6 digits, got '${divisionCode}'`);
  const authority = opts.authority ?? '9';
  const type = opts.type ?? '1';
  if (authority.length !== 1 || !USCC_CHARSET.includes(authority)) throw new Error(`bad authority '${authority}'`);
  if (type.length !== 1 || !USCC_CHARSET.includes(type)) throw new Error(`bad type '${type}'`);
  let body = String(1 + Math.floor(rng() * 9)); // organisation codes do not start with 0
  for (let i = 1; i < 8; i++) body += String(Math.floor(rng() * 10));
  const first17 = authority + type + divisionCode + body + orgCodeCheckChar(body);
  return first17 + usccCheckChar(first17);
}
