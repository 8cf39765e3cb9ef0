#!/usr/bin/env bash
# Builds the base image craneml/local-base:python3.11 with no registry: a minimal Debian bookworm made
# by debootstrap (python3, python3-venv, CA certificates, and libgomp1: LightGBM's and XGBoost's wheels
# link OpenMP from the system), trimmed, with a non-root user `converter`
# (1000:1000). The converter image builds FROM it when python:3.11-slim-bookworm cannot be pulled.
# Skips the build when the image exists and this recipe (with its import step) is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/import-root.sh

IMAGE=${CRANEML_LOCAL_PYTHON_BASE:-craneml/local-base:python3.11}
SUITE=bookworm
MIRROR=${CRANEML_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=python3,python3-venv,ca-certificates,libgomp1

log() { printf '\033[1m[python-base]\033[0m %s\n' "$*"; }
die() { echo "[python-base] $*" >&2; exit 1; }

timeout 10 docker info >/dev/null 2>&1 || die "no Docker daemon answers; run: bash scripts/setup-docker.sh"

recipe_sha=$( { sha256sum "$0" scripts/lib/import-root.sh | cut -d' ' -f1; echo "$SUITE $MIRROR $PACKAGES"; } | sha256sum | cut -d' ' -f1)
current=$(docker image inspect "$IMAGE" --format '{{index .Config.Labels "io.craneml.base.recipe"}}' 2>/dev/null || true)
if [ "$current" = "$recipe_sha" ] && [ "${CRANEML_REBUILD_BASE:-0}" != 1 ]; then
  log "$IMAGE is up to date ($(docker image inspect "$IMAGE" --format '{{.Size}}' | numfmt --to=iec-i --suffix=B))"
  exit 0
fi

if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
fi

ROOT=$(mktemp -d /tmp/craneml-python-base.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

started=$SECONDS
log "debootstrap $SUITE ($PACKAGES) from $MIRROR"
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 \
  || { tail -n 20 "$ROOT.log" >&2; rm -f "$ROOT.log"; die "debootstrap failed"; }
rm -f "$ROOT.log"

chroot "$ROOT" useradd --uid 1000 --user-group --create-home --shell /bin/sh converter

# What nothing in the converter reads: package lists and caches, docs, manuals, translations.
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/* "$ROOT"/var/cache/debconf/*-old \
  "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/var/log/*.log \
  "$ROOT"/var/log/apt/* "$ROOT"/tmp/* "$ROOT"/var/tmp/*
find "$ROOT/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +

# python3 runs as the converter user with ssl, venv and LightGBM's OpenMP.
check_image() {
  local got
  got=$(docker run --rm --network none --user 1000:1000 "$1" python3 -c \
    'import ctypes, ssl, sys, venv; ctypes.CDLL("libgomp.so.1"); print("%d.%d" % sys.version_info[:2])') || true
  [ "$got" = 3.11 ] || fail_import "$1" "the image's python3 printed '$got', expected 3.11 with ssl, venv and libgomp"
}

log "importing $IMAGE"
import_root "$IMAGE" "$ROOT" check_image --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' \
  --change "LABEL io.craneml.base.recipe=$recipe_sha org.opencontainers.image.title=craneml-local-base-python"
log "built $IMAGE in $((SECONDS - started)) s: $(docker image inspect "$IMAGE" --format '{{.Size}}' | numfmt --to=iec-i --suffix=B)"
