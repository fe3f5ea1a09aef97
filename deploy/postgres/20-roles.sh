#!/bin/sh
# First initialisation only (docker-entrypoint-initdb.d, as the superuser): separate roles for separate
# jobs (docs/security.md "Database roles").
# - loanbook_owner: owns the database and its tables; runs the migrations (MIGRATION_DATABASE_URL).
# - loanbook_runtime: no login; the privileges the server needs, granted by the migrations (DML, and
#   on history and the ledger only SELECT and INSERT).
# - loanbook_app: the server's login (DATABASE_URL), a member of loanbook_runtime: not the owner, not a
#   superuser, so it cannot alter tables, disable triggers or set session_replication_role.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" \
  -v owner_password="$LOANBOOK_OWNER_PASSWORD" \
  -v app_password="$LOANBOOK_APP_PASSWORD" <<'SQL'
create role loanbook_runtime nologin;
create role loanbook_owner login password :'owner_password';
create role loanbook_app login password :'app_password' in role loanbook_runtime;
alter database :"db" owner to loanbook_owner;
SQL
