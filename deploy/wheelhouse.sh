#!/usr/bin/env bash
# Build the wheelhouse for a closed network, on a machine that can reach the package index:
#   deploy/wheelhouse.sh [DIR]            (default deploy/wheelhouse/)
# Every wheel of requirements/base.lock (the production lock, hashes checked) for the TARGET machine:
# TARGET_PYTHON (default 3.11) and TARGET_PLATFORMS (default: the manylinux tags of glibc 2.17 to 2.28
# on x86_64, which Debian 10+, Ubuntu 20.04+ and RHEL 8+ all run).
# Copy DIR and the repository to the closed network, then run deploy/install-offline.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-deploy/wheelhouse}"
python="${PYTHON:-python3}"
mkdir -p "$dest"
"$python" -m pip download \
  --require-hashes --no-deps --only-binary=:all: \
  --implementation cp --python-version "${TARGET_PYTHON:-3.11}" \
  $(for platform in ${TARGET_PLATFORMS:-manylinux_2_28_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64}; do
      printf -- '--platform %s ' "$platform"; done) \
  -r requirements/base.lock -d "$dest"
echo "wheelhouse: $(ls "$dest"/*.whl | wc -l) wheels in $dest"
