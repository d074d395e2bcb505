import { Migration } from '@mikro-orm/migrations';

/** Meters 计量仪表, calibrations, readings, monthly consumption and swing thresholds (modules/meters). */
export class Migration20261126064000_meters extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "meter" ("id" serial primary key, "service_account_id" int not null, "model" text not null, "serial" text not null, "unit" text check ("unit" in ('KWH', 'M3', 'GJ', 'T')) not null, "installed_on" date not null, "removed_on" date null, "removal_reason" text null, "calibration_interval_months" int not null, "next_calibration_due" date not null, "installed_by_id" int null, "created_at" timestamptz not null default now(), constraint meter_removed_after_installed check (removed_on is null or removed_on >= installed_on), constraint meter_interval_range check (calibration_interval_months >= 1 and calibration_interval_months <= 120));`);
    this.addSql(`alter table "meter" add constraint "meter_serial_unique" unique ("serial");`);
    this.addSql(`create index "meter_calibration_due_idx" on "meter" ("next_calibration_due", "id");`);
    this.addSql(`create index "meter_service_account_idx" on "meter" ("service_account_id", "id");`);
    this.addSql(`create table "meter_reading" ("id" serial primary key, "meter_id" int not null, "read_on" date not null, "value" numeric(14,3) not null, "source" text check ("source" in ('MANUAL', 'AMR', 'BILLING_SYSTEM', 'ESTIMATED')) not null, "recorded_by_id" int null, "recorded_at" timestamptz not null default now(), constraint meter_reading_value_not_negative check (value >= 0));`);
    this.addSql(`alter table "meter_reading" add constraint "meter_reading_meter_day_unique" unique ("meter_id", "read_on");`);
    this.addSql(`create table "meter_calibration" ("id" serial primary key, "meter_id" int not null, "calibrated_on" date not null, "result" text check ("result" in ('PASSED', 'FAILED', 'ADJUSTED')) not null, "certificate_reference" text not null, "note" text null, "next_due_after" date not null, "calibrated_by_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "meter_calibration_meter_idx" on "meter_calibration" ("meter_id", "id");`);
    this.addSql(`create table "consumption_month" ("id" serial primary key, "service_account_id" int not null, "month" date not null, "quantity" numeric(14,3) not null, "unit" text check ("unit" in ('KWH', 'M3', 'GJ', 'T')) not null);`);
    this.addSql(`alter table "consumption_month" add constraint "consumption_month_account_month_unique" unique ("service_account_id", "month");`);
    this.addSql(`create table "consumption_swing_threshold" ("tier" text not null, "percent" numeric(6,2) not null, "updated_by_id" int null, "updated_at" timestamptz not null default now(), constraint "consumption_swing_threshold_pkey" primary key ("tier"), constraint consumption_swing_threshold_range check (percent > 0 and percent <= 1000));`);
    this.addSql(`alter table "meter" add constraint "meter_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "meter" add constraint "meter_installed_by_id_foreign" foreign key ("installed_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meter_reading" add constraint "meter_reading_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade;`);
    this.addSql(`alter table "meter_reading" add constraint "meter_reading_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meter_calibration" add constraint "meter_calibration_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade;`);
    this.addSql(`alter table "meter_calibration" add constraint "meter_calibration_calibrated_by_id_foreign" foreign key ("calibrated_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "consumption_month" add constraint "consumption_month_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "consumption_swing_threshold" add constraint "consumption_swing_threshold_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "meter_reading" drop constraint "meter_reading_meter_id_foreign";`);
    this.addSql(`alter table "meter_calibration" drop constraint "meter_calibration_meter_id_foreign";`);
    this.addSql(`drop table if exists "meter" cascade;`);
    this.addSql(`drop table if exists "meter_reading" cascade;`);
    this.addSql(`drop table if exists "meter_calibration" cascade;`);
    this.addSql(`drop table if exists "consumption_month" cascade;`);
    this.addSql(`drop table if exists "consumption_swing_threshold" cascade;`);
  }

}
