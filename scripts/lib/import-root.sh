# Sourced by the base-image scripts: imports a root filesystem folder as an image, checks it and drops the
# image it replaces. Uses the caller's `die`, so each script reports in its own voice.
# shellcheck shell=bash

# import_root IMAGE ROOT CHECK [docker import option...]
# Gives ROOT a hosts file and an empty resolv.conf (Docker mounts its own over them in a container), imports
# it as IMAGE with the usual PATH and the options given (--change ...), then runs `CHECK IMAGE`, which calls
# fail_import on a problem. The replaced image is dropped unless model images still build on it (then rmi
# refuses, which is fine).
import_root() {
  local image=$1 root=$2 check=$3 old_id new_id
  shift 3
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  : >"$root/etc/resolv.conf"
  old_id=$(docker image inspect "$image" --format '{{.Id}}' 2>/dev/null || true)
  # Labels stay outside io.craneml.managed-by: a base is not a CraneML-managed model image.
  tar -C "$root" --numeric-owner -cf - . \
    | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" - "$image" >/dev/null
  "$check" "$image"
  new_id=$(docker image inspect "$image" --format '{{.Id}}')
  if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then docker rmi "$old_id" >/dev/null 2>&1 || true; fi
}

# fail_import IMAGE MESSAGE...: removes IMAGE, so the next run does not take it for up to date, and dies.
fail_import() {
  local image=$1
  shift
  docker rmi -f "$image" >/dev/null 2>&1 || true
  die "$*"
}
