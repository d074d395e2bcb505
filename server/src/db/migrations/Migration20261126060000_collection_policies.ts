/**
 * Collection policies 催收策略 and worklist items 工作清单 (issue 6 items 3
 * and 9). No policy row is inserted: org units do not exist yet when this
 * runs; a company without a row uses the defaults (GRIDLINE_ARREARS_THRESHOLD
 * or 500.00, POWER 100,000 kWh, 3 collections a month, every 5 days).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126060000_collection_policies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "collection_policy" ("id" serial primary key, "company_id" int not null, "monitoring_threshold" numeric(14,2) not null, "big_user_thresholds" jsonb not null, "big_user_collections_per_month" smallint not null, "risk_check_interval_days" smallint not null, "updated_by_id" int null, "updated_at" timestamptz null, constraint collection_policy_interval_range check (risk_check_interval_days >= 1 and risk_check_interval_days <= 30), constraint collection_policy_collections_range check (big_user_collections_per_month >= 1 and big_user_collections_per_month <= 10), constraint collection_policy_threshold_positive check (monitoring_threshold > 0));`);
    this.addSql(`alter table "collection_policy" add constraint "collection_policy_company_id_unique" unique ("company_id");`);
    this.addSql(`create table "worklist_item" ("id" serial primary key, "kind" text check ("kind" in ('ARREARS_FOLLOW_UP', 'BIG_USER_COLLECTION', 'RISK_CHECK')) not null, "customer_id" int not null, "service_account_id" int null, "owner_id" int null, "org_unit_id" int not null, "due_on" date not null, "status" text check ("status" in ('OPEN', 'DONE', 'CANCELLED')) not null default 'OPEN', "amount" numeric(14,2) null, "reason" text not null, "closed_at" timestamptz null, "done_by_id" int null, "visit_id" int null, "close_note" text null, "dedupe_key" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "worklist_item_due_idx" on "worklist_item" ("due_on", "id");`);
    this.addSql(`create index "worklist_item_customer_idx" on "worklist_item" ("customer_id", "status");`);
    this.addSql(`create index worklist_item_owner_due_idx on worklist_item (owner_id, due_on) where status = 'OPEN';`);
    this.addSql(`alter table "collection_policy" add constraint "collection_policy_company_id_foreign" foreign key ("company_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "collection_policy" add constraint "collection_policy_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_done_by_id_foreign" foreign key ("done_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "worklist_item" add constraint "worklist_item_visit_id_foreign" foreign key ("visit_id") references "visit" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "collection_policy" cascade;`);
    this.addSql(`drop table if exists "worklist_item" cascade;`);
  }
}
