#!/usr/bin/env bash
# Inside Xvfb and a throwaway keyring (see bench-footprint.sh): starts the floor (an empty
# Tauri app with Greenroom's WebKit settings) and Greenroom alternately, five times each, and
# prints each start, the medians, and Greenroom against the floor.
set -euo pipefail
app=${FOOTPRINT_APP:?} deb=${FOOTPRINT_DEB:?} floor=${FOOTPRINT_FLOOR:?}

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
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "package: $(basename "$deb"), $(megabytes "$deb") MB"
echo "binary: $(megabytes "$app") MB; the floor's: $(megabytes "$floor") MB"

declare -A starts pss_mb
# One start of `binary` (labelled `label`) in a fresh home: the first screen's time, then the
# memory after 20 idle seconds.
measure() {
    local label=$1 binary=$2 attempt=$3 home log pid started ready pss rss per_process p
    home=$(mktemp -d)
    sync
    echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
    log=$home/app.log
    started=$(date +%s%N)
    HOME=$home XDG_DATA_HOME=$home/data RUST_LOG=info,greenroom_app=debug "$binary" >"$log" 2>&1 &
    pid=$!
    until grep -q "the first screen is up" "$log" 2>/dev/null; do
        sleep 0.005
        kill -0 "$pid" 2>/dev/null || { echo "$label ended early:"; cat "$log"; exit 1; }
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
    starts[$label]+=" $(((ready - started) / 1000000))"
    pss_mb[$label]+=" $((pss / 1024))"
    printf '%s, start %d: first screen after %d ms; idle after 20 s: PSS %d MB, RSS %d MB (%s )\n' \
        "$label" "$attempt" $(((ready - started) / 1000000)) $((pss / 1024)) $((rss / 1024)) "$per_process"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$home"
}

for attempt in 1 2 3 4 5; do
    measure floor "$floor" "$attempt"
    measure greenroom "$app" "$attempt"
done

# shellcheck disable=SC2086 # the lists are numbers separated by spaces
floor_start=$(median ${starts[floor]}) app_start=$(median ${starts[greenroom]})
# shellcheck disable=SC2086
floor_pss=$(median ${pss_mb[floor]}) app_pss=$(median ${pss_mb[greenroom]})
echo "medians: the floor starts in $floor_start ms and idles at $floor_pss MB; Greenroom in $app_start ms at $app_pss MB"
awk -v a="$app_start" -v f="$floor_start" -v ap="$app_pss" -v fp="$floor_pss" 'BEGIN {
    printf "Greenroom against the floor: cold start %.2fx (goal <= 1.1x), idle PSS +%d MB (goal <= +15 MB)\n", a / f, ap - fp
}'
