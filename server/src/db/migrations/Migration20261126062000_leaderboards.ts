import { Migration } from '@mikro-orm/migrations';

export class Migration20261126062000_leaderboards extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "leaderboard_snapshot" ("id" bigserial primary key, "period_kind" text not null, "period_start" date not null, "metric" text not null, "subject_kind" text not null, "subject_id" int not null, "org_path" text not null, "value" numeric(16,2) not null, "rank" int not null, "highlighted" boolean not null default false, "taken_at" timestamptz not null default now());`);
    this.addSql(`create index "leaderboard_snapshot_board_idx" on "leaderboard_snapshot" ("metric", "period_kind", "period_start", "subject_kind");`);
    this.addSql(`alter table "leaderboard_snapshot" add constraint "leaderboard_snapshot_key" unique ("period_kind", "period_start", "metric", "subject_kind", "subject_id");`);

    this.addSql(`create table "metric_daily" ("id" bigserial primary key, "metric" text not null, "day" date not null, "channel" text not null default '', "user_id" int not null default 0, "org_unit_id" int not null, "value" numeric(16,2) not null default 0, "base" numeric(16,2) not null default 0);`);
    this.addSql(`alter table "metric_daily" add constraint "metric_daily_key" unique ("metric", "day", "channel", "user_id", "org_unit_id");`);

    this.addSql(`create table "metric_key_visit" ("id" bigserial primary key, "day" date not null, "customer_id" int not null, "user_id" int not null default 0, "org_unit_id" int not null, "channel" text not null);`);
    this.addSql(`create index "metric_key_visit_user_idx" on "metric_key_visit" ("user_id", "day");`);
    this.addSql(`alter table "metric_key_visit" add constraint "metric_key_visit_key" unique ("day", "customer_id", "user_id", "channel");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "leaderboard_snapshot" cascade;`);

    this.addSql(`drop table if exists "metric_daily" cascade;`);

    this.addSql(`drop table if exists "metric_key_visit" cascade;`);
  }

}
