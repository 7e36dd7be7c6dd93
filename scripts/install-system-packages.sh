#!/usr/bin/env bash
# Install the Debian packages Bimkemas needs (PostgreSQL for tests, Chromium for browser tests,
# WeasyPrint's libraries and fonts, poppler for reading PDFs back, wrk for load benchmarks).
# Installs only what is missing; needs root (or sudo).
set -euo pipefail
PKGS=(postgresql chromium poppler-utils wrk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
      fonts-dejavu-core gettext)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js/npm (only to install the test-only axe-core package): any installed copy will do —
# Debian's npm conflicts with a Node.js installed from elsewhere.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
