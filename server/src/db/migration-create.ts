/**
 * `pnpm migration:create [name]`: diffs the entities against a migrated
 * database and writes a new migration into src/db/migrations. Add the class it
 * prints to MIGRATIONS in db/orm.ts; review the SQL before committing it.
 */
import { openDatabase } from './database.js';
import { initOrm } from './orm.js';

const database = await openDatabase();
const orm = await initOrm(database.url);
try {
  const result = await orm.getMigrator().createMigration(undefined, false, false, process.argv[2]);
  if (!result.diff.up.length) {
    console.log('The entities match the database: no migration needed.');
  } else {
    console.log(`Wrote src/db/migrations/${result.fileName}. Add it to MIGRATIONS in src/db/orm.ts, then review:\n`);
    console.log(result.diff.up.join('\n'));
  }
} finally {
  await orm.close();
  await database.stop();
}
process.exit(0);
