#!/usr/bin/env bash
# Builds the provider kit first (every provider type-checks against its declarations), then
# each provider package and the example provider (docs/writing-a-provider.md).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd packages/or3-provider-kit && bun run build)
for dir in packages/or3-provider-*/ examples/*/; do
  name=$(basename "$dir")
  [ "$name" = "or3-provider-kit" ] && continue
  echo "building $name"
  (cd "$dir" && bun run build)
done
