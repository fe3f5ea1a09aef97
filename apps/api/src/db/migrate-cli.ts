import { readConfig } from '../env';
import { openDatabase } from './orm';
import { databaseTargetFor } from './target';

/** `pnpm db:migrate`: applies pending migrations to the configured database and exits. */
const db = await openDatabase(databaseTargetFor(readConfig()));
try {
  const applied = await db.orm.getMigrator().up();
  console.log(
    applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date',
  );
} finally {
  await db.close();
}
