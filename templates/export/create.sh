#!/bin/sh
# Builds the model image from this folder. Override with IMAGE=name:tag or BASE_IMAGE=... in the environment;
# NODE_IMAGE=... (a Python-runtime model that takes pictures: where its codec's Node.js comes from) and
# CRANEML_TORCH_INDEX_URL=... (where pip finds torch's CPU wheels) are passed on when set.
set -eu
cd "$(dirname "$0")"
IMAGE="${IMAGE:-__IMAGE__}"
BASE_IMAGE="${BASE_IMAGE:-__BASE_IMAGE__}"
# The runtime's native binaries in runtime/ were prepared for this platform only.
docker build --platform __PLATFORM__ --build-arg BASE_IMAGE="$BASE_IMAGE" \
  ${NODE_IMAGE:+--build-arg NODE_IMAGE="$NODE_IMAGE"} \
  ${CRANEML_TORCH_INDEX_URL:+--build-arg CRANEML_TORCH_INDEX_URL="$CRANEML_TORCH_INDEX_URL"} \
  -t "$IMAGE" .
echo "built $IMAGE (run it with ./run.sh)"
