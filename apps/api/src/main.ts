import { openDatabase } from './db/orm';
import { databasePrivilegeWarnings } from './db/privileges';
import { databaseTargetFor } from './db/target';
import { readConfig } from './env';
import { buildServer, DEFAULT_WEB_DIST } from './http/server';
import { resolveJwtSecret } from './modules/auth/jwt-secret';
import { createTokenService } from './modules/auth/tokens';
import { startWithDemoBook } from './modules/demo/demo-book';
import { ensureAdmin } from './modules/users/bootstrap-admin';
import { securityConfigFrom } from './security/config';

const config = readConfig();
const target = databaseTargetFor(config);
const db = await openDatabase(target);
if (config.MIGRATION_DATABASE_URL) {
  // Migrations as the tables' owner; the server itself keeps the least-privileged role of DATABASE_URL.
  const owner = await openDatabase({ kind: 'postgres', url: config.MIGRATION_DATABASE_URL });
  await owner.migrate().finally(() => owner.close());
} else {
  await db.migrate();
}
const admin = await ensureAdmin(db, config);
const tokens = createTokenService(resolveJwtSecret(config));
const demoBook = await startWithDemoBook(db, config, tokens);
const app = await buildServer({
  db,
  tokens,
  logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
  webDistDir: config.WEB_DIST_DIR ?? DEFAULT_WEB_DIST,
  security: securityConfigFrom(config),
});

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  // close() stops accepting connections and resolves once in-flight requests have completed.
  await app.close();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

for (const warning of await databasePrivilegeWarnings(db)) app.log.warn(warning);
await app.listen({ host: config.HOST, port: config.PORT });
const address = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
const where = target.kind === 'pglite' ? `embedded database in ${target.dataDir}` : 'PostgreSQL';
console.log(`\nLoanbook is running at ${address} (${where})`);
if (admin.kind === 'created') {
  console.log(
    admin.generatedPassword
      ? `Demo admin created. Sign in as "${admin.username}" with password "${admin.generatedPassword}" (shown once).`
      : `Admin "${admin.username}" created from ADMIN_USERNAME/ADMIN_PASSWORD.`,
  );
}
if (demoBook) console.log(demoBook);
