import type { TDatabase } from './orm';

/**
 * Why the server's database role is more powerful than it should be, as warnings for the log at start
 * (empty when it is not): a superuser, or the owner of the tables, could switch off the triggers that keep
 * history and the ledger append-only. PostgreSQL only; the embedded database has one user.
 */
export async function databasePrivilegeWarnings(db: TDatabase): Promise<string[]> {
  if (db.target.kind !== 'postgres') return [];
  const [row] = await db
    .fork()
    .getConnection()
    .execute<{ role: string; superuser: boolean; owner: boolean }[]>(
      `select current_user as role, r.rolsuper as superuser,
         exists (select from pg_tables t where t.schemaname = current_schema() and t.tablename = 'loans'
                   and pg_has_role(current_user, t.tableowner, 'MEMBER')) as owner
       from pg_roles r where r.rolname = current_user`,
    );
  if (!row) return [];
  const warnings: string[] = [];
  if (row.superuser) warnings.push(`the database role "${row.role}" is a superuser`);
  if (row.owner) warnings.push(`the database role "${row.role}" owns the tables`);
  return warnings.map(
    (warning) =>
      `${warning}: it could switch off the append-only protection of history and the ledger. Run the server as a member of loanbook_runtime and migrations as the owner (MIGRATION_DATABASE_URL; docs/security.md).`,
  );
}
