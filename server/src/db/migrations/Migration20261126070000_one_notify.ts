import { Migration } from '@mikro-orm/migrations';

/**
 * One pg_notify per transaction, however many domain events it records
 * (DESIGN.md "Real time"), and a commit-order position `seq` on every event so
 * the listener can read "everything after the last seq I saw" without losing
 * an event whose id was drawn earlier but committed later.
 *
 * The lock key is the alerts' commit-order lock (Migration20261126041000_alerts,
 * ALERT_SEQ_LOCK) on purpose: both deferred triggers take the same lock, so a
 * transaction that writes events and alerts never waits for two locks in an
 * order another transaction takes the other way round (no deadlock), and both
 * seqs follow the same commit order.
 */
const COMMIT_ORDER_LOCK = 7_241_600_001;

export class Migration20261126070000_one_notify extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "domain_event" add column "seq" bigint null;`);
    this.addSql(`create sequence domain_event_seq_seq as bigint;`);
    // Events written before this migration are committed: number them in id order.
    this.addSql(`update domain_event d set seq = o.rn from (select id, row_number() over (order by id) as rn from domain_event) o where d.id = o.id;`);
    this.addSql(`select setval('domain_event_seq_seq', coalesce((select max(seq) from domain_event), 0) + 1, false);`);
    this.addSql(`create unique index domain_event_seq_idx on domain_event (seq);`);
    // Finds the committing transaction's own rows: every committed row has a seq.
    this.addSql(`create index domain_event_unsequenced_idx on domain_event (id) where seq is null;`);

    // Runs in the pre-commit phase once per inserted row, but does its work
    // once: the first call numbers ALL of the transaction's rows (the only
    // seq-less rows it can see: others' uncommitted rows are invisible and
    // every committed row has a seq), remembers the highest id it numbered in
    // a transaction-local setting so later calls return at once, and sends the
    // one notify, carrying the highest seq. The advisory lock is held until
    // the commit is visible, so once seq N is visible every lower seq is too.
    // A row inserted by a later deferred trigger (id above the mark) gets a
    // second round; pg_notify then sends a second, larger seq — still correct.
    this.addSql(`create function domain_event_commit() returns trigger language plpgsql as $$
declare
  done_to bigint := nullif(current_setting('gridline.events_numbered_to', true), '')::bigint;
  row_count bigint;
  first_seq bigint;
  top_id bigint;
begin
  if done_to is not null and new.id <= done_to then
    return null;
  end if;
  perform pg_advisory_xact_lock(${COMMIT_ORDER_LOCK});
  select count(*), max(id) into row_count, top_id from domain_event where seq is null;
  if row_count = 0 then
    return null;
  end if;
  -- One block of numbers; safe because only this function draws from the sequence, under the lock.
  first_seq := nextval('domain_event_seq_seq');
  if row_count > 1 then
    perform setval('domain_event_seq_seq', first_seq + row_count - 1);
  end if;
  update domain_event d set seq = first_seq + o.rn - 1
    from (select id, row_number() over (order by id) as rn from domain_event where seq is null) o
    where d.id = o.id;
  perform set_config('gridline.events_numbered_to', top_id::text, true);
  perform pg_notify('gridline_events', (first_seq + row_count - 1)::text);
  return null;
end $$;`);
    this.addSql(`create constraint trigger domain_event_commit after insert on domain_event deferrable initially deferred for each row execute function domain_event_commit();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists domain_event_commit on domain_event;`);
    this.addSql(`drop function if exists domain_event_commit();`);
    this.addSql(`drop index if exists domain_event_unsequenced_idx;`);
    this.addSql(`drop index if exists domain_event_seq_idx;`);
    this.addSql(`alter table "domain_event" drop column if exists "seq";`);
    this.addSql(`drop sequence if exists domain_event_seq_seq;`);
  }

}
