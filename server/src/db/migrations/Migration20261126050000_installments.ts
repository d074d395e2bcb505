import { Migration } from '@mikro-orm/migrations';

export class Migration20261126050000_installments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "installment_plan" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "total" numeric(14,2) not null, "status" text check ("status" in ('ACTIVE', 'COMPLETED', 'BREACHED', 'CANCELLED')) not null default 'ACTIVE', "agreed_on" date not null, "agreed_by_id" int null, "note" text not null, "closed_at" timestamptz null, "cancel_reason" text null, "created_at" timestamptz not null default now(), constraint installment_plan_total_positive check (total > 0));`);
    this.addSql(`create unique index installment_plan_one_active_account_idx on installment_plan (service_account_id) where status = 'ACTIVE';`);
    this.addSql(`create unique index installment_plan_one_active_customer_idx on installment_plan (customer_id) where status = 'ACTIVE' and service_account_id is null;`);
    this.addSql(`create index "installment_plan_customer_idx" on "installment_plan" ("customer_id", "id");`);

    this.addSql(`create table "instalment" ("id" serial primary key, "plan_id" int not null, "sequence" int not null, "due_on" date not null, "amount" numeric(14,2) not null, "paid_amount" numeric(14,2) not null default 0, "paid_at" timestamptz null, "status" text check ("status" in ('DUE', 'PAID', 'MISSED')) not null default 'DUE', constraint instalment_paid_within check (paid_amount >= 0 and paid_amount <= amount), constraint instalment_amount_positive check (amount > 0));`);
    this.addSql(`create index instalment_due_idx on instalment (due_on) where status = 'DUE';`);
    this.addSql(`alter table "instalment" add constraint "instalment_plan_sequence_unique" unique ("plan_id", "sequence");`);

    this.addSql(`alter table "installment_plan" add constraint "installment_plan_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "installment_plan" add constraint "installment_plan_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "installment_plan" add constraint "installment_plan_agreed_by_id_foreign" foreign key ("agreed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "instalment" add constraint "instalment_plan_id_foreign" foreign key ("plan_id") references "installment_plan" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "instalment" drop constraint "instalment_plan_id_foreign";`);

    this.addSql(`drop table if exists "installment_plan" cascade;`);

    this.addSql(`drop table if exists "instalment" cascade;`);
  }

}
