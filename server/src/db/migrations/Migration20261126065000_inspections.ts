import { Migration } from '@mikro-orm/migrations';

export class Migration20261126065000_inspections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inspection_policy" ("id" serial primary key, "utility" text check ("utility" in ('POWER', 'GAS', 'HEAT', 'FUEL', 'ENERGY_SERVICES')) not null, "tier" text check ("tier" in ('STRATEGIC', 'KEY', 'REGULAR', 'PROSPECT')) not null, "kind" text check ("kind" in ('ROUTINE', 'ANNUAL_SAFETY', 'SPECIAL')) not null, "interval_months" int not null, "updated_at" timestamptz not null default now(), constraint inspection_policy_interval_range check (interval_months >= 1 and interval_months <= 60));`);
    this.addSql(`alter table "inspection_policy" add constraint "inspection_policy_key_unique" unique ("utility", "tier", "kind");`);

    this.addSql(`create table "inspection" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "kind" text check ("kind" in ('ROUTINE', 'ANNUAL_SAFETY', 'SPECIAL')) not null, "performed_on" date not null, "result" text check ("result" in ('PASSED', 'HAZARDS_FOUND', 'SUPPLY_SEALED')) not null, "note" text null, "recorded_by_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "inspection_customer_performed_idx" on "inspection" ("customer_id", "performed_on", "id");`);

    this.addSql(`create table "inspection_finding" ("id" serial primary key, "inspection_id" int not null, "sequence" int not null, "category" text check ("category" in ('METER', 'REGULATOR', 'DOUBLE_REGULATOR_LINE', 'BYPASS_VALVE_LOCK', 'PIPE', 'LEAK', 'OTHER')) not null, "severity" text check ("severity" in ('MINOR', 'MAJOR', 'CRITICAL')) not null, "description" text not null);`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_sequence_unique" unique ("inspection_id", "sequence");`);

    this.addSql(`create table "rectification_notice" ("id" serial primary key, "number" text not null, "customer_id" int not null, "service_account_id" int null, "inspection_id" int not null, "finding_id" int not null, "deadline" date not null, "original_deadline" date not null, "owner_id" int null, "status" text check ("status" in ('OPEN', 'CLOSED')) not null default 'OPEN', "opened_at" timestamptz not null default now(), "closed_at" timestamptz null, "closed_by_id" int null, "evidence_note" text null, "evidence_reference" text null, "extensions" int not null default 0, constraint rectification_notice_closed_evidence check (status = 'OPEN' or (closed_at is not null and evidence_note is not null and evidence_reference is not null)));`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_number_unique" unique ("number");`);
    this.addSql(`create index "rectification_notice_inspection_id_index" on "rectification_notice" ("inspection_id");`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_finding_unique" unique ("finding_id");`);
    this.addSql(`create index rectification_notice_open_deadline_idx on rectification_notice (deadline) where status = 'OPEN';`);
    this.addSql(`create index "rectification_notice_customer_idx" on "rectification_notice" ("customer_id", "id");`);

    this.addSql(`create table "inspection_inspector" ("inspection_id" int not null, "user_id" int not null, constraint "inspection_inspector_pkey" primary key ("inspection_id", "user_id"));`);

    this.addSql(`create table "return_visit" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "reason" text check ("reason" in ('INSTALLATION', 'REPAIR', 'RECTIFICATION', 'COMPLAINT', 'OTHER')) not null, "notice_id" int null, "note" text null, "due_on" date not null, "owner_id" int null, "status" text check ("status" in ('SCHEDULED', 'DONE')) not null default 'SCHEDULED', "scheduled_at" timestamptz not null default now(), "visit_id" int null, "completed_at" timestamptz null, "satisfaction" smallint null, constraint return_visit_done_has_visit check (status = 'SCHEDULED' or (visit_id is not null and completed_at is not null)), constraint return_visit_satisfaction_range check (satisfaction >= 1 and satisfaction <= 5));`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_notice_unique" unique ("notice_id");`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_visit_unique" unique ("visit_id");`);
    this.addSql(`create index return_visit_scheduled_due_idx on return_visit (due_on) where status = 'SCHEDULED';`);
    this.addSql(`create index "return_visit_customer_idx" on "return_visit" ("customer_id", "id");`);

    this.addSql(`alter table "inspection" add constraint "inspection_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "inspection" add constraint "inspection_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "inspection" add constraint "inspection_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade;`);

    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade;`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_finding_id_foreign" foreign key ("finding_id") references "inspection_finding" ("id") on update cascade;`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "rectification_notice" add constraint "rectification_notice_closed_by_id_foreign" foreign key ("closed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "inspection_inspector" add constraint "inspection_inspector_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_inspector" add constraint "inspection_inspector_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "return_visit" add constraint "return_visit_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_notice_id_foreign" foreign key ("notice_id") references "rectification_notice" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "return_visit" add constraint "return_visit_visit_id_foreign" foreign key ("visit_id") references "visit" ("id") on update cascade on delete set null;`);

    // Default inspection frequencies 巡检频次 (seed 003 §3(3)②⑤): strategic gas accounts monthly, key accounts
    // quarterly, and a yearly systematic safety inspection for every supplied gas account. Admins change them
    // with setInspectionPolicy.
    this.addSql(`insert into inspection_policy (utility, tier, kind, interval_months) values
      ('GAS', 'STRATEGIC', 'ROUTINE', 1), ('GAS', 'KEY', 'ROUTINE', 3),
      ('GAS', 'STRATEGIC', 'ANNUAL_SAFETY', 12), ('GAS', 'KEY', 'ANNUAL_SAFETY', 12), ('GAS', 'REGULAR', 'ANNUAL_SAFETY', 12);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_inspection_id_foreign";`);

    this.addSql(`alter table "rectification_notice" drop constraint "rectification_notice_inspection_id_foreign";`);

    this.addSql(`alter table "inspection_inspector" drop constraint "inspection_inspector_inspection_id_foreign";`);

    this.addSql(`alter table "rectification_notice" drop constraint "rectification_notice_finding_id_foreign";`);

    this.addSql(`alter table "return_visit" drop constraint "return_visit_notice_id_foreign";`);

    this.addSql(`drop table if exists "inspection_policy" cascade;`);

    this.addSql(`drop table if exists "inspection" cascade;`);

    this.addSql(`drop table if exists "inspection_finding" cascade;`);

    this.addSql(`drop table if exists "rectification_notice" cascade;`);

    this.addSql(`drop table if exists "inspection_inspector" cascade;`);

    this.addSql(`drop table if exists "return_visit" cascade;`);
  }

}
