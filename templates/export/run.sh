#!/bin/sh
# Runs the model image and waits until it is ready. Override with IMAGE, NAME, PORT, ADDRESS, NETWORK=host.
set -eu
IMAGE="${IMAGE:-__IMAGE__}"
NAME="${NAME:-__NAME__}"
PORT="${PORT:-8080}"
ADDRESS="${ADDRESS:-127.0.0.1}"
NETWORK="${NETWORK:-}"

if [ "$NETWORK" = host ]; then
  docker run -d --name "$NAME" --network host -e PORT="$PORT" -e HOST="$ADDRESS" "$IMAGE" >/dev/null
else
  docker run -d --name "$NAME" -p "$ADDRESS:$PORT:8080" "$IMAGE" >/dev/null
fi

URL="http://$ADDRESS:$PORT"
i=0
until [ "$(docker inspect -f '{{.State.Health.Status}}' "$NAME" 2>/dev/null)" = healthy ] || [ "$i" -ge 120 ]; do
  if [ "$(docker inspect -f '{{.State.Running}}' "$NAME" 2>/dev/null)" != true ]; then
    echo "the container stopped; its last log lines:" >&2
    docker logs --tail 40 "$NAME" >&2 || true
    exit 1
  fi
  # The health check runs every few seconds; ask the server directly in between when curl is there.
  if command -v curl >/dev/null 2>&1 && curl -fsS "$URL/readyz" >/dev/null 2>&1; then break; fi
  i=$((i + 1))
  sleep 0.5
done
if [ "$i" -ge 120 ]; then
  echo "$NAME did not become ready in 60 s; its last log lines:" >&2
  docker logs --tail 40 "$NAME" >&2 || true
  exit 1
fi
echo "ready: $URL   (API docs: $URL/docs; stop with: docker rm -f $NAME)"
