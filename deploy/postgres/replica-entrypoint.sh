#!/bin/sh
# The read replica of the `scale` profile (docs/scaling.md): on first start, clone the primary with
# pg_basebackup (-R: start as a hot standby that streams WAL from it), then run PostgreSQL read-only.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U "$POSTGRES_USER" -d "$POSTGRES_DB"; do sleep 1; done
  PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup -h postgres -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
