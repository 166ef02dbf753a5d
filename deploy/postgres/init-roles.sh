#!/bin/sh
# Creates Kaari's three roles and its database on a fresh PostgreSQL (the official
# image runs this once, from /docker-entrypoint-initdb.d/, as $POSTGRES_USER).
#
# * kaari_owner owns the database and the schema; `kaari db upgrade` connects as it.
# * kaari_app is what the web and worker processes connect as: not a superuser, not
#   the table owner and NOBYPASSRLS, so row-level security applies to it
#   (docs/ARCHITECTURE.md, "Tenancy"). Migrations grant it data access.
# * kaari_cross is what the same processes connect as for cross-tenant work (the
#   national rollup, sweeps, platform administration; CROSS_TENANT_DATABASE_URL):
#   the only role the row-level security policies let see across tenants, and only
#   when it asks to. Not a superuser, not the owner, NOBYPASSRLS; kaari_app is never
#   a member of it (docs/SECURITY.md). kaari_owner is, for migrations that move
#   data across tenants.
#
# Needs KAARI_OWNER_PASSWORD, KAARI_APP_PASSWORD and KAARI_CROSS_PASSWORD in the
# environment.
set -eu
: "${KAARI_OWNER_PASSWORD:?KAARI_OWNER_PASSWORD is not set}"
: "${KAARI_APP_PASSWORD:?KAARI_APP_PASSWORD is not set}"
: "${KAARI_CROSS_PASSWORD:?KAARI_CROSS_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v owner_password="$KAARI_OWNER_PASSWORD" -v app_password="$KAARI_APP_PASSWORD" \
    -v cross_password="$KAARI_CROSS_PASSWORD" <<'SQL'
CREATE ROLE kaari_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE kaari_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE ROLE kaari_cross LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'cross_password';
GRANT kaari_cross TO kaari_owner;
CREATE DATABASE kaari OWNER kaari_owner;
REVOKE ALL ON DATABASE kaari FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE kaari TO kaari_app;
GRANT CONNECT, TEMPORARY ON DATABASE kaari TO kaari_cross;
SQL
