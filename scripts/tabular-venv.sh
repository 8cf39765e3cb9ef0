#!/usr/bin/env bash
# Prints the path of the test set-up's Python venv holding the converter's pinned packages, making or
# updating it first. Python here only makes test files; CraneML itself never runs a user's model on the host.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/tabular-venv"
REQUIREMENTS=templates/converter-python/requirements.txt
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  printf '\033[1m[tabular-venv]\033[0m installing %s into %s\n' "$REQUIREMENTS" "$VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: -r "$REQUIREMENTS" >&2
  echo "$want" >"$VENV/.requirements"
fi
echo "$VENV"
