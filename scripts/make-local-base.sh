#!/usr/bin/env bash
# Builds the base image craneml/local-base:node20 with no registry: this machine's Node binary,
# the shared libraries it and the runtime's native packages (onnxruntime-node, sharp) need,
# a non-root user `node` (1000:1000) and busybox for debugging. Skips the build when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/import-root.sh

IMAGE=${CRANEML_LOCAL_BASE:-craneml/local-base:node20}
NODE_BIN=${CRANEML_BASE_NODE:-/usr/bin/node}

log() { printf '\033[1m[local-base]\033[0m %s\n' "$*"; }
die() { echo "[local-base] $*" >&2; exit 1; }

[ -x "$NODE_BIN" ] || die "no Node binary at $NODE_BIN"
NODE_VERSION=$("$NODE_BIN" --version)
case "$NODE_VERSION" in v20.*) ;; *) die "$NODE_BIN is $NODE_VERSION; the base image wants Node 20" ;; esac
timeout 10 docker info >/dev/null 2>&1 || die "no Docker daemon answers; run: bash scripts/setup-docker.sh"

# The native files whose libraries the image must carry (they ship inside node_modules themselves).
native_files=()
for pattern in 'node_modules/onnxruntime-node/bin/napi-v*/linux/*/*.node' \
               'node_modules/onnxruntime-node/bin/napi-v*/linux/*/libonnxruntime.so*' \
               'node_modules/@img/sharp-linux-*/lib/*.node' \
               'node_modules/@img/sharp-libvips-linux-*/lib/*.so*'; do
  for f in $pattern; do [ -f "$f" ] && native_files+=("$f"); done
done
[ ${#native_files[@]} -gt 0 ] || log "warning: no onnxruntime/sharp binaries under node_modules (run npm ci first); only Node's own libraries go in"

# Rebuild only when the Node binary, the native files' needs or this recipe (with its import step) change.
node_sha=$(sha256sum "$NODE_BIN" | cut -d' ' -f1)
recipe_sha=$( { sha256sum "$0" scripts/lib/import-root.sh | cut -d' ' -f1; printf '%s\n' "${native_files[@]}"; } | sha256sum | cut -d' ' -f1)
current=$(docker image inspect "$IMAGE" --format '{{index .Config.Labels "io.craneml.base.node-sha256"}} {{index .Config.Labels "io.craneml.base.recipe"}}' 2>/dev/null || true)
if [ "$current" = "$node_sha $recipe_sha" ] && [ "${CRANEML_REBUILD_BASE:-0}" != 1 ]; then
  log "$IMAGE is up to date (node $NODE_VERSION, $(docker image inspect "$IMAGE" --format '{{.Size}}' | numfmt --to=iec-i --suffix=B))"
  exit 0
fi

if [ ! -x /bin/busybox ] && command -v apt-get >/dev/null; then
  log "installing busybox-static (a /bin/sh for debugging inside the image)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends busybox-static >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends busybox-static >/dev/null 2>&1; } \
    || log "warning: busybox-static not installable; the image will have no shell"
fi

ROOT=$(mktemp -d /tmp/craneml-base.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

# Debian's merged-/usr layout, so library paths reported by ldd land where the loader looks.
mkdir -p "$ROOT"/usr/{bin,lib,lib64,sbin} "$ROOT"/{etc,home/node,tmp,proc,sys,dev,app,model,var/tmp}
for d in bin lib lib64 sbin; do ln -s "usr/$d" "$ROOT/$d"; done
chmod 1777 "$ROOT/tmp" "$ROOT/var/tmp"
chown 1000:1000 "$ROOT/home/node"

cp "$NODE_BIN" "$ROOT/usr/bin/node"

# Every library outside node_modules that ldd names (absolute paths, incl. the dynamic loader),
# copied as a regular file under the name ldd reported (the soname the loader asks for).
libs=$(for f in "$NODE_BIN" "${native_files[@]}"; do ldd "$f" 2>/dev/null || true; done \
  | grep -oE '(=> )?/[^ ]+' | sed 's/^=> //' | grep -v '/node_modules/' | sort -u)
for lib in $libs; do
  [ -e "$lib" ] || continue
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
missing=$(for f in "$NODE_BIN" "${native_files[@]}"; do ldd "$f" 2>/dev/null | grep 'not found' || true; done)
[ -z "$missing" ] || die "libraries missing on this machine: $missing"

if [ -x /bin/busybox ]; then
  cp /bin/busybox "$ROOT/usr/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$ROOT/usr/bin/$applet" ] || ln -s busybox "$ROOT/usr/bin/$applet"
  done
fi

if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$ROOT/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
fi

cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000:node:/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
mkdir -p "$ROOT/root" && chmod 700 "$ROOT/root"

# The image's node is this Node, and this checkout's native packages load in it.
check_image() {
  local got
  got=$(docker run --rm --network host "$1" node -e 'console.log(process.version)') || true
  [ "$got" = "$NODE_VERSION" ] || fail_import "$1" "the image's node printed '$got', expected $NODE_VERSION"
  if [ ${#native_files[@]} -gt 0 ]; then
    # Loading the real packages from this checkout proves the image carries every library they need.
    docker run --rm --network host --user 1000:1000 -v "$PWD/node_modules:/app/node_modules:ro" -w /app "$1" node -e \
      "require('onnxruntime-node'); const s = require('sharp'); console.log('[local-base] onnxruntime-node and sharp ' + s.versions.sharp + ' load')" \
      || fail_import "$1" "onnxruntime-node or sharp does not load inside $1"
  fi
}

log "importing $IMAGE (node $NODE_VERSION, ${#native_files[@]} native files checked)"
import_root "$IMAGE" "$ROOT" check_image \
  --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
  --change "LABEL io.craneml.base.node-version=$NODE_VERSION io.craneml.base.node-sha256=$node_sha io.craneml.base.recipe=$recipe_sha org.opencontainers.image.title=craneml-local-base" \
  --change 'WORKDIR /home/node' --change 'CMD ["node"]'
log "built $IMAGE: $(docker image inspect "$IMAGE" --format '{{.Size}}' | numfmt --to=iec-i --suffix=B)"
