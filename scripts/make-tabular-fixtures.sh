#!/usr/bin/env bash
# The test set-up's notebook models: a venv with the converter's pinned packages
# (templates/converter-python/requirements.txt), then every scripts/fixtures-tabular/*.py run with
# the output folder test/fixtures/tabular/ (generated, not committed). Skips when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[tabular-fixtures]\033[0m %s\n' "$*"; }

VENV=$(bash scripts/tabular-venv.sh)
OUT=test/fixtures/tabular
stamp=$( { cat templates/converter-python/requirements.txt templates/converter-python/requirements-catboost.txt scripts/make-tabular-fixtures.sh scripts/fixtures-tabular/*.py; } | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ] && [ "${CRANEML_REMAKE_FIXTURES:-0}" != 1 ]; then
  log "up to date ($OUT)"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
for script in scripts/fixtures-tabular/*.py; do
  log "running $script"
  "$VENV/bin/python" "$script" "$OUT"
done
echo "$stamp" >"$OUT/.stamp"
log "made $(find "$OUT" -type f ! -name .stamp | wc -l) files in $OUT"
