/**
 * Opaque global IDs: base64url("Type:localId"). Clients must treat them as
 * strings; the server decodes them and checks the type it expects, so an ID of
 * one type never resolves to a row of another.
 */
import { AppError } from './errors.js';

export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { type: string; id: number } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(decoded);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) return null;
  return { type: match[1]!, id };
}

/**
 * Decodes an ID argument that must name a `type`. A malformed ID, or an ID of
 * another type, is the caller's mistake: BAD_USER_INPUT naming the field.
 */
export function decodeId(globalId: string, type: string, field: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) {
    throw AppError.badInput([{ field, message: `is not a valid ${type} ID` }]);
  }
  return parsed.id;
}
