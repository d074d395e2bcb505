import { Migration } from '@mikro-orm/migrations';

export class Migration20261126051000_daily_scan extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "daily_arrears_snapshot" ("business_date" date not null, "service_account_id" int not null, "customer_id" int not null, "org_unit_id" int not null, "arrears" numeric(14,2) not null, constraint "daily_arrears_snapshot_pkey" primary key ("business_date", "service_account_id"));`);
    this.addSql(`create index "daily_arrears_snapshot_unit_idx" on "daily_arrears_snapshot" ("business_date", "org_unit_id");`);

    this.addSql(`create table "daily_report" ("business_date" date not null, "org_unit_id" int not null, "accounts_in_arrears" int not null, "total_arrears" numeric(14,2) not null, "accounts_over_threshold" int not null, "collected_yesterday" numeric(14,2) not null, "due_month_to_date" numeric(14,2) not null, "collected_month_to_date" numeric(14,2) not null, constraint "daily_report_pkey" primary key ("business_date", "org_unit_id"));`);

    this.addSql(`create table "daily_scan_run" ("id" serial primary key, "business_date" date not null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "accounts_scanned" int not null, "alerts_raised" int not null, "alerts_resolved" int not null, "run_by" text not null);`);
    this.addSql(`alter table "daily_scan_run" add constraint "daily_scan_run_business_date_key" unique ("business_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "daily_arrears_snapshot" cascade;`);

    this.addSql(`drop table if exists "daily_report" cascade;`);

    this.addSql(`drop table if exists "daily_scan_run" cascade;`);
  }

}
