#!/usr/bin/env bash
# Makes sure a Docker daemon answers on this Debian machine (run as root); idempotent.
# Installs docker.io + docker-registry if missing and, when no daemon answers, starts dockerd itself.
set -euo pipefail

LOG=/var/log/craneml-dockerd.log
WAIT_SECONDS=${CRANEML_DOCKERD_WAIT:-60}

log() { printf '\033[1m[setup-docker]\033[0m %s\n' "$*"; }

source "$(dirname "$0")/lib/debian-packages.sh"
install_missing_packages docker.io docker-registry

# `timeout` keeps a wedged daemon from hanging this script.
daemon_answers() { timeout 10 docker info >/dev/null 2>&1; }

if daemon_answers; then
  log "docker daemon already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  echo "[setup-docker] DOCKER_HOST=$DOCKER_HOST is set but no daemon answers there; unset it or start that daemon" >&2
  exit 1
fi

# Alive and not a zombie (a killed daemon stays a zombie until its parent reaps it).
alive() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$state" ] && [ "${state#Z}" = "$state" ]; }
recorded_pid() { cat /var/run/docker.pid 2>/dev/null || true; }

ours=""
started_at=0
for i in $(seq 1 "$WAIT_SECONDS"); do
  if daemon_answers; then
    log "docker daemon ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  pid=$(recorded_pid)
  if [ -n "$ours" ]; then
    # The daemon we started died (checked after a grace period, in case setsid forked): stop waiting.
    if ! alive "$ours" && ! alive "$pid" && [ $((i - started_at)) -ge 5 ]; then break; fi
  elif [ -n "$pid" ] && alive "$pid"; then
    [ "$i" = 1 ] && log "dockerd (pid $pid) is running but not answering yet; waiting"
  else
    # A daemon that died (or a machine handed back without its processes) leaves its pid file and
    # socket behind; both stop a new dockerd from starting.
    rm -f /var/run/docker.pid /var/run/docker.sock
    # dockerd reuses the containerd named in this file if that pid exists, even as a zombie.
    cpid=$(cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)
    if [ -n "$cpid" ] && ! alive "$cpid"; then rm -f /var/run/docker/containerd/containerd.pid; fi
    log "starting dockerd (log: $LOG)"
    # No iptables and no bridge: this machine has no NAT to manage, and containers use host networking.
    # setsid: its own session, so the daemon outlives the shell (or CI step) that started it.
    setsid nohup dockerd --iptables=false --bridge=none >>"$LOG" 2>&1 </dev/null &
    ours=$!
    started_at=$i
  fi
  sleep 1
done

echo "[setup-docker] dockerd did not answer within ${WAIT_SECONDS}s (or exited); last lines of $LOG:" >&2
tail -n 30 "$LOG" >&2 || true
exit 1
