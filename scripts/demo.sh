#!/usr/bin/env bash
# The main job: set up the machine, then package the bundled digits example and ask it for predictions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/craneml.js demo "$@"
