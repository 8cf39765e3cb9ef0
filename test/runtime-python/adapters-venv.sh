#!/usr/bin/env bash
# Prints the path of the venv the adapter tests run in: the Python runtime's pinned packages
# (templates/runtime-python/requirements.txt) over the test venv's scikit-learn stack (scripts/tabular-venv.sh),
# made or remade when either changes. Python here only runs the adapters' tests, never a user's model.
set -euo pipefail
cd "$(dirname "$0")/../.."

TABULAR=$(bash scripts/tabular-venv.sh)
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/runtime-adapters-venv"
REQUIREMENTS=templates/runtime-python/requirements.txt
want=$(cat "$REQUIREMENTS" "$TABULAR/.requirements" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  printf '\033[1m[runtime-adapters-venv]\033[0m installing %s into %s\n' "$REQUIREMENTS" "$VENV" >&2
  rm -rf "$VENV"
  "$TABULAR/bin/python" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: --no-deps -r "$REQUIREMENTS" >&2
  # The scikit-learn stack at the test venv's pins, without a second copy: its site-packages after ours.
  tabular_site=$("$TABULAR/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  own_site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$tabular_site" >"$own_site/craneml-tabular.pth"
  echo "$want" >"$VENV/.requirements"
fi
echo "$VENV"
