import { describe, expect, it } from 'vitest';
import { initOrm } from '../../server/src/db/orm.js';
import { createMigratedDatabase } from '../support/harness.js';

describe('migrations', () => {
  it('build exactly the schema the entities declare, so new migrations diff cleanly', async () => {
    const database = await createMigratedDatabase();
    const orm = await initOrm(database.url);
    try {
      const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim()).toBe('');
      const pending = await orm.getMigrator().getPendingMigrations();
      expect(pending).toEqual([]);
    } finally {
      await orm.close();
      await database.drop();
    }
  });
});
