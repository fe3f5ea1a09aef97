import { mkdirSync } from 'node:fs';
import v8 from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import { PGliteDriver, PGliteKnexDialect } from 'mikro-orm-pglite';
import { HistorySubscriber } from '../modules/history/history.subscriber';
import { HistoryEntry } from '../modules/history/history-entry.entity';
import { Loan } from '../modules/loans/loan.entity';
import { LoanProduct } from '../modules/products/loan-product.entity';
import { User } from '../modules/users/user.entity';
import { Migration20261126000000_initial } from './migrations/Migration20261126000000_initial';
import { Migration20261126010000_login_throttle } from './migrations/Migration20261126010000_login_throttle';
import { Migration20261201000000_servicing } from './migrations/Migration20261201000000_servicing';
import { Migration20261201010000_runtime_role } from './migrations/Migration20261201010000_runtime_role';

/** PostgreSQL by URL, or the embedded PGlite in a directory (`null`: in memory, for tests). */
export type TDatabaseTarget =
  | {
      kind: 'postgres';
      url: string;
      /** Read replicas for loan lists (none: everything on the primary). */
      replicaUrls?: string[];
    }
  | { kind: 'pglite'; dataDir: string | null };

export type TEntityManager = SqlEntityManager;

export interface TDatabase {
  orm: MikroORM;
  /** A fresh fork for one unit of work (one per request). */
  fork(): TEntityManager;
  migrate(): Promise<void>;
  close(): Promise<void>;
  target: TDatabaseTarget;
}

const baseOptions = {
  entities: [User, LoanProduct, Loan, HistoryEntry],
  extensions: [Migrator],
  subscribers: [new HistorySubscriber()],
  migrations: {
    // Listed explicitly (not globbed) so the same list works from TypeScript source and from a bundle.
    migrationsList: [
      { name: 'Migration20261126000000_initial', class: Migration20261126000000_initial },
      { name: 'Migration20261126010000_login_throttle', class: Migration20261126010000_login_throttle },
      { name: 'Migration20261201000000_servicing', class: Migration20261201000000_servicing },
      { name: 'Migration20261201010000_runtime_role', class: Migration20261201010000_runtime_role },
    ],
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  },
  forceUtcTimezone: true,
  // Every request must use its own fork; the global EM is a bug waiting to share state between users.
  allowGlobalContext: false,
  ignoreUndefinedInQuery: true,
} satisfies Partial<Options>;

/**
 * knex-pglite runs raw SQL with more than one `;` through PGlite's multi-statement `exec`, counting the
 * semicolons inside string literals too. MikroORM inlines values into its SQL, so a value such as
 * "Income too low; debt too high" made a single UPDATE come back as a multi-statement result: a false
 * optimistic-lock conflict (409) on a loan or agent rejection, garbage rows in a list. Run every query as one
 * statement; only SQL that really holds several (PostgreSQL says so: 42601) goes to `exec`. Found by the
 * fuzz campaign (docs/security.md).
 */
type TPGliteQueryObject = { sql: string; bindings?: unknown[]; response?: unknown };
Object.assign(PGliteKnexDialect.prototype, {
  async _query(connection: PGlite, obj: TPGliteQueryObject) {
    try {
      obj.response = await connection.query(obj.sql, obj.bindings ?? []);
    } catch (error) {
      if ((error as { code?: unknown }).code !== '42601' || !/multiple commands/.test(String(error)))
        throw error;
      obj.response = await connection.exec(obj.sql);
    }
    return obj;
  },
});

export async function openDatabase(target: TDatabaseTarget): Promise<TDatabase> {
  let pglite: PGlite | null = null;
  let orm: MikroORM;
  if (target.kind === 'postgres') {
    orm = await MikroORM.init({
      ...baseOptions,
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      // Reads go to a replica only where asked for (`em.getConnection('read')`: the loan lists). MikroORM's
      // default would send every read outside a transaction there, including the read before a versioned
      // write, which must see the primary's current version.
      replicas: (target.replicaUrls ?? []).map((url, i) => ({ name: `read-${i + 1}`, clientUrl: url })),
      preferReadReplicas: false,
      pool: { min: 0, max: 10, acquireTimeoutMillis: 5000 },
      driverOptions: { connection: { connectionTimeoutMillis: 3000 } },
    });
  } else {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    // Business dates (`date`, OID 1082) stay `YYYY-MM-DD` text, as node-postgres gives them to MikroORM;
    // PGlite would make them Date objects at local midnight.
    const options = { parsers: { 1082: (text: string) => text } };
    // PGlite is PostgreSQL compiled to WebAssembly (8.5 MB). By default V8 compiles it twice: quickly
    // (Liftoff), then hot functions again with TurboFan — and that second tier, its code and its compile
    // zones, cost the embedded server ≈ 100 MB of RSS for queries that ran no slower in our measurements
    // (docs/performance.md, round three). The flag keeps the first tier only; it must be set before the
    // module is compiled (setting it again is harmless) and touches nothing but WebAssembly.
    v8.setFlagsFromString('--liftoff-only');
    const instance = target.dataDir ? new PGlite(target.dataDir, options) : new PGlite(options);
    pglite = instance;
    orm = await MikroORM.init({
      ...baseOptions,
      driver: PGliteDriver,
      dbName: 'postgres',
      driverOptions: { connection: { pglite: () => instance } },
    });
  }
  return {
    orm,
    target,
    fork: () => orm.em.fork() as TEntityManager,
    migrate: async () => {
      await orm.getMigrator().up();
    },
    close: async () => {
      await orm.close(true);
      await pglite?.close();
    },
  };
}
