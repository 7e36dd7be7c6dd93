#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a throwaway PostgreSQL server.
set -euo pipefail
source "$(dirname "$0")/pg.sh"
pg_start
trap pg_stop EXIT
"$@"
