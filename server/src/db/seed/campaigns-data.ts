/**
 * Demo collection campaigns 清欠专项行动 (modules/campaigns; DOMAIN.md "clean-up
 * campaigns 清收": "74.52% of the annual task", a leader per hard account;
 * seed 002): one campaign per branch for the last four months of BASE_DATE's
 * year, target 74.52 % of the base arrears, a monthly plan curve, and the
 * branch's 30 service accounts with the largest arrears overdue at the start
 * as hard accounts 难点户, led by the branch lead. The base snapshot is taken
 * exactly as CampaignService.addAccounts takes it, so the console shows live
 * progress from the payments seeded in September and October. Pure SQL over
 * the rows already seeded: deterministic and quick.
 */
import type { ClientBase } from 'pg';

/** Hard accounts per demo campaign. */
const ACCOUNTS_PER_CAMPAIGN = 30;

/** Inserts the demo campaigns and their accounts; returns how many accounts. `baseDate` is 'YYYY-MM-DD…'. */
export async function seedCampaigns(client: ClientBase, baseDate: string): Promise<number> {
  const year = baseDate.slice(0, 4);
  const startsOn = `${year}-09-01`;
  const endsOn = `${year}-12-31`;
  const curve = [`${year}-09-30`, `${year}-10-31`, `${year}-11-30`, endsOn].map((on, i) => ({ on, share: `${(i + 1) * 25}.00` }));
  await client.query(
    `insert into campaign (name, org_unit_id, starts_on, ends_on, target_kind, target_percent, plan_curve, created_by_id, created_at, updated_at)
     select $3 || o.name || '电费清欠专项行动', o.id, $1::date, $2::date, 'PERCENT_OF_ARREARS', 74.52, $4::jsonb, l.id, $5::timestamptz, $5::timestamptz
     from org_unit o
     cross join lateral (select u.id from app_user u where u.org_unit_id = o.id and u.role = 'LEAD' order by u.id limit 1) l
     where o.kind = 'BRANCH'
     order by o.id`,
    [startsOn, endsOn, `${year}年秋冬`, JSON.stringify(curve), `${year}-08-25T09:00:00+08:00`],
  );
  // What was open at the start on each bill due before it (the company zone of the demo is Asia/Shanghai).
  // Allocations and adjustments are totalled once per bill: the seed has dropped the
  // indexes a correlated subquery per bill would need.
  const openBills = `
    paid as (
      select a.bill_id, sum(a.amount) as amount from allocation a join payment p on p.id = a.payment_id
      where p.paid_at < ($1::date::timestamp at time zone 'Asia/Shanghai') group by a.bill_id),
    adjusted as (select bill_id, sum(amount) as amount from adjustment group by bill_id),
    open_bill as (
      select b.id as bill_id, b.service_account_id,
             greatest(0, b.amount - coalesce(p.amount, 0) + least(0, coalesce(d.amount, 0))) as open
      from bill b left join paid p on p.bill_id = b.id left join adjusted d on d.bill_id = b.id
      where b.due_on < $1::date)`;
  await client.query(
    `with ${openBills},
     opened as (
       select cm.id as campaign_id, sa.id as account_id, sa.customer_id, ob.open
       from campaign cm
       join org_unit cu on cu.id = cm.org_unit_id
       join org_unit so on so.path like cu.path || '%'
       join service_account sa on sa.org_unit_id = so.id
       join open_bill ob on ob.service_account_id = sa.id),
     accounts as (
       select campaign_id, account_id, customer_id, sum(open) as base,
              row_number() over (partition by campaign_id order by sum(open) desc, account_id) as rn
       from opened where open > 0 group by campaign_id, account_id, customer_id)
     insert into campaign_account (campaign_id, service_account_id, customer_id, base_arrears, leader_id, added_by_id, added_at)
     select a.campaign_id, a.account_id, a.customer_id, a.base, cm.created_by_id, cm.created_by_id, cm.created_at
     from accounts a join campaign cm on cm.id = a.campaign_id
     where a.rn <= $2
     order by a.campaign_id, a.account_id`,
    [startsOn, ACCOUNTS_PER_CAMPAIGN],
  );
  await client.query(
    `with ${openBills}
     insert into campaign_bill (campaign_account_id, bill_id, base_open)
     select ca.id, ob.bill_id, ob.open
     from campaign_account ca
     join open_bill ob on ob.service_account_id = ca.service_account_id
     where ob.open > 0
     order by ca.id, ob.bill_id`,
    [startsOn],
  );
  return Number((await client.query(`select count(*) from campaign_account`)).rows[0].count);
}
