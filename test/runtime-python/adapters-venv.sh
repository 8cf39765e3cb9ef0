#!/usr/bin/env bash
# Prints the path of the venv the adapter tests run in: the Python runtime's pinned packages over the test
# venv's scikit-learn stack (scripts/tabular-venv.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

exec bash test/runtime-python/runtime-venv.sh runtime-adapters-venv "$(bash scripts/tabular-venv.sh)"
