#!/usr/bin/env bash
# Prints the path of a venv for the Python runtime's host-side tests: the runtime's pinned packages
# (templates/runtime-python/requirements.txt) over a base venv's packages (its site-packages after ours, no
# second copy), made or remade when either changes. Usage: runtime-venv.sh NAME BASE_VENV (under ~/.cache/craneml/NAME).
# Python here only runs the runtime's tests, never a user's model.
set -euo pipefail
cd "$(dirname "$0")/../.."

NAME=$1
BASE=$2
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/$NAME"
REQUIREMENTS=templates/runtime-python/requirements.txt
want=$(cat "$REQUIREMENTS" "$BASE/.requirements" | sha256sum | cut -d' ' -f1)
# Test files ask for the venv at once: the first makes it, the others wait here and then find it made.
mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  printf '\033[1m[%s]\033[0m installing %s into %s\n' "$NAME" "$REQUIREMENTS" "$VENV" >&2
  rm -rf "$VENV"
  "$BASE/bin/python" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: --no-deps -r "$REQUIREMENTS" >&2
  base_site=$("$BASE/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  own_site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$base_site" >"$own_site/craneml-base.pth"
  echo "$want" >"$VENV/.requirements"
fi
echo "$VENV"
