#!/usr/bin/env bash
# Drives the built app through WebDriver (tauri-driver + WebKitWebDriver) under Xvfb, inside a
# private D-Bus session with a throwaway unlocked keyring, then checks every log of the run for
# tokens (after a self-test that plants some). Artifacts land in target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

# The binary `cargo test --workspace` builds for the integration tests is the one driven here:
# the same command again only checks it is fresh, so CI compiles the app once.
cargo test --workspace --locked --no-run --quiet 2>/dev/null || cargo test --workspace --locked --no-run

rm -rf target/e2e
mkdir -p target/e2e
export GREENROOM_APP=${GREENROOM_APP:-$PWD/target/debug/greenroom}
# The leak check runs in the same keyring session as the specs: it reads the tokens the app
# generated from the keychain they were kept in.
exec xvfb-run --auto-servernum --server-args='-screen 0 1360x900x24' \
    scripts/with-keyring.sh bash -c '
        npx tsx tests/e2e/leak-check.ts --self-test || exit 1
        status=0
        npx wdio run tests/e2e/wdio.conf.ts || status=$?
        npx tsx tests/e2e/leak-check.ts || status=1
        exit $status'
