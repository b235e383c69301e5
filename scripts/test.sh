#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints, the Rust tests
# (against a real keyring), the UI's type check and unit tests, and the end-to-end suite that
# drives the built app. Every step runs even if one before it failed; the exit code is non-zero
# if any failed, and a table at the end says which.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --tests || exit 1

names=()
results=()
step() {
    local name=$1
    shift
    printf '\n\033[1m==> %s: %s\033[0m\n' "$name" "$*"
    local started=$SECONDS status=0
    "$@" || status=$?
    names+=("$name")
    results+=("$([ $status -eq 0 ] && echo ok || echo "FAILED (exit $status)") in $((SECONDS - started))s")
}

# The Rust build embeds the UI, so the UI is built first.
step "UI build" npm run build:ui
step "cargo fmt" cargo fmt --all -- --check
step "import circles" node scripts/check-imports.mjs crates/greenroom-core/src crates/apify-sandbox/src src-tauri
step "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "core, no sandbox" cargo check -p greenroom-core --no-default-features --locked
step "cargo test" scripts/with-keyring.sh cargo test --workspace --locked
step "official clients" scripts/official-clients.sh
step "UI type check" npm run check:ui
step "UI unit tests" npm run test:ui
step "workflows" npm run lint:workflows
step "end-to-end" scripts/e2e.sh

printf '\n\033[1mSummary\033[0m\n'
failed=0
for i in "${!names[@]}"; do
    printf '  %-16s %s\n' "${names[$i]}" "${results[$i]}"
    case ${results[$i]} in FAILED*) failed=1 ;; esac
done
exit $failed
