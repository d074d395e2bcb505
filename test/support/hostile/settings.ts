/** The reliability battery's size and seed knobs, read from the environment. */
import type { TestServer } from '../harness.js';

/** A non-negative integer from the environment, or the default; anything else stops the run. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** Every partner scope (ApiKeyScope), for a key that may call everything a partner can. */
export const ALL_SCOPES = ['ORG_READ', 'CUSTOMERS_READ', 'CUSTOMERS_WRITE', 'VISITS_WRITE', 'PII_READ', 'RECEIVABLES_READ', 'BILLS_WRITE', 'PAYMENTS_WRITE', 'ALERTS_SUBSCRIBE', 'METERS_WRITE', 'INSPECTIONS_WRITE'];

/** An API key with the highest rate limit a key may have, so the battery is not answered with 429s. */
export async function createFuzzKey(server: TestServer, scopes: string[], orgUnitId: string): Promise<{ id: string; secret: string }> {
  const res = await server.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`, {
    input: { name: 'reliability battery 可靠性测试', scopes, orgUnitId, rateLimitPerMinute: 100_000 },
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.createApiKey.apiKey.id, secret: res.data.createApiKey.secret };
}
