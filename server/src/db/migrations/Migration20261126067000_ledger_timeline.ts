import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the ledger in the customer's timeline (modules/receivables/receivables.timeline.ts):
 * (customer, moment, id) per source, so a timeline page reads each source with a short index scan.
 * The payment and adjustment ones replace the plain customer indexes, which they cover.
 */
export class Migration20261126067000_ledger_timeline extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index bill_customer_issued_idx on bill (customer_id, (issued_on::timestamp at time zone 'Asia/Shanghai'), id);`);
    this.addSql(`drop index "payment_customer_idx";`);
    this.addSql(`create index "payment_customer_paid_idx" on "payment" ("customer_id", "paid_at", "id");`);
    this.addSql(`drop index "adjustment_customer_idx";`);
    this.addSql(`create index "adjustment_customer_created_idx" on "adjustment" ("customer_id", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "adjustment_customer_created_idx";`);
    this.addSql(`create index "adjustment_customer_idx" on "adjustment" ("customer_id");`);
    this.addSql(`drop index "payment_customer_paid_idx";`);
    this.addSql(`create index "payment_customer_idx" on "payment" ("customer_id");`);
    this.addSql(`drop index "bill_customer_issued_idx";`);
  }

}
