/**
 * Credentials as they arrive: `Authorization: Bearer <access token>` from the
 * console, `Authorization: ApiKey <key>` or `X-Api-Key: <key>` from partner
 * tools; over WebSocket the same values in connectionParams. Parsing does no
 * I/O, so a request rejected by the query limits costs no SQL.
 */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'apiKey'; key: string }
  | { kind: 'malformed' };

const MAX_LENGTH = 4096;

export function credentialsFrom(authorization: unknown, apiKeyHeader: unknown): Credentials {
  if (typeof apiKeyHeader === 'string' && apiKeyHeader.trim()) return apiKey(apiKeyHeader.trim());
  if (typeof authorization !== 'string' || !authorization.trim()) return { kind: 'none' };
  const match = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(authorization.trim());
  if (!match || match[2]!.length > MAX_LENGTH) return { kind: 'malformed' };
  return match[1]!.toLowerCase() === 'bearer' ? { kind: 'bearer', token: match[2]! } : apiKey(match[2]!);
}

function apiKey(key: string): Credentials {
  return key.length > MAX_LENGTH ? { kind: 'malformed' } : { kind: 'apiKey', key };
}

/** graphql-ws connectionParams: `{ authorization }` or `{ apiKey }`. */
export function credentialsFromConnectionParams(params: Record<string, unknown> | undefined | null): Credentials {
  if (!params || typeof params !== 'object') return { kind: 'none' };
  return credentialsFrom(params.authorization ?? params.Authorization, params.apiKey ?? params['x-api-key']);
}
