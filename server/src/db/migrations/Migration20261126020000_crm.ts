/**
 * The CRM core (issue 5): lifecycle history, service accounts 户号, contact
 * history, visits, contracts and the risk ledger, plus the customer fields
 * DOMAIN.md asks for (source, location, 包保领导, 失信名单, developed date).
 * Existing customers get their current stage as the first history row.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126020000_crm extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "service_account" ("id" serial primary key, "customer_id" int not null, "org_unit_id" int not null, "account_number" text not null, "address" text not null, "district" text null, "utility" text check ("utility" in ('POWER', 'GAS', 'HEAT', 'FUEL', 'ENERGY_SERVICES')) not null, "meter_points" int not null default 1, "status" text check ("status" in ('ACTIVE', 'SUSPENDED', 'CLOSED')) not null default 'ACTIVE', "opened_at" timestamptz null, "closed_at" timestamptz null, "created_at" timestamptz not null default now(), constraint service_account_meter_points_positive check (meter_points >= 0));`);
    this.addSql(`alter table "service_account" add constraint "service_account_account_number_unique" unique ("account_number");`);
    this.addSql(`create index "service_account_org_unit_idx" on "service_account" ("org_unit_id", "id");`);
    this.addSql(`create index "service_account_customer_idx" on "service_account" ("customer_id", "id");`);

    this.addSql(`create table "risk_entry" ("id" serial primary key, "customer_id" int not null, "level" text check ("level" in ('HIGH', 'MEDIUM', 'LOW')) not null, "reason" text not null, "responsible_leader_id" int not null, "plan" jsonb not null, "opened_by_id" int null, "opened_at" timestamptz not null default now(), "closed_at" timestamptz null, "close_reason" text null, "closed_by_id" int null);`);
    this.addSql(`create index "risk_entry_responsible_leader_id_index" on "risk_entry" ("responsible_leader_id");`);
    this.addSql(`create unique index risk_entry_one_open_idx on risk_entry (customer_id) where closed_at is null;`);
    this.addSql(`create index "risk_entry_customer_idx" on "risk_entry" ("customer_id", "opened_at");`);

    this.addSql(`create table "customer_status_change" ("id" serial primary key, "customer_id" int not null, "from_status" text check ("from_status" in ('PROSPECT', 'CONTACTED', 'NEGOTIATING', 'ACTIVE', 'SUSPENDED', 'CLOSED')) null, "to_status" text check ("to_status" in ('PROSPECT', 'CONTACTED', 'NEGOTIATING', 'ACTIVE', 'SUSPENDED', 'CLOSED')) not null, "reason" text null, "changed_by_id" int null, "changed_at" timestamptz not null default now());`);
    this.addSql(`create index "customer_status_change_customer_idx" on "customer_status_change" ("customer_id", "changed_at");`);

    this.addSql(`create table "contract" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "number" text not null, "type" text check ("type" in ('GAS_SUPPLY', 'POWER_SUPPLY', 'HEAT_SUPPLY', 'DESIGN_INSTALLATION', 'ENERGY_SERVICES', 'SETTLEMENT_AGREEMENT')) not null, "status" text check ("status" in ('DRAFT', 'ACTIVE', 'EXPIRED', 'TERMINATED')) not null default 'DRAFT', "supplier_party" text not null, "customer_party" text not null, "signer" text null, "signed_on" date null, "starts_on" date not null, "ends_on" date null, "prepayment_periods" smallint null, "prepayment_amount" numeric(14,2) null, "settlement_cycle" text check ("settlement_cycle" in ('TEN_DAY_READ_TEN_DAY_COLLECT', 'TEN_DAY_READ_MONTHLY_SETTLE', 'MONTHLY_READ_MONTHLY_SETTLE', 'MONTHLY', 'QUARTERLY')) null, "price_terms" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint contract_dates_ordered check (ends_on is null or ends_on >= starts_on));`);
    this.addSql(`create index "contract_service_account_id_index" on "contract" ("service_account_id");`);
    this.addSql(`alter table "contract" add constraint "contract_number_unique" unique ("number");`);
    this.addSql(`create index "contract_ends_on_idx" on "contract" ("status", "ends_on");`);
    this.addSql(`create index "contract_customer_idx" on "contract" ("customer_id", "id");`);

    this.addSql(`create table "contract_attachment" ("id" serial primary key, "contract_id" int not null, "name" text not null, "reference" text not null, "added_at" timestamptz not null default now());`);
    this.addSql(`create index "contract_attachment_contract_id_index" on "contract_attachment" ("contract_id");`);

    this.addSql(`create table "contract_event" ("id" serial primary key, "contract_id" int not null, "customer_id" int not null, "kind" text check ("kind" in ('CREATED', 'SIGNED', 'AMENDED', 'RENEWED', 'TERMINATED', 'EXPIRED')) not null, "note" text null, "actor_id" int null, "occurred_at" timestamptz not null default now());`);
    this.addSql(`create index "contract_event_contract_id_index" on "contract_event" ("contract_id");`);
    this.addSql(`create index "contract_event_customer_idx" on "contract_event" ("customer_id", "occurred_at");`);

    this.addSql(`create table "contact_revision" ("id" serial primary key, "contact_id" int not null, "before" jsonb not null, "after" jsonb not null, "changed_by_id" int null, "changed_at" timestamptz not null default now());`);
    this.addSql(`create index "contact_revision_contact_idx" on "contact_revision" ("contact_id", "id");`);

    this.addSql(`create table "visit" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "channel" text check ("channel" in ('PHONE', 'ON_SITE', 'WECHAT', 'EVENT', 'SEMINAR')) not null, "purpose" text check ("purpose" in ('DEVELOPMENT', 'COLLECTION', 'SERVICE', 'RETURN_VISIT', 'INSPECTION', 'CONTRACT', 'COMPLAINT')) not null, "occurred_at" timestamptz not null, "outcome" text not null, "next_step" text null, "next_step_due_on" date null, "promised_amount" numeric(14,2) null, "promised_on" date null, "satisfaction" smallint null, "check_in_at" timestamptz null, "check_in_latitude" double precision null, "check_in_longitude" double precision null, "recorded_by_id" int not null, "created_at" timestamptz not null default now(), constraint visit_promise_positive check (promised_amount > 0), constraint visit_satisfaction_range check (satisfaction >= 1 and satisfaction <= 5));`);
    this.addSql(`create index "visit_recorded_by_occurred_idx" on "visit" ("recorded_by_id", "occurred_at");`);
    this.addSql(`create index "visit_customer_occurred_idx" on "visit" ("customer_id", "occurred_at", "id");`);

    this.addSql(`create table "visit_participant" ("visit_id" int not null, "user_id" int not null, constraint "visit_participant_pkey" primary key ("visit_id", "user_id"));`);

    this.addSql(`alter table "service_account" add constraint "service_account_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "service_account" add constraint "service_account_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);

    this.addSql(`alter table "risk_entry" add constraint "risk_entry_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "risk_entry" add constraint "risk_entry_responsible_leader_id_foreign" foreign key ("responsible_leader_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "risk_entry" add constraint "risk_entry_opened_by_id_foreign" foreign key ("opened_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "risk_entry" add constraint "risk_entry_closed_by_id_foreign" foreign key ("closed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "customer_status_change" add constraint "customer_status_change_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "customer_status_change" add constraint "customer_status_change_changed_by_id_foreign" foreign key ("changed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "contract" add constraint "contract_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "contract" add constraint "contract_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "contract_attachment" add constraint "contract_attachment_contract_id_foreign" foreign key ("contract_id") references "contract" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "contract_event" add constraint "contract_event_contract_id_foreign" foreign key ("contract_id") references "contract" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contract_event" add constraint "contract_event_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "contract_event" add constraint "contract_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "contact_revision" add constraint "contact_revision_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_revision" add constraint "contact_revision_changed_by_id_foreign" foreign key ("changed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "visit" add constraint "visit_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "visit" add constraint "visit_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit" add constraint "visit_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "visit_participant" add constraint "visit_participant_visit_id_foreign" foreign key ("visit_id") references "visit" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "visit_participant" add constraint "visit_participant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "org_unit" add column "latitude" double precision null, add column "longitude" double precision null;`);

    this.addSql(`alter table "customer" add column "industry" text null, add column "source" text check ("source" in ('SCREENING', 'INDUSTRY_EVENT', 'REFERRAL', 'GOVERNMENT_LIAISON', 'WALK_IN', 'CAMPAIGN', 'OTHER')) null, add column "source_detail" text null, add column "referred_by_id" int null, add column "district" text null, add column "latitude" double precision null, add column "longitude" double precision null, add column "responsible_leader_id" int null, add column "dishonest" boolean not null default false, add column "dishonest_since" timestamptz null, add column "risk_level" text check ("risk_level" in ('HIGH', 'MEDIUM', 'LOW')) null, add column "developed_at" timestamptz null;`);
    this.addSql(`alter table "customer" add constraint "customer_referred_by_id_foreign" foreign key ("referred_by_id") references "customer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "customer" add constraint "customer_responsible_leader_id_foreign" foreign key ("responsible_leader_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "customer_referred_by_id_index" on "customer" ("referred_by_id");`);
    this.addSql(`create index "customer_responsible_leader_id_index" on "customer" ("responsible_leader_id");`);
    this.addSql(`create index "customer_risk_level_idx" on "customer" ("risk_level");`);

    this.addSql(`alter table "contact" add column "archived_at" timestamptz null;`);

    // One primary among the contacts still there (archived ones keep their flag for history).
    this.addSql(`drop index "contact_one_primary_idx";`);
    this.addSql(`create unique index contact_one_primary_idx on contact (customer_id) where is_primary and archived_at is null;`);

    // Customers that existed before: their current stage is their first known one.
    this.addSql(`insert into customer_status_change (customer_id, from_status, to_status, changed_at) select id, null, status, status_changed_at from customer;`);
    this.addSql(`update customer set developed_at = status_changed_at where status in ('ACTIVE', 'SUSPENDED', 'CLOSED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contract" drop constraint "contract_service_account_id_foreign";`);

    this.addSql(`alter table "visit" drop constraint "visit_service_account_id_foreign";`);

    this.addSql(`alter table "contract_attachment" drop constraint "contract_attachment_contract_id_foreign";`);

    this.addSql(`alter table "contract_event" drop constraint "contract_event_contract_id_foreign";`);

    this.addSql(`alter table "visit_participant" drop constraint "visit_participant_visit_id_foreign";`);

    this.addSql(`drop table if exists "service_account" cascade;`);

    this.addSql(`drop table if exists "risk_entry" cascade;`);

    this.addSql(`drop table if exists "customer_status_change" cascade;`);

    this.addSql(`drop table if exists "contract" cascade;`);

    this.addSql(`drop table if exists "contract_attachment" cascade;`);

    this.addSql(`drop table if exists "contract_event" cascade;`);

    this.addSql(`drop table if exists "contact_revision" cascade;`);

    this.addSql(`drop table if exists "visit" cascade;`);

    this.addSql(`drop table if exists "visit_participant" cascade;`);

    this.addSql(`alter table "customer" drop constraint "customer_referred_by_id_foreign";`);
    this.addSql(`alter table "customer" drop constraint "customer_responsible_leader_id_foreign";`);

    this.addSql(`alter table "contact" drop column "archived_at";`);

    this.addSql(`drop index "customer_referred_by_id_index";`);
    this.addSql(`drop index "customer_responsible_leader_id_index";`);
    this.addSql(`drop index "customer_risk_level_idx";`);
    this.addSql(`alter table "customer" drop column "industry", drop column "source", drop column "source_detail", drop column "referred_by_id", drop column "district", drop column "latitude", drop column "longitude", drop column "responsible_leader_id", drop column "dishonest", drop column "dishonest_since", drop column "risk_level", drop column "developed_at";`);

    this.addSql(`alter table "org_unit" drop column "latitude", drop column "longitude";`);
  }

}
