#!/usr/bin/env bash
# Prints the path of the venv the torch server tests run in: the Python runtime's pinned packages
# (templates/runtime-python/requirements.txt) over the torch fixtures' venv (torch's CPU build, made by
# scripts/make-torch-fixtures.sh, which also writes test/fixtures/torch/), remade when either changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/make-torch-fixtures.sh >&2
TORCH="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/torch-venv"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/runtime-torch-venv"
REQUIREMENTS=templates/runtime-python/requirements.txt
want=$(cat "$REQUIREMENTS" "$TORCH/.requirements" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  printf '\033[1m[runtime-torch-venv]\033[0m installing %s into %s\n' "$REQUIREMENTS" "$VENV" >&2
  rm -rf "$VENV"
  "$TORCH/bin/python" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: --no-deps -r "$REQUIREMENTS" >&2
  # torch at the fixtures' pin, without a second copy: its site-packages after ours.
  torch_site=$("$TORCH/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  own_site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$torch_site" >"$own_site/craneml-torch.pth"
  echo "$want" >"$VENV/.requirements"
fi
echo "$VENV"
