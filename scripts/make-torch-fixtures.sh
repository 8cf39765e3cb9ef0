#!/usr/bin/env bash
# The PyTorch test files (TorchScript, torch.export, a state_dict project, and files CraneML refuses):
# scripts/fixtures-torch/make_fixtures.py run in a venv of its own with torch's CPU build, writing
# test/fixtures/torch/ (generated, not committed). Skips when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[torch-fixtures]\033[0m %s\n' "$*"; }

# torch's CPU build: PyPI's Linux wheel is the CUDA one (gigabytes), so the CPU wheel comes from a
# find-links folder (this machine's pip.conf names /opt/wheels) or, given CRANEML_TORCH_INDEX_URL (e.g.
# https://download.pytorch.org/whl/cpu), PyTorch's CPU index. The check below refuses any other build.
TORCH_VERSION=2.13.0
PACKAGES=("torch==$TORCH_VERSION" scikit-learn==1.9.1 numpy==2.4.6)
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/craneml/torch-venv"
want=$(printf '%s\n' "${PACKAGES[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  log "installing ${PACKAGES[*]} into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  index=()
  case "${CRANEML_TORCH_INDEX_URL:-none}" in none) ;; *) index=(--extra-index-url "$CRANEML_TORCH_INDEX_URL") ;; esac
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: "${index[@]}" "${PACKAGES[@]}" >&2
  installed=$("$VENV/bin/python" -c 'import torch; print(torch.__version__)')
  if [ "$installed" != "$TORCH_VERSION+cpu" ]; then
    echo "[torch-fixtures] expected torch $TORCH_VERSION+cpu in $VENV, found: $installed" >&2
    exit 1
  fi
  echo "$want" >"$VENV/.requirements"
fi

OUT=test/fixtures/torch
stamp=$(cat scripts/make-torch-fixtures.sh scripts/fixtures-torch/*.py scripts/fixtures-torch/statedict_project/* "$VENV/.requirements" | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ] && [ "${CRANEML_REMAKE_FIXTURES:-0}" != 1 ]; then
  log "up to date ($OUT)"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" scripts/fixtures-torch/make_fixtures.py "$OUT"
echo "$stamp" >"$OUT/.stamp"
log "made $(find "$OUT" -type f ! -name .stamp | wc -l) files in $OUT"
