#!/usr/bin/env bash
# The footprint on the release build, beside its floor: an empty Tauri app (benches/floor) on
# the same Tauri, release profile and WebKit settings, started alternately with Greenroom. The
# .deb's size, cold start to the first screen, the memory (PSS and RSS) of the app and WebKit's
# processes after 20 idle seconds, and again idle after an hour-like workload
# (tests/e2e/bench/footprint-workload.e2e.ts). Prints figures and ratios, asserts nothing;
# docs/performance.md's table comes from here. Not part of CI: it builds the app a second time,
# in release, with Tauri's command line (installed here if missing; about 15 minutes).
#
# Cold start: from exec until the page has asked Rust for `app_info`, which it does once its
# first screen is mounted and answers input. Each of the five starts uses a fresh data folder
# (the first-run screen) after the page cache was dropped where this user may drop it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --tests
if ! cargo tauri --version >/dev/null 2>&1; then
    cargo install tauri-cli --version 2.12.4 --locked
fi
cargo tauri build --bundles deb
cargo build --release --locked -p apify-sandbox
# The floor, with a copy of the app's lock file (ignored by git) and its target folder, so it
# builds on the same crate versions and reuses what the app's build compiled.
cp Cargo.lock benches/floor/Cargo.lock
CARGO_TARGET_DIR=$PWD/target cargo build --release --manifest-path benches/floor/Cargo.toml
app=$PWD/target/release/greenroom
deb=$(ls target/release/bundle/deb/*.deb | head -1)
scripts/check-package.sh "$deb"
mkdir -p target/bench
export FOOTPRINT_APP=$app FOOTPRINT_DEB=$deb FOOTPRINT_FLOOR=$PWD/target/release/greenroom-floor
xvfb-run --auto-servernum --server-args='-screen 0 1360x900x24' scripts/with-keyring.sh \
    bash scripts/bench-footprint-measure.sh | tee target/bench/footprint.txt

# The workload in the real window, driven by WebDriver, after the specs that sign in.
export GREENROOM_APP=$app GREENROOM_SANDBOX_BIN=$PWD/target/release/apify-sandbox
rm -rf target/e2e && mkdir -p target/e2e
xvfb-run --auto-servernum --server-args='-screen 0 1360x900x24' scripts/with-keyring.sh \
    npx wdio run tests/e2e/wdio.conf.ts \
    --spec tests/e2e/specs/01-first-run.e2e.ts --spec tests/e2e/specs/02-sign-in.e2e.ts \
    --spec tests/e2e/specs/03-after-restart.e2e.ts --spec tests/e2e/specs/04-sandbox-after-restart.e2e.ts \
    --spec tests/e2e/bench/footprint-workload.e2e.ts
cp target/e2e/benchmark-footprint.json target/bench/
cat target/bench/benchmark-footprint.json
