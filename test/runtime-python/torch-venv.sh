#!/usr/bin/env bash
# Prints the path of the venv the torch server tests run in: the Python runtime's pinned packages over the
# torch fixtures' venv (torch's CPU build, made by scripts/make-torch-fixtures.sh, which also writes
# test/fixtures/torch/).
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/make-torch-fixtures.sh >&2
exec bash test/runtime-python/runtime-venv.sh runtime-torch-venv "${XDG_CACHE_HOME:-$HOME/.cache}/craneml/torch-venv"
