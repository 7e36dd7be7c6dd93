#!/usr/bin/env bash
# The whole test suite: unit + integration on PostgreSQL and on SQLite, then the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
pg_start
trap pg_stop EXIT
BIN=.venv/bin
export BIMKEMAS_REGIONS_PROVINCES=${BIMKEMAS_REGIONS_PROVINCES:-31,34,16}
$BIN/ruff check src tests bench
echo "== unit + integration tests on PostgreSQL =="
$BIN/pytest -q -n 2 -m "not browser" "$@"
echo "== unit + integration tests on SQLite =="
DATABASE_URL= $BIN/pytest -q -n 2 -m "not browser" "$@"
echo "== browser tests (headless Chromium, PostgreSQL) =="
$BIN/pytest -q -m browser "$@"
