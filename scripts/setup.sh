#!/usr/bin/env bash
# Installs everything CraneML and its tests need on a Debian machine (run as root), idempotently:
# system packages, npm dependencies, a running Docker daemon, the locally made base images and the converter image.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "[setup] CraneML needs Node.js 20 or newer on PATH (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

source scripts/lib/debian-packages.sh
install_missing_packages docker.io docker-registry chromium chromium-headless-shell ca-certificates busybox-static docker-compose python3-venv wrk

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  # Electron's binary and onnxruntime's extra GPU download are not needed (and not reachable) here.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm_config_onnxruntime_node_install=skip npm ci --no-audit --no-fund --loglevel=error
fi

# The compiled CLI and desktop app (dist/): `craneml` then starts without compiling TypeScript.
# Rebuilt every time (a few seconds), so dist/ always matches these sources.
log "building dist/ (npm run build)"
npm run --silent build >/dev/null

# kubernetes-validate (the Kubernetes manifests' offline check) in its own venv, pinned.
KV_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/kubernetes-validate"
KV_VERSION=1.37.0
if ! "$KV_VENV/bin/kubernetes-validate" --version 2>/dev/null | grep -q "$KV_VERSION"; then
  log "installing kubernetes-validate $KV_VERSION into $KV_VENV"
  python3 -m venv "$KV_VENV"
  "$KV_VENV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KV_VERSION"
fi

# The test set-up's notebook models (scikit-learn, XGBoost, LightGBM files made by the real libraries).
bash scripts/make-tabular-fixtures.sh
bash scripts/make-python-fixtures.sh
bash scripts/make-torch-fixtures.sh
# The venvs the Python runtime's host-side tests run in, so no test file waits on a pip install.
bash test/runtime-python/adapters-venv.sh >/dev/null
bash test/runtime-python/torch-venv.sh >/dev/null

bash scripts/setup-docker.sh
bash scripts/make-local-base.sh
# The converter's Python base (used when python:3.11-slim-bookworm cannot be pulled) and the default
# version set's converter image, so a first conversion and the tests find it made.
bash scripts/make-python-base.sh
node bin/tsx.js scripts/make-converter-image.ts
log "ready"
