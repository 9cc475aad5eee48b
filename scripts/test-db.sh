#!/usr/bin/env bash
# Developers: create (if needed) and migrate a private test database, print its URL.
#   export DATABASE_URL=$(scripts/test-db.sh rb_test_me)
set -euo pipefail
name=${1:?usage: scripts/test-db.sh <dbname>}
cd "$(dirname "$0")/.."
psql -h 127.0.0.1 -U root -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1 \
  || psql -h 127.0.0.1 -U root -d postgres -qc "CREATE DATABASE \"$name\"" >&2
url="postgresql://root@127.0.0.1:5432/$name"
CHECKPOINT_DISABLE=1 DATABASE_URL=$url npx prisma migrate deploy >&2
echo "$url"
