#!/usr/bin/env bash
# Prints the path of the test set-up's Python venv holding the converter's pinned packages, making or
# updating it first. Python here only makes test files; CraneML itself never runs a user's model on the host.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/tabular-venv"
REQUIREMENTS=templates/converter-python/requirements.txt
# CatBoost's converter image has its own requirements (the default pins plus catboost); the fixtures need
# catboost too. Installed on top, with a stamp of its own, so a venv in use is added to, not remade.
CATBOOST=templates/converter-python/requirements-catboost.txt
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  printf '\033[1m[tabular-venv]\033[0m installing %s into %s\n' "$REQUIREMENTS" "$VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: -r "$REQUIREMENTS" >&2
  echo "$want" >"$VENV/.requirements"
fi
want_catboost=$(cat "$REQUIREMENTS" "$CATBOOST" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements-catboost" 2>/dev/null)" != "$want_catboost" ]; then
  printf '\033[1m[tabular-venv]\033[0m installing %s into %s\n' "$CATBOOST" "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: -r "$CATBOOST" >&2
  echo "$want_catboost" >"$VENV/.requirements-catboost"
fi
echo "$VENV"
