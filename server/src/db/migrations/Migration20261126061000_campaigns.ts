import { Migration } from '@mikro-orm/migrations';

/** Collection campaigns 清欠专项行动 (modules/campaigns): campaign, campaign_account (hard accounts), campaign_bill (base snapshot). */
export class Migration20261126061000_campaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "campaign" ("id" serial primary key, "name" text not null, "org_unit_id" int not null, "starts_on" date not null, "ends_on" date not null, "target_kind" text check ("target_kind" in ('AMOUNT', 'PERCENT_OF_ARREARS')) not null, "target_amount" numeric(14,2) null, "target_percent" numeric(5,2) null, "plan_curve" jsonb null, "closed_at" timestamptz null, "closed_by_id" int null, "created_by_id" int not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint campaign_target_shape check ((target_kind = 'AMOUNT' and target_amount > 0 and target_percent is null) or (target_kind = 'PERCENT_OF_ARREARS' and target_percent > 0 and target_percent <= 100 and target_amount is null)), constraint campaign_dates_order check (ends_on >= starts_on));`);
    this.addSql(`create index "campaign_org_unit_idx" on "campaign" ("org_unit_id", "id");`);
    this.addSql(`create table "campaign_account" ("id" serial primary key, "campaign_id" int not null, "service_account_id" int not null, "customer_id" int not null, "base_arrears" numeric(14,2) not null, "leader_id" int null, "added_by_id" int not null, "added_at" timestamptz not null default now(), constraint campaign_account_base_positive check (base_arrears > 0));`);
    this.addSql(`create index "campaign_account_customer_id_index" on "campaign_account" ("customer_id");`);
    this.addSql(`create index "campaign_account_leader_idx" on "campaign_account" ("leader_id");`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_unique" unique ("campaign_id", "service_account_id");`);
    this.addSql(`create table "campaign_bill" ("id" serial primary key, "campaign_account_id" int not null, "bill_id" int not null, "base_open" numeric(14,2) not null, constraint campaign_bill_base_positive check (base_open > 0));`);
    this.addSql(`create index "campaign_bill_bill_idx" on "campaign_bill" ("bill_id");`);
    this.addSql(`alter table "campaign_bill" add constraint "campaign_bill_unique" unique ("campaign_account_id", "bill_id");`);
    this.addSql(`alter table "campaign" add constraint "campaign_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "campaign" add constraint "campaign_closed_by_id_foreign" foreign key ("closed_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "campaign" add constraint "campaign_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade;`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_leader_id_foreign" foreign key ("leader_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "campaign_account" add constraint "campaign_account_added_by_id_foreign" foreign key ("added_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "campaign_bill" add constraint "campaign_bill_campaign_account_id_foreign" foreign key ("campaign_account_id") references "campaign_account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "campaign_bill" add constraint "campaign_bill_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign_bill" cascade;`);
    this.addSql(`drop table if exists "campaign_account" cascade;`);
    this.addSql(`drop table if exists "campaign" cascade;`);
  }
}
