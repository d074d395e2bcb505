/**
 * Access tokens: short-lived JWTs (HS256, `jose`) that name the user. The
 * signing key comes from GRIDLINE_JWT_SECRET, or is generated once and kept
 * in server_setting so every instance on the database shares it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';

const ISSUER = 'gridline';
const SECRET_KEY = 'jwt_secret';

export interface AccessClaims {
  userId: number;
  expiresAt: Date;
}

export class TokenSigner {
  private constructor(private readonly key: Uint8Array, readonly accessTtlSeconds: number) {}

  /** Loads (or creates once) the shared signing key. */
  static async load(em: EntityManager, accessTtlSeconds: number): Promise<TokenSigner> {
    const fromEnv = process.env.GRIDLINE_JWT_SECRET;
    if (fromEnv) {
      if (fromEnv.length < 32) throw new Error('GRIDLINE_JWT_SECRET must be at least 32 characters');
      return new TokenSigner(new TextEncoder().encode(fromEnv), accessTtlSeconds);
    }
    const candidate = randomBytes(48).toString('base64url');
    await em.execute(`insert into server_setting (key, value) values (?, ?) on conflict (key) do nothing`, [SECRET_KEY, candidate]);
    const [row] = await em.execute<Array<{ value: string }>>(`select value from server_setting where key = ?`, [SECRET_KEY]);
    return new TokenSigner(new TextEncoder().encode(row!.value), accessTtlSeconds);
  }

  async sign(userId: number): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.accessTtlSeconds * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(userId))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid token, or why it is not valid. */
  async verify(token: string): Promise<AccessClaims | 'expired' | 'invalid'> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || !payload.exp) return 'invalid';
      return { userId, expiresAt: new Date(payload.exp * 1000) };
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }
}

/** A random opaque secret and its SHA-256 hash (what the database keeps). */
export function newSecret(bytes = 32): { secret: string; hash: string } {
  const secret = randomBytes(bytes).toString('base64url');
  return { secret, hash: sha256(secret) };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
