/**
 * Partner API keys: created, listed (never with the secret), rotated and
 * revoked by admins within their subtree. A key reads `gl_<prefix>_<secret>`.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../graphql/errors.js';
import { recordEvent } from '../../events/domain-events.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { OrgUnit } from '../org/org-unit.entity.js';
import { isInSubtree } from '../org/org.service.js';
import { ApiKey } from './api-key.entity.js';
import { AUTH_POLICY } from './auth.policy.js';
import type { ApiKeyScope } from './permissions.js';
import { newSecret } from './tokens.js';
import type { DataScope } from './viewer.js';

const KEY_PATTERN = /^gl_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export interface NewApiKey {
  name: string;
  scopes: ApiKeyScope[];
  orgUnitId: number;
  rateLimitPerMinute: number | null;
}

export class ApiKeyService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: DataScope,
    private readonly actor: Actor,
  ) {}

  listApiKeys(): Promise<ApiKey[]> {
    return this.em.find(ApiKey, { orgUnit: { path: { $like: `${this.scope.orgPath}%` } } }, { orderBy: { id: 'asc' } });
  }

  async createApiKey(input: NewApiKey): Promise<{ apiKey: ApiKey; secret: string }> {
    const orgUnit = await this.em.findOne(OrgUnit, { id: input.orgUnitId });
    if (!orgUnit || !isInSubtree(orgUnit.path, this.scope.orgPath)) throw AppError.badInput([{ field: 'orgUnitId', message: 'does not exist' }]);
    if (input.scopes.length === 0) throw AppError.badInput([{ field: 'scopes', message: 'must name at least one scope' }]);
    const rate = input.rateLimitPerMinute ?? AUTH_POLICY.defaultApiKeyRatePerMinute;
    if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) {
      throw AppError.badInput([{ field: 'rateLimitPerMinute', message: 'must be from 1 to 100000' }]);
    }
    const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const { secret, hash } = newSecret();
    return this.em.transactional(async (em) => {
      const apiKey = em.create(ApiKey, {
        name: input.name.trim(),
        prefix,
        secretHash: hash,
        scopes: [...new Set(input.scopes)],
        orgUnit,
        rateLimitPerMinute: rate,
        createdBy: this.actor.userId,
      });
      await em.flush();
      await recordAudit(em, this.actor, {
        action: 'apiKey.create',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        after: { name: apiKey.name, prefix, scopes: apiKey.scopes, orgUnitId: orgUnit.id, rateLimitPerMinute: rate },
      });
      return { apiKey, secret: `gl_${prefix}_${secret}` };
    });
  }

  /** A new secret for the same key; the old one stops working at once. */
  async rotateApiKey(id: number): Promise<{ apiKey: ApiKey; secret: string }> {
    const { secret, hash } = newSecret();
    return this.em.transactional(async (em) => {
      const apiKey = await this.visibleKey(em, id);
      if (apiKey.revokedAt) throw AppError.conflict('A revoked key cannot be rotated; create a new one');
      apiKey.secretHash = hash;
      apiKey.rotatedAt = new Date();
      await em.flush();
      await this.endSessions(em, apiKey);
      await recordAudit(em, this.actor, { action: 'apiKey.rotate', entityType: 'ApiKey', entityId: apiKey.id });
      return { apiKey, secret: `gl_${apiKey.prefix}_${secret}` };
    });
  }

  async revokeApiKey(id: number): Promise<ApiKey> {
    return this.em.transactional(async (em) => {
      const apiKey = await this.visibleKey(em, id);
      if (apiKey.revokedAt) return apiKey;
      apiKey.revokedAt = new Date();
      await em.flush();
      await this.endSessions(em, apiKey);
      await recordAudit(em, this.actor, { action: 'apiKey.revoke', entityType: 'ApiKey', entityId: apiKey.id, before: { revokedAt: null }, after: { revokedAt: apiKey.revokedAt.toISOString() } });
      return apiKey;
    });
  }

  private async visibleKey(em: EntityManager, id: number): Promise<ApiKey> {
    const apiKey = await em.findOne(ApiKey, { id, orgUnit: { path: { $like: `${this.scope.orgPath}%` } } }, { populate: ['orgUnit'] });
    if (!apiKey) throw AppError.notFound('API key');
    return apiKey;
  }

  /** Open WebSocket subscriptions of this key close when this commits. */
  private async endSessions(em: EntityManager, apiKey: ApiKey): Promise<void> {
    const orgUnit = await em.findOneOrFail(OrgUnit, { id: apiKey.orgUnit.id });
    await recordEvent(em, { kind: 'auth.api_key_revoked', customerId: null, orgUnitId: orgUnit.id, orgPath: orgUnit.path, payload: { apiKeyId: apiKey.id } });
  }
}
