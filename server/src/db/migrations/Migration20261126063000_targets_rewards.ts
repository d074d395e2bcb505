import { Migration } from '@mikro-orm/migrations';

/**
 * Targets 考核目标 with their cascade, and development rewards 开发专项奖励:
 * the company reward scheme, its tiers, and the rewards proposed. The
 * default scheme is seed 001's (贵州销售: 新开卡单位客户 3 个月内月均消费
 * <5千 → 50, 5千–1万 → 100, 1万–10万 → 150, 10万–50万 → 300, >50万 → 500 元);
 * tiers are half-open [lower, upper), so 500,000.00 exactly earns 500.
 */
export class Migration20261126063000_targets_rewards extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "target" ("id" serial primary key, "metric" text check ("metric" in ('NEW_ACCOUNTS', 'VISITS', 'AMOUNT_COLLECTED', 'COLLECTION_RATE', 'ARREARS_REDUCED', 'PROSPECTS_CONVERTED', 'KEY_ACCOUNTS_COVERED')) not null, "channel" text check ("channel" in ('PHONE', 'ON_SITE', 'WECHAT', 'EVENT', 'SEMINAR')) null, "period_kind" text check ("period_kind" in ('DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR')) not null, "period_start" date not null, "period_end" date not null, "org_unit_id" int not null, "user_id" int null, "value" numeric(15,3) not null, "parent_id" int null, "set_by_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint target_period_order check (period_end >= period_start), constraint target_channel_only_for_visits check (channel is null or metric = 'VISITS'), constraint target_rate_at_most_100 check (metric <> 'COLLECTION_RATE' or value <= 100), constraint target_value_not_negative check (value >= 0));`);
    this.addSql(`create index "target_parent_idx" on "target" ("parent_id");`);
    this.addSql(`create index "target_org_unit_period_idx" on "target" ("org_unit_id", "period_start");`);
    this.addSql(`create unique index target_user_unique on target (metric, channel, period_kind, period_start, user_id) nulls not distinct where user_id is not null;`);
    this.addSql(`create unique index target_unit_unique on target (metric, channel, period_kind, period_start, org_unit_id) nulls not distinct where user_id is null;`);

    this.addSql(`create table "reward_scheme" ("id" serial primary key, "company_id" int null, "window_months" int not null, "updated_by_id" int null, "updated_at" timestamptz not null default now(), constraint reward_scheme_window_months check (window_months = 3 or window_months = 6));`);
    this.addSql(`create unique index reward_scheme_one_default_idx on reward_scheme ((true)) where company_id is null;`);
    this.addSql(`alter table "reward_scheme" add constraint "reward_scheme_company_unique" unique ("company_id");`);

    this.addSql(`create table "reward_tier" ("id" serial primary key, "scheme_id" int not null, "lower_bound" numeric(14,2) not null, "upper_bound" numeric(14,2) null, "amount" numeric(14,2) not null, constraint reward_tier_amount_not_negative check (amount >= 0), constraint reward_tier_bounds check (lower_bound >= 0 and (upper_bound is null or upper_bound > lower_bound)));`);
    this.addSql(`alter table "reward_tier" add constraint "reward_tier_scheme_lower_unique" unique ("scheme_id", "lower_bound");`);

    this.addSql(`create table "reward" ("id" serial primary key, "customer_id" int not null, "developer_id" int not null, "org_unit_id" int not null, "window_months" int not null, "window_start" date not null, "window_end" date not null, "total_spend" numeric(14,2) not null, "average_monthly_spend" numeric(14,2) not null, "amount" numeric(14,2) not null, "explanation" jsonb not null, "status" text check ("status" in ('PROPOSED', 'APPROVED', 'REJECTED')) not null default 'PROPOSED', "computed_at" timestamptz not null default now(), "decided_by_id" int null, "decided_at" timestamptz null, "decision_note" text null, constraint reward_window_order check (window_end >= window_start));`);
    this.addSql(`create index "reward_org_unit_idx" on "reward" ("org_unit_id");`);
    this.addSql(`create index "reward_developer_idx" on "reward" ("developer_id");`);
    this.addSql(`create index "reward_status_idx" on "reward" ("status", "id");`);
    this.addSql(`alter table "reward" add constraint "reward_customer_unique" unique ("customer_id");`);

    this.addSql(`alter table "target" add constraint "target_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "target" add constraint "target_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "target" add constraint "target_parent_id_foreign" foreign key ("parent_id") references "target" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "target" add constraint "target_set_by_id_foreign" foreign key ("set_by_id") references "app_user" ("id") on update cascade on delete set null;`);


    this.addSql(`alter table "reward_tier" add constraint "reward_tier_scheme_id_foreign" foreign key ("scheme_id") references "reward_scheme" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "reward" add constraint "reward_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "reward" add constraint "reward_developer_id_foreign" foreign key ("developer_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "reward" add constraint "reward_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "reward" add constraint "reward_decided_by_id_foreign" foreign key ("decided_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`insert into reward_scheme (company_id, window_months) values (null, 3);`);
    this.addSql(`insert into reward_tier (scheme_id, lower_bound, upper_bound, amount)
      select s.id, t.lower_bound, t.upper_bound, t.amount from reward_scheme s,
      (values (0.00, 5000.00, 50.00), (5000.00, 10000.00, 100.00), (10000.00, 100000.00, 150.00),
              (100000.00, 500000.00, 300.00), (500000.00, null, 500.00)) as t(lower_bound, upper_bound, amount)
      where s.company_id is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "target" drop constraint "target_parent_id_foreign";`);

    this.addSql(`alter table "reward_tier" drop constraint "reward_tier_scheme_id_foreign";`);

    this.addSql(`drop table if exists "target" cascade;`);

    this.addSql(`drop table if exists "reward_scheme" cascade;`);

    this.addSql(`drop table if exists "reward_tier" cascade;`);

    this.addSql(`drop table if exists "reward" cascade;`);
  }

}
