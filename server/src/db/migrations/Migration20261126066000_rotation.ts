import { Migration } from '@mikro-orm/migrations';

export class Migration20261126066000_rotation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "responsibility_period" ("id" serial primary key, "customer_id" int not null, "service_account_id" int null, "role" text check ("role" in ('REP', 'LEADER', 'COLLECTOR')) not null, "user_id" int not null, "started_at" timestamptz not null, "ended_at" timestamptz null, "reason" text null, "changed_by_id" int null, "created_at" timestamptz not null default now(), constraint responsibility_period_order check (ended_at is null or ended_at >= started_at), constraint responsibility_period_account_role check ((role = 'COLLECTOR') = (service_account_id is not null)));`);
    this.addSql(`create unique index responsibility_period_open_idx on responsibility_period (customer_id, role, coalesce(service_account_id, 0)) where ended_at is null;`);
    this.addSql(`create index "responsibility_period_account_idx" on "responsibility_period" ("service_account_id", "started_at");`);
    this.addSql(`create index "responsibility_period_user_idx" on "responsibility_period" ("user_id", "role", "started_at");`);
    this.addSql(`create index "responsibility_period_customer_idx" on "responsibility_period" ("customer_id", "started_at");`);

    this.addSql(`alter table "responsibility_period" add constraint "responsibility_period_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "responsibility_period" add constraint "responsibility_period_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "responsibility_period" add constraint "responsibility_period_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "responsibility_period" add constraint "responsibility_period_changed_by_id_foreign" foreign key ("changed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    // Backfill: today's reps, leaders and collectors hold their accounts since the row was recorded
    // (the best known lower bound). Same statements as BACKFILL_SQL in db/seed/rotation-data.ts, copied so this
    // migration never changes with the module.
    this.addSql(`insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
      select c.id, null, 'REP', c.responsible_rep_id, c.created_at, '存量责任人 (backfilled)' from customer c where c.responsible_rep_id is not null;`);
    this.addSql(`insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
      select c.id, null, 'LEADER', c.responsible_leader_id, c.created_at, '存量责任人 (backfilled)' from customer c where c.responsible_leader_id is not null;`);
    this.addSql(`insert into responsibility_period (customer_id, service_account_id, role, user_id, started_at, reason)
      select sa.customer_id, sa.id, 'COLLECTOR', sa.collector_id, sa.created_at, '存量责任人 (backfilled)' from service_account sa where sa.collector_id is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "responsibility_period" cascade;`);
  }

}
