/**
 * Authentication: password login with lockout, access and refresh tokens,
 * and turning credentials into a Viewer on every request or WebSocket.
 */
import { timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, User } from '../org/user.entity.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { AUTH_POLICY, lockSeconds } from './auth.policy.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { AuthErrors } from './auth.errors.js';
import type { Credentials } from './credentials.js';
import { ROLE_PERMISSIONS } from './permissions.js';
import { RefreshToken } from './refresh-token.entity.js';
import { newSecret, sha256, type TokenSigner } from './tokens.js';
import { ANONYMOUS, type PartnerViewer, type StaffViewer, type Viewer } from './viewer.js';
import { parseApiKey } from './api-key.service.js';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

/** Compared against when the login is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;


export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly signer: TokenSigner,
  ) {}

  /** Who the credentials belong to; throws UNAUTHENTICATED for bad ones. */
  async authenticate(credentials: Credentials): Promise<Viewer> {
    switch (credentials.kind) {
      case 'none':
        return ANONYMOUS;
      case 'malformed':
        throw AuthErrors.credentialsMalformed();
      case 'bearer':
        return this.staffViewer(credentials.token);
      case 'apiKey':
        return this.partnerViewer(credentials.key);
    }
  }

  private async staffViewer(token: string): Promise<StaffViewer> {
    const claims = await this.signer.verify(token);
    if (claims === 'expired') throw AuthErrors.tokenExpired();
    if (claims === 'invalid') throw AuthErrors.tokenInvalid();
    const [row] = await this.em.execute<Array<{ name: string; role: Role; org_unit_id: number; path: string; disabled_at: Date | null }>>(
      `select u.name, u.role, u.org_unit_id, o.path, u.disabled_at
       from app_user u join org_unit o on o.id = u.org_unit_id where u.id = ?`,
      [claims.userId],
    );
    if (!row) throw AuthErrors.tokenInvalid();
    if (row.disabled_at) throw AuthErrors.userDisabled();
    return {
      kind: 'user',
      userId: claims.userId,
      name: row.name,
      role: row.role,
      orgUnitId: row.org_unit_id,
      orgPath: row.path,
      permissions: new Set(ROLE_PERMISSIONS[row.role]),
      expiresAt: claims.expiresAt,
    };
  }

  private async partnerViewer(key: string): Promise<PartnerViewer> {
    const parsed = parseApiKey(key);
    if (!parsed) throw AuthErrors.apiKeyInvalid();
    // One statement: find the key and note its use at most once a minute.
    const [row] = await this.em.execute<
      Array<{ id: number; name: string; secret_hash: string; scopes: string[]; org_unit_id: number; path: string; rate_limit_per_minute: number; revoked_at: Date | null }>
    >(
      `with k as (
         select k.id, k.name, k.secret_hash, k.scopes, k.org_unit_id, o.path, k.rate_limit_per_minute, k.revoked_at, k.last_used_at
         from api_key k join org_unit o on o.id = k.org_unit_id where k.prefix = ?
       ), touched as (
         update api_key set last_used_at = now()
         where id = (select id from k where revoked_at is null)
           and (last_used_at is null or last_used_at < now() - interval '1 minute')
       )
       select id, name, secret_hash, scopes, org_unit_id, path, rate_limit_per_minute, revoked_at from k`,
      [parsed.prefix],
    );
    const given = Buffer.from(sha256(parsed.secret), 'hex');
    if (!row || row.revoked_at || !timingSafeEqual(given, Buffer.from(row.secret_hash, 'hex'))) throw AuthErrors.apiKeyInvalid();
    return {
      kind: 'apiKey',
      apiKeyId: row.id,
      name: row.name,
      orgUnitId: row.org_unit_id,
      orgPath: row.path,
      permissions: new Set(row.scopes as PartnerViewer['permissions'] extends ReadonlySet<infer P> ? P[] : never),
      rateLimitPerMinute: row.rate_limit_per_minute,
    };
  }

  async login(login: string, password: string, actor: Actor): Promise<Session> {
    const user = await this.em.findOne(User, { login: login.trim().toLowerCase() }, { populate: ['passwordHash'] });
    if (!user || !user.passwordHash || user.disabledAt) {
      dummyHash ??= hashPassword('not the password of anyone');
      await verifyPassword(await dummyHash, password);
      throw AuthErrors.badLogin();
    }
    const now = Date.now();
    if (user.lockedUntil && user.lockedUntil.getTime() > now) {
      throw AuthErrors.locked(Math.ceil((user.lockedUntil.getTime() - now) / 1000));
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      // Counted in SQL so that parallel guesses cannot race past the limit.
      const [row] = await this.em.execute<Array<{ failed_logins: number }>>(
        `update app_user set failed_logins = failed_logins + 1 where id = ? returning failed_logins`,
        [user.id],
      );
      const lock = lockSeconds(row!.failed_logins);
      if (lock > 0) {
        await this.em.execute(`update app_user set locked_until = now() + make_interval(secs => ?) where id = ?`, [lock, user.id]);
        throw AuthErrors.locked(lock);
      }
      throw AuthErrors.badLogin();
    }
    await this.em.execute(`update app_user set failed_logins = 0, locked_until = null where id = ?`, [user.id]);
    return this.em.transactional(async (em) => {
      const session = await this.issue(em, user, null);
      await recordAudit(em, { ...actor, userId: user.id }, { action: 'user.login', entityType: 'User', entityId: user.id });
      return session;
    });
  }

  /** Exchanges a refresh token for a new pair; a reused one revokes its whole family. */
  async refresh(refreshToken: string): Promise<Session> {
    const outcome = await this.em.transactional(async (em) => {
      const stored = await em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) }, { populate: ['user'], lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!stored) return null;
      if (stored.revokedAt) {
        await em.nativeUpdate(RefreshToken, { family: stored.family, revokedAt: null }, { revokedAt: new Date() });
        return 'reused' as const;
      }
      if (stored.expiresAt.getTime() <= Date.now() || stored.user.disabledAt) return null;
      stored.revokedAt = new Date();
      return this.issue(em, stored.user, stored.family);
    });
    if (!outcome || outcome === 'reused') throw AuthErrors.refreshInvalid();
    return outcome;
  }

  /** Ends the session of one refresh token, or every session of its user. */
  async logout(refreshToken: string, everywhere: boolean): Promise<boolean> {
    const stored = await this.em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) });
    if (!stored) return false;
    const where = everywhere ? { user: stored.user, revokedAt: null } : { family: stored.family, revokedAt: null };
    await this.em.nativeUpdate(RefreshToken, where, { revokedAt: new Date() });
    return true;
  }

  async changePassword(userId: number, currentPassword: string, newPassword: string, actor: Actor): Promise<void> {
    checkPasswordPolicy(newPassword, 'newPassword');
    const user = await this.em.findOneOrFail(User, { id: userId }, { populate: ['passwordHash'] });
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) throw AuthErrors.wrongPassword();
    const passwordHash = await hashPassword(newPassword);
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(User, { id: userId }, { passwordHash });
      // Other sessions end: whoever knew the old password is signed out.
      await em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: new Date() });
      await recordAudit(em, actor, { action: 'user.changePassword', entityType: 'User', entityId: userId });
    });
  }

  private async issue(em: EntityManager, user: User, family: string | null): Promise<Session> {
    const { secret, hash: tokenHash } = newSecret();
    const refreshTokenExpiresAt = new Date(Date.now() + AUTH_POLICY.refreshTokenTtlDays * 86_400_000);
    em.create(RefreshToken, { user, tokenHash, family: family ?? tokenHash, expiresAt: refreshTokenExpiresAt });
    await em.flush();
    const access = await this.signer.sign(user.id);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: secret, refreshTokenExpiresAt, user };
  }
}
