import { Migration } from '@mikro-orm/migrations';

export class Migration20261126040000_receivables extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_record" ("actor_key" text not null, "idempotency_key" text not null, "operation" text not null, "request_hash" text not null, "result" jsonb null, "created_at" timestamptz not null default now(), constraint "idempotency_record_pkey" primary key ("actor_key", "idempotency_key"));`);

    this.addSql(`create table "bill" ("id" serial primary key, "service_account_id" int not null, "customer_id" int not null, "period_start" date not null, "period_end" date not null, "amount" numeric(14,2) not null, "due_on" date not null, "issued_on" date not null, "source_system" text not null, "external_id" text not null, "created_at" timestamptz not null default now(), constraint bill_period_order check (period_end >= period_start), constraint bill_amount_positive check (amount > 0));`);
    this.addSql(`create index "bill_customer_idx" on "bill" ("customer_id", "period_start");`);
    this.addSql(`create index "bill_account_due_idx" on "bill" ("service_account_id", "due_on", "id");`);
    this.addSql(`alter table "bill" add constraint "bill_source_external_unique" unique ("source_system", "external_id");`);

    this.addSql(`create table "adjustment" ("id" serial primary key, "service_account_id" int not null, "customer_id" int not null, "bill_id" int null, "amount" numeric(14,2) not null, "kind" text check ("kind" in ('CREDIT_NOTE', 'DEBIT', 'WRITE_OFF')) not null, "reason" text not null, "created_at" timestamptz not null default now(), constraint adjustment_amount_not_zero check (amount <> 0));`);
    this.addSql(`create index "adjustment_bill_idx" on "adjustment" ("bill_id");`);
    this.addSql(`create index "adjustment_customer_idx" on "adjustment" ("customer_id");`);
    this.addSql(`create index "adjustment_account_idx" on "adjustment" ("service_account_id");`);

    this.addSql(`create table "payment" ("id" serial primary key, "service_account_id" int not null, "customer_id" int not null, "amount" numeric(14,2) not null, "channel" text check ("channel" in ('BANK', 'COUNTER', 'WECHAT_PAY', 'ALIPAY', 'CASH', 'PREPAYMENT')) not null, "paid_at" timestamptz not null, "external_reference" text null, "recorded_by_user_id" int null, "recorded_by_api_key_id" int null, "created_at" timestamptz not null default now(), constraint payment_amount_positive check (amount > 0));`);
    this.addSql(`create index "payment_customer_idx" on "payment" ("customer_id");`);
    this.addSql(`create index "payment_account_idx" on "payment" ("service_account_id", "paid_at", "id");`);
    this.addSql(`alter table "payment" add constraint "payment_channel_reference_unique" unique ("channel", "external_reference");`);

    this.addSql(`create table "refund" ("id" serial primary key, "payment_id" int not null, "amount" numeric(14,2) not null, "reason" text not null, "created_at" timestamptz not null default now(), constraint refund_amount_positive check (amount > 0));`);
    this.addSql(`create index "refund_payment_idx" on "refund" ("payment_id");`);

    this.addSql(`create table "allocation" ("id" serial primary key, "payment_id" int not null, "bill_id" int not null, "amount" numeric(14,2) not null, "created_at" timestamptz not null default now(), constraint allocation_amount_positive check (amount > 0));`);
    this.addSql(`create index "allocation_payment_idx" on "allocation" ("payment_id");`);
    this.addSql(`create index "allocation_bill_idx" on "allocation" ("bill_id");`);

    this.addSql(`alter table "bill" add constraint "bill_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "bill" add constraint "bill_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "adjustment" add constraint "adjustment_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "adjustment" add constraint "adjustment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "adjustment" add constraint "adjustment_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "payment" add constraint "payment_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_recorded_by_user_id_foreign" foreign key ("recorded_by_user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "payment" add constraint "payment_recorded_by_api_key_id_foreign" foreign key ("recorded_by_api_key_id") references "api_key" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "refund" add constraint "refund_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade;`);

    this.addSql(`alter table "allocation" add constraint "allocation_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade;`);
    this.addSql(`alter table "allocation" add constraint "allocation_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "adjustment" drop constraint "adjustment_bill_id_foreign";`);

    this.addSql(`alter table "allocation" drop constraint "allocation_bill_id_foreign";`);

    this.addSql(`alter table "refund" drop constraint "refund_payment_id_foreign";`);

    this.addSql(`alter table "allocation" drop constraint "allocation_payment_id_foreign";`);

    this.addSql(`drop table if exists "idempotency_record" cascade;`);

    this.addSql(`drop table if exists "bill" cascade;`);

    this.addSql(`drop table if exists "adjustment" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "refund" cascade;`);

    this.addSql(`drop table if exists "allocation" cascade;`);
  }

}
