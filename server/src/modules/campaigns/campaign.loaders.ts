/**
 * Per-request loaders of the campaigns module. Live progress of every
 * campaign asked in one request comes from one tallies statement and one
 * base statement, whatever the number of campaigns and accounts.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loaders.js';
import type { DataScope } from '../auth/viewer.js';
import { Campaign, CampaignAccount } from './campaign.entity.js';
import { loadAccountPages, loadAccountTallies, loadCampaignBases, type AccountTally } from './campaign.service.js';

export interface CampaignAccountPageKey {
  campaignId: number;
  first: number;
  afterId: number | null;
}

export function createCampaignLoaders(em: EntityManager, scope: () => DataScope) {
  /** Live per-account tallies (payments up to now) of the accounts the viewer may see, by campaign. */
  const campaignTallies = new DataLoader<number, { asOf: Date; rows: AccountTally[] }>(async (ids) => {
    const asOf = new Date();
    const rows = await loadAccountTallies(em, scope(), ids, asOf);
    return ids.map((id) => ({ asOf, rows: rows.filter((r) => r.campaignId === id) }));
  });
  return {
    campaign: byIdLoader(em, Campaign),
    campaignAccount: byIdLoader(em, CampaignAccount),
    campaignTallies,
    /** One account's live tally (through its campaign's tallies); null when out of scope. */
    campaignAccountTally: new DataLoader<{ campaignId: number; accountId: number }, AccountTally | null, string>(
      (keys) => Promise.all(keys.map(async (k) => (await campaignTallies.load(k.campaignId)).rows.find((t) => t.accountId === k.accountId) ?? null)),
      { cacheKeyFn: (k) => `${k.campaignId}:${k.accountId}` },
    ),
    /** Campaign-wide base arrears, the denominator of every share of the target. */
    campaignBase: new DataLoader<number, string>(async (ids) => {
      const bases = await loadCampaignBases(em, ids);
      return ids.map((id) => bases.get(id)!);
    }),
    /** Pages of hard accounts; campaigns asked with the same page arguments share statements. */
    campaignAccountPages: new DataLoader<CampaignAccountPageKey, { rows: CampaignAccount[]; totalCount: number }, string>(
      async (keys) => {
        const groups = new Map<string, CampaignAccountPageKey[]>();
        for (const key of keys) {
          const group = `${key.first}:${key.afterId}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const results = new Map<string, { rows: CampaignAccount[]; totalCount: number }>();
        for (const group of groups.values()) {
          const pages = await loadAccountPages(em, scope(), group.map((k) => k.campaignId), group[0]!.first, group[0]!.afterId);
          for (const key of group) results.set(`${key.campaignId}:${key.first}:${key.afterId}`, pages.get(key.campaignId)!);
        }
        return keys.map((k) => results.get(`${k.campaignId}:${k.first}:${k.afterId}`)!);
      },
      { cacheKeyFn: (k) => `${k.campaignId}:${k.first}:${k.afterId}` },
    ),
  };
}
