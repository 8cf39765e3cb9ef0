#!/bin/sh
# Builds the model image from this folder. Override with IMAGE=name:tag or BASE_IMAGE=... in the environment.
set -eu
cd "$(dirname "$0")"
IMAGE="${IMAGE:-__IMAGE__}"
BASE_IMAGE="${BASE_IMAGE:-__BASE_IMAGE__}"
# The runtime's native binaries in runtime/ were prepared for this platform only.
docker build --platform __PLATFORM__ --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" .
echo "built $IMAGE (run it with ./run.sh)"
