import { Migration } from '@mikro-orm/migrations';

/**
 * The least privilege the server needs, as a role migrations grant to: `loanbook_runtime` (no login of its
 * own; the server's login role is made a member of it — `deploy/postgres/20-roles.sh`, docs/security.md).
 * DML on the working tables, and on history and the ledger only SELECT and INSERT: without UPDATE, DELETE
 * or TRUNCATE grants (and not owning the tables, so no ALTER … DISABLE TRIGGER, and not a superuser, so
 * no `session_replication_role`), nobody holding the server's credentials can rewrite either.
 *
 * Creating a role needs CREATEROLE; an owner without it skips that step (an operator creates the role),
 * and the grants follow whenever the role exists. Roles are per cluster, so creating one is idempotent.
 */
export class Migration20261201010000_runtime_role extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      do $$
      begin
        if not exists (select from pg_roles where rolname = 'loanbook_runtime') then
          begin
            create role loanbook_runtime nologin;
          exception when insufficient_privilege or duplicate_object then
            raise notice 'loanbook_runtime not created here: %', sqlerrm;
          end;
        end if;
        if exists (select from pg_roles where rolname = 'loanbook_runtime') then
          grant usage on schema public to loanbook_runtime;
          grant select, insert, update, delete on users, loan_products, loans, login_throttle
            to loanbook_runtime;
          grant select, insert on history_entries, loan_transactions to loanbook_runtime;
          grant select on mikro_orm_migrations to loanbook_runtime;
          grant usage, select on all sequences in schema public to loanbook_runtime;
        end if;
      end
      $$;`);
  }
}
