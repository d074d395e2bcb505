/**
 * What is still open on each bill (`bill.open_amount` = amount + its adjustments − its allocations), kept with the
 * bill so that "the account's oldest unpaid bill past due" is an index lookup (bench/README.md W2: the worklist walked
 * ~807 k past-due bills with two correlated sums each, ~7 s a request on the large seed).
 *
 * Maintained by triggers in the writing transaction, so EVERY writer keeps it exact — the ledger service
 * (recordBill/importBills, recordPayment(s)' allocations, recordAdjustment), the demo seed's bulk inserts, bulk SQL
 * such as the bench's plain-`pg` payments, and any later allocation delete/update (un-allocating refunds):
 *   - a new bill starts fully open (a BEFORE row trigger; a changed amount moves it by the difference);
 *   - allocations and adjustments change their bills by their sums, once per STATEMENT (transition tables), so a
 *     bulk insert of 800 k allocations is one grouped UPDATE, not 800 k trigger calls.
 * The ledger writes lock the service account first, so two transactions never update one bill's open amount at once.
 * test/support/ledger-invariants.ts checks open_amount against the sums.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126090000_bill_open_amount extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "bill" add column "open_amount" numeric(14,2) null;`);
    this.addSql(`with al as (select bill_id, sum(amount) as amount from allocation group by bill_id),
                      ad as (select bill_id, sum(amount) as amount from adjustment where bill_id is not null group by bill_id)
                 update bill b set open_amount = x.amount - coalesce(al.amount, 0) + coalesce(ad.amount, 0)
                 from bill x left join al on al.bill_id = x.id left join ad on ad.bill_id = x.id
                 where x.id = b.id;`);
    this.addSql(`alter table "bill" alter column "open_amount" set not null;`);
    this.addSql(`create index bill_open_account_due_idx on bill (service_account_id, due_on) where open_amount > 0;`);

    this.addSql(`create function bill_open_amount_init() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    new.open_amount := new.amount;
  else
    new.open_amount := old.open_amount + (new.amount - old.amount);
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger bill_open_amount_init before insert or update of amount on bill for each row execute function bill_open_amount_init();`);

    // sign: -1 for allocations (they pay the bill), +1 for adjustments (credit notes and write-offs are negative).
    for (const [table, sign] of [['allocation', '-1'], ['adjustment', '1']] as const) {
      this.addSql(`create function ${table}_open_amount() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update bill b set open_amount = b.open_amount + ${sign} * n.amount
    from (select bill_id, sum(amount) as amount from new_rows where bill_id is not null group by bill_id) n where b.id = n.bill_id;
  elsif tg_op = 'DELETE' then
    update bill b set open_amount = b.open_amount - ${sign} * o.amount
    from (select bill_id, sum(amount) as amount from old_rows where bill_id is not null group by bill_id) o where b.id = o.bill_id;
  else
    update bill b set open_amount = b.open_amount + ${sign} * x.amount
    from (select bill_id, sum(amount) as amount
          from (select bill_id, amount from new_rows union all select bill_id, -amount from old_rows) u
          where bill_id is not null group by bill_id) x
    where b.id = x.bill_id and x.amount <> 0;
  end if;
  return null;
end $$;`);
      this.addSql(`create trigger ${table}_open_amount_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${table}_open_amount();`);
      this.addSql(`create trigger ${table}_open_amount_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${table}_open_amount();`);
      this.addSql(`create trigger ${table}_open_amount_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${table}_open_amount();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['allocation', 'adjustment']) {
      for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists ${table}_open_amount_${event} on ${table};`);
      this.addSql(`drop function if exists ${table}_open_amount();`);
    }
    this.addSql(`drop trigger if exists bill_open_amount_init on bill;`);
    this.addSql(`drop function if exists bill_open_amount_init();`);
    this.addSql(`drop index if exists bill_open_account_due_idx;`);
    this.addSql(`alter table "bill" drop column if exists "open_amount";`);
  }

}
