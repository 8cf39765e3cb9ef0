#!/usr/bin/env bash
# Sets up the machine, then runs the whole test suite with Docker required.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CRANEML_REQUIRE_DOCKER=1
npm test
