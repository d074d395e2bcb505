import { Migration } from '@mikro-orm/migrations';

/** Key of the advisory lock that orders alert commits (server/src/modules/alerts/alert.service.ts ALERT_SEQ_LOCK). */
const ALERT_SEQ_LOCK = 7_241_600_001;

export class Migration20261126041000_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "alert" ("id" bigserial primary key, "seq" bigint null, "event_id" bigint null, "kind" text check ("kind" in ('ARREARS_OVER_THRESHOLD', 'ARREARS_GREW', 'POLICY_VISIT_OVERDUE', 'INSTALMENT_BREACHED', 'PROMISE_BROKEN', 'CONSUMPTION_SWING', 'RECTIFICATION_OVERDUE')) not null, "severity" text check ("severity" in ('INFO', 'WARNING', 'CRITICAL')) not null, "customer_id" int not null, "service_account_id" int null, "amount" numeric(14,2) null, "message" text not null, "owner_id" int null, "org_unit_id" int not null, "dedupe_key" text not null, "created_at" timestamptz not null default now(), "acknowledged_by_id" int null, "acknowledged_at" timestamptz null, "assigned_to_id" int null, "assigned_at" timestamptz null, "resolved_by_id" int null, "resolved_at" timestamptz null, "resolution_note" text null);`);
    this.addSql(`create index "alert_service_account_id_index" on "alert" ("service_account_id");`);
    this.addSql(`create unique index alert_open_dedupe_idx on alert (dedupe_key) where resolved_at is null;`);
    this.addSql(`create unique index alert_seq_idx on alert (seq);`);
    this.addSql(`create index "alert_org_unit_idx" on "alert" ("org_unit_id", "id");`);
    this.addSql(`create index "alert_customer_kind_idx" on "alert" ("customer_id", "kind");`);

    this.addSql(`alter table "alert" add constraint "alert_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "alert" add constraint "alert_service_account_id_foreign" foreign key ("service_account_id") references "service_account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert" add constraint "alert_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert" add constraint "alert_org_unit_id_foreign" foreign key ("org_unit_id") references "org_unit" ("id") on update cascade;`);
    this.addSql(`alter table "alert" add constraint "alert_acknowledged_by_id_foreign" foreign key ("acknowledged_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert" add constraint "alert_assigned_to_id_foreign" foreign key ("assigned_to_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert" add constraint "alert_resolved_by_id_foreign" foreign key ("resolved_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    // Commit order. Plain bigserial ids are taken at insert time, so id 11 can
    // commit before id 10 and a subscriber replaying "after 11" would miss 10.
    // `seq` is taken AT COMMIT instead: a deferred constraint trigger runs in
    // the committing transaction's pre-commit phase, takes a transaction-level
    // advisory lock (held until the commit is visible) and only then draws
    // nextval. So seq order equals commit (visibility) order, and once seq N
    // is visible every seq below N that will ever exist is visible too.
    // Cost: the last moment of alert-raising commits is serialised (lock,
    // nextval, two updates by primary key, the commit itself); transactions
    // that raise no alert never touch the lock.
    this.addSql(`create sequence alert_seq_seq as bigint;`);
    this.addSql(`create function alert_assign_seq() returns trigger language plpgsql as $$
declare
  next_seq bigint;
  announced bigint;
begin
  perform pg_advisory_xact_lock(${ALERT_SEQ_LOCK});
  next_seq := nextval('alert_seq_seq');
  update alert set seq = next_seq where id = new.id returning event_id into announced;
  -- The alert.raised event carries its seq, so subscribers need no query to order it.
  if announced is not null then
    update domain_event set payload = payload || jsonb_build_object('seq', next_seq::text) where id = announced;
  end if;
  return null;
end $$;`);
    this.addSql(`create constraint trigger alert_assign_seq after insert on alert deferrable initially deferred for each row execute function alert_assign_seq();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert" cascade;`);
    this.addSql(`drop function if exists alert_assign_seq();`);
    this.addSql(`drop sequence if exists alert_seq_seq;`);
  }

}
