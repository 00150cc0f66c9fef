#!/usr/bin/env bash
# The whole test suite: builds, lint, type-checks, the import guardrail, the kit's conformance
# suites, every provider's tests, the host's unit, integration and browser tests, the repository
# scripts' tests (the setup wizard among them), the packed-tarball matrix, and the check that the
# decoupling record in docs/decoupling/ says what this run proved. One pass/fail line at the end.
#
# The matrix (each combination in a clean host of its own, from packed tarballs) needs only the
# built packages, so it starts in the background right after them and runs beside the tests; its
# output is printed when it ends. OR3_MATRIX_CONCURRENCY sets how many of its rows run at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
timings=()
timed() {
  local name=$1 started=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%-34s %5d s' "$name" $((SECONDS - started)))")
}

results_dir=$(mktemp -d)
evidence_dir=test-results/decoupling
mkdir -p "$evidence_dir"
rm -f "$evidence_dir/matrix.json"

step "Build packages"
timed "build packages" bash scripts/build-packages.sh

step "Matrix: started in the background, beside the tests"
matrix_log="$results_dir/matrix.log"
matrix_started=$SECONDS
# Its own session, so that if this script stops early the whole matrix (rows, builds, servers) stops with it.
OR3_MATRIX_CONCURRENCY=${OR3_MATRIX_CONCURRENCY:-2} setsid bun scripts/matrix/run-matrix.ts --evidence "$evidence_dir/matrix.json" >"$matrix_log" 2>&1 &
matrix_pid=$!
trap 'kill -- -"$matrix_pid" 2>/dev/null || true' EXIT

step "Prepare the host (generates .nuxt types and lint config)"
timed "prepare the host" bash -c 'cd apps/or3-chat && bun --bun nuxt prepare >/dev/null'
step "Lint"
timed "lint" bun run lint
step "Type-check"
timed "type-check" bash scripts/typecheck-all.sh
step "Banned-imports guardrail"
timed "guardrail" bun run check-imports

for dir in packages/*/ examples/*/; do
  [ -d "$dir/test" ] || continue
  name=$(basename "$dir")
  step "Tests: $name"
  timed "tests: $name" bash -c "cd '$dir' && bun --bun vitest run --reporter=default --reporter=json --outputFile='$results_dir/$name.json'"
done
step "Tests: host (unit, integration and browser)"
timed "tests: host" bash -c "cd apps/or3-chat && bun --bun vitest run --reporter=default --reporter=json --outputFile='$results_dir/or3-chat.json'"

step "Tests: repository scripts (build fingerprint, lock pins, the setup wizard, a broken tarball failing the matrix)"
timed "tests: repository scripts" bun --bun vitest run --root scripts --reporter=default --reporter=json --outputFile="$results_dir/scripts.json"

step "Matrix: the host installed from packed tarballs, one clean host per combination"
matrix_status=0
wait "$matrix_pid" || matrix_status=$?
trap - EXIT
cat "$matrix_log"
timings+=("$(printf '%-34s %5d s' "matrix (beside the tests)" $((SECONDS - matrix_started)))")

step "Decoupling record: docs/decoupling/ against what this run proved"
record_status=0
if [ -f "$evidence_dir/matrix.json" ]; then
  bun scripts/decoupling-record/write-record.ts --check --matrix "$evidence_dir/matrix.json" || record_status=$?
else
  echo "record: not checked, the matrix wrote no evidence"
  record_status=1
fi

step "Timings"
printf '%s\n' "${timings[@]}"
printf '%-34s %5d s\n' "total" "$SECONDS"

step "Summary"
bun scripts/summarize-test-results.ts "$results_dir" --matrix "$evidence_dir/matrix.json" --matrix-status "$matrix_status" --record-status "$record_status"
