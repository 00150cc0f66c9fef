#!/usr/bin/env bash
# The whole test suite: builds, lint, type-checks, the import guardrail, the kit's conformance
# suites, every provider's tests, and the host's unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Build packages"
bash scripts/build-packages.sh
step "Prepare the host (generates .nuxt types and lint config)"
(cd apps/or3-chat && bun --bun nuxt prepare >/dev/null)
step "Lint"
bun run lint
step "Type-check"
bash scripts/typecheck-all.sh
step "Banned-imports guardrail"
bun run check-imports

results_dir=$(mktemp -d)
for dir in packages/*/ examples/*/; do
  [ -d "$dir/test" ] || continue
  step "Tests: $(basename "$dir")"
  (cd "$dir" && bun --bun vitest run --reporter=default --reporter=json --outputFile="$results_dir/$(basename "$dir").json")
done
step "Tests: host (unit and integration)"
(cd apps/or3-chat && bun --bun vitest run --reporter=default --reporter=json --outputFile="$results_dir/or3-chat.json")

step "Tests: repository scripts (build fingerprint, lock pins, the matrix failing on a broken tarball)"
bun --bun vitest run --root scripts --reporter=default --reporter=json --outputFile="$results_dir/scripts.json"

step "Matrix: the host installed from packed tarballs"
for combination in no-provider embedded clerk-sqlite; do
  bun scripts/matrix/host-from-tarballs.ts "$combination"
done

step "Summary"
bun scripts/summarize-test-results.ts "$results_dir"
