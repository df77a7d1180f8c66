#!/usr/bin/env bash
# A base image for docker/Dockerfile when no registry is reachable (as on the project's development machines):
# Debian bookworm made with debootstrap from Debian's mirror, with the Java 17 runtime, curl and openssl, imported
# into podman as localhost/cpm-base:bookworm-jre17.
#   bench/container/debootstrap-base.sh [IMAGE_NAME]      (root; Debian packages debootstrap and podman)
set -euo pipefail
IMAGE="${1:-localhost/cpm-base:bookworm-jre17}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ROOTFS="$(mktemp -d /tmp/cpm-base-rootfs-XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,openssl,ca-certificates bookworm "$ROOTFS" "$MIRROR"
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
tar -C "$ROOTFS" -c . | podman import --change 'CMD ["/bin/bash"]' - "$IMAGE"
echo "base image $IMAGE"
