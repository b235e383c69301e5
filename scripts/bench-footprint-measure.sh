#!/usr/bin/env bash
# Inside Xvfb and a throwaway keyring (see bench-footprint.sh): starts the app five times and
# prints the figures.
set -euo pipefail
app=${FOOTPRINT_APP:?} deb=${FOOTPRINT_DEB:?}

# The app's process and every process below it (WebKit's web and network processes).
tree_pids() {
    local pid=$1
    echo "$pid"
    for child in $(pgrep -P "$pid" || true); do tree_pids "$child"; done
}

# Sums a field of /proc/PID/smaps_rollup (kB) over the processes given.
sum_kb() {
    local field=$1 total=0 pid value
    shift
    for pid in "$@"; do
        value=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
        total=$((total + ${value:-0}))
    done
    echo "$total"
}

megabytes() { awk -v bytes="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", bytes / 1e6 }'; }
echo "package: $(basename "$deb"), $(megabytes "$deb") MB"
echo "binary: $(megabytes "$app") MB"

for attempt in 1 2 3 4 5; do
    home=$(mktemp -d)
    sync
    echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    log=$home/app.log
    started=$(date +%s%N)
    HOME=$home XDG_DATA_HOME=$home/data RUST_LOG=info,greenroom_app=debug "$app" >"$log" 2>&1 &
    pid=$!
    until grep -q "the first screen is up" "$log" 2>/dev/null; do
        sleep 0.005
        kill -0 "$pid" 2>/dev/null || { echo "the app ended early:"; cat "$log"; exit 1; }
    done
    ready=$(date +%s%N)
    sleep 20
    mapfile -t pids < <(tree_pids "$pid")
    pss=$(sum_kb Pss "${pids[@]}")
    rss=$(sum_kb Rss "${pids[@]}")
    per_process=""
    for p in "${pids[@]}"; do
        per_process+=" $(ps -o comm= -p "$p" 2>/dev/null || echo '?')=$(( $(sum_kb Pss "$p") / 1024 ))MB"
    done
    printf 'start %d: first screen after %d ms; idle after 20 s: PSS %d MB, RSS %d MB (%s )\n' \
        "$attempt" $(((ready - started) / 1000000)) $((pss / 1024)) $((rss / 1024)) "$per_process"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$home"
done
