/**
 * The audit trail of one request: who acts (a user or an API key) and the
 * request id. `record` writes an entry inside the caller's transaction, so a
 * change and its audit entry commit or roll back together.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE } from '../../calendar.js';
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
  actorUserId?: number | null;
  actorApiKeyId?: number | null;
  /** Calendar days (YYYY-MM-DD) in the company time zone, both inclusive. */
  from?: string | null;
  to?: string | null;
}

export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first, keyset on id; `first + 1` rows to tell whether more follow. */
  async listEntries(query: AuditQuery): Promise<{ rows: AuditEntry[]; totalCount: number }> {
    const qb = this.em.createQueryBuilder(AuditEntry, 'a');
    if (query.entityType) qb.andWhere({ entityType: query.entityType });
    if (query.entityId) qb.andWhere({ entityId: query.entityId });
    if (query.action) qb.andWhere({ action: query.action });
    if (query.actorUserId) qb.andWhere({ actorUser: query.actorUserId });
    if (query.actorApiKeyId) qb.andWhere({ actorApiKey: query.actorApiKeyId });
    // Days are the company's (calendar.ts), whatever the database session's zone is.
    if (query.from) qb.andWhere('a.created_at >= (?::date)::timestamp at time zone ?', [query.from, COMPANY_TIME_ZONE]);
    if (query.to) qb.andWhere('a.created_at < (?::date + 1)::timestamp at time zone ?', [query.to, COMPANY_TIME_ZONE]);
    const page = qb.clone();
    if (query.afterId) page.andWhere({ id: { $lt: query.afterId } });
    const [rows, totalCount] = await Promise.all([page.orderBy({ id: 'desc' }).limit(query.first + 1).getResultList(), qb.getCount()]);
    return { rows, totalCount };
  }
}
