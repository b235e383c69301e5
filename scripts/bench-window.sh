#!/usr/bin/env bash
# The table and export benchmark on release builds, in the real window (WebDriver under Xvfb):
# 1,000,000 items with the exports against curl, on the app's bundled sandbox and again on the
# test sandbox in a process of its own, then 10,000,000 items for the table alone.
# Prints the figures and keeps them in target/bench/benchmark-table-*.json (docs/performance.md's table
# comes from here). Not part of CI: it builds the app a second time, in release, and needs about
# 15 minutes and 10 GB of free disk.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --tests
npm run build:ui
cargo build --release --locked -p greenroom
# The test sandbox, which the WebDriver configuration starts beside the app.
cargo build --release --locked -p apify-sandbox
export GREENROOM_APP=$PWD/target/release/greenroom
export GREENROOM_SANDBOX_BIN=$PWD/target/release/apify-sandbox
mkdir -p target/bench

measure() {
    rm -rf target/e2e
    mkdir -p target/e2e
    xvfb-run --auto-servernum --server-args='-screen 0 1360x900x24' scripts/with-keyring.sh \
        npx wdio run tests/e2e/wdio.conf.ts --spec tests/e2e/specs/10-table-benchmark.e2e.ts
    cp target/e2e/benchmark-table-*.json target/bench/
}

GREENROOM_BENCH_ITEMS=1000000 measure
GREENROOM_BENCH_ITEMS=1000000 GREENROOM_BENCH_SERVER=external measure
GREENROOM_BENCH_ITEMS=10000000 GREENROOM_BENCH_EXPORTS=0 measure
cat target/bench/benchmark-table-*.json
