#!/usr/bin/env bash
# Each package type-checks on its own against the kit's published declarations; the host with
# vue-tsc through `nuxt typecheck`.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in packages/*/ examples/*/; do
  echo "type-checking $(basename "$dir")"
  (cd "$dir" && bun run typecheck)
done
echo "type-checking the repository scripts and the setup wizard"
bun --bun tsc -p scripts/tsconfig.json
echo "type-checking or3-chat"
(cd apps/or3-chat && bun run typecheck)
