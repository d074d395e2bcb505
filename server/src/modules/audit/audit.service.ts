/**
 * The audit trail of one request: who acts (a user or an API key) and the
 * request id. `record` writes an entry inside the caller's transaction, so a
 * change and its audit entry commit or roll back together.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity.js';

export interface Actor {
  userId: number | null;
  apiKeyId: number | null;
  requestId: string | null;
}

/** Changes made by the system itself (seed, jobs). */
export const SYSTEM_ACTOR: Actor = { userId: null, apiKeyId: null, requestId: null };

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Keeps only the fields that differ, so entries say what changed. */
export function changedValues(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

export async function recordAudit(em: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
  em.create(AuditEntry, {
    actorUser: actor.userId,
    actorApiKey: actor.apiKeyId,
    requestId: actor.requestId,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
  await em.flush();
}

export interface AuditQuery {
  first: number;
  afterId?: string | null;
  entityType?: string | null;
  entityId?: number | null;
  action?: string | null;
}

export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first, keyset on id; `first + 1` rows to tell whether more follow. */
  async listEntries(query: AuditQuery): Promise<{ rows: AuditEntry[]; totalCount: number }> {
    const where: Record<string, unknown> = {};
    if (query.entityType) where.entityType = query.entityType;
    if (query.entityId) where.entityId = query.entityId;
    if (query.action) where.action = query.action;
    const page = query.afterId ? { ...where, id: { $lt: query.afterId } } : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(AuditEntry, page as FilterQuery<AuditEntry>, { orderBy: { id: 'desc' }, limit: query.first + 1 }),
      this.em.count(AuditEntry, where as FilterQuery<AuditEntry>),
    ]);
    return { rows, totalCount };
  }
}
