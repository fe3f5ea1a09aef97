import { resolve } from 'node:path';
import type { TConfig } from '../env';
import type { TDatabaseTarget } from './orm';

export const databaseTargetFor = (config: TConfig): TDatabaseTarget =>
  config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL, replicaUrls: config.DATABASE_REPLICA_URLS ?? [] }
    : { kind: 'pglite', dataDir: resolve(config.DATA_DIR, 'pglite') };
