#!/usr/bin/env bash
# The Python runtime's test models and projects: every scripts/fixtures-python/*.py (not _*.py) run in the
# test set-up's venv (scripts/tabular-venv.sh) with the output folder test/fixtures/python/ (generated, not
# committed). Skips when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[python-fixtures]\033[0m %s\n' "$*"; }

VENV=$(bash scripts/tabular-venv.sh)
OUT=test/fixtures/python
stamp=$( { cat templates/converter-python/requirements.txt scripts/make-python-fixtures.sh scripts/fixtures-python/*.py; find test/fixtures/python-projects -path '*/e2e-*' -type f ! -path '*/__pycache__/*' | sort | xargs cat; } | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ] && [ "${CRANEML_REMAKE_FIXTURES:-0}" != 1 ]; then
  log "up to date ($OUT)"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
for script in scripts/fixtures-python/[!_]*.py; do
  log "running $script"
  PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" "$script" "$OUT"
done
echo "$stamp" >"$OUT/.stamp"
log "made $(find "$OUT" -type f ! -name .stamp | wc -l) files in $OUT"
