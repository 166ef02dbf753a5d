#!/bin/sh
# Creates Kaari's two roles and its database on a fresh PostgreSQL (the official
# image runs this once, from /docker-entrypoint-initdb.d/, as $POSTGRES_USER).
#
# * kaari_owner owns the database and the schema; `kaari db upgrade` connects as it.
# * kaari_app is what the web and worker processes connect as: not a superuser, not
#   the table owner and NOBYPASSRLS, so row-level security applies to it
#   (docs/ARCHITECTURE.md, "Tenancy"). Migrations grant it data access.
#
# Needs KAARI_OWNER_PASSWORD and KAARI_APP_PASSWORD in the environment.
set -eu
: "${KAARI_OWNER_PASSWORD:?KAARI_OWNER_PASSWORD is not set}"
: "${KAARI_APP_PASSWORD:?KAARI_APP_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v owner_password="$KAARI_OWNER_PASSWORD" -v app_password="$KAARI_APP_PASSWORD" <<'SQL'
CREATE ROLE kaari_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE kaari_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE kaari OWNER kaari_owner;
REVOKE ALL ON DATABASE kaari FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE kaari TO kaari_app;
SQL
