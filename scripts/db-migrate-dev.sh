#!/usr/bin/env bash
# Developers: after editing prisma/schema.prisma, create a migration from the change and
# regenerate the client. Serialised with a lock so parallel work doesn't interleave.
set -euo pipefail
name=${1:?usage: scripts/db-migrate-dev.sh <migration_name>}
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 DATABASE_URL=${DEV_DATABASE_URL:-postgresql://root@127.0.0.1:5432/rundbrief}
exec flock /tmp/rundbrief-schema.lock npx prisma migrate dev --name "$name"
