/**
 * Service accounts 户号 keep why and when they reached their current status
 * (a sealed 封堵 account's reason is checked later).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126030500_service_accounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "service_account" add column "status_reason" text null, add column "status_changed_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "service_account" drop column "status_reason", drop column "status_changed_at";`);
  }

}
