#!/usr/bin/env bash
# Sourced by test.sh: starts the machine's PostgreSQL cluster (wal_level=logical, password auth on 127.0.0.1)
# unless STRANGLER_TEST_POSTGRES already points at a server, and exports STRANGLER_TEST_POSTGRES.
if [ -z "${STRANGLER_TEST_POSTGRES:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
    pg_ctlcluster "$version" main start
  fi
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  restart=no
  if [ "$(su postgres -c "psql -tAc 'SHOW wal_level'")" != "logical" ]; then
    su postgres -c "psql -q -c \"ALTER SYSTEM SET wal_level = logical\""
    restart=yes
  fi
  # The test projects run in parallel, and the fleet tests' three gateways each hold pools and listeners: the
  # default 100 connections ran out ("too many clients already").
  if [ "$(su postgres -c "psql -tAc 'SHOW max_connections'")" -lt 500 ]; then
    su postgres -c "psql -q -c \"ALTER SYSTEM SET max_connections = 500\""
    restart=yes
  fi
  if [ "$restart" = yes ]; then
    pg_ctlcluster "$version" main restart
  fi
  export STRANGLER_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres"
fi
echo "PostgreSQL: ${STRANGLER_TEST_POSTGRES%%Password=*}..."
