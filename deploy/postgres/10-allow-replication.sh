#!/bin/sh
# Runs once, when the primary's data directory is first initialised (docker-entrypoint-initdb.d): lets the
# read replica of the `scale` profile stream WAL with the database owner's password (docs/scaling.md).
set -eu
echo 'host replication all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
