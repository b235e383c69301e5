#!/usr/bin/env bash
# Runs a command inside its own D-Bus session with a throwaway, unlocked gnome-keyring, so tests
# use a real Secret Service without ever touching the user's own (possibly locked) keyrings.
#   scripts/with-keyring.sh COMMAND [ARGS…]
set -euo pipefail

if [ "${GREENROOM_KEYRING_INNER:-}" != 1 ]; then
    scratch=$(mktemp -d -t greenroom-keyring.XXXXXX)
    mkdir -m 700 "$scratch/data" "$scratch/run"
    trap 'rm -rf "$scratch"' EXIT
    unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL
    status=0
    GREENROOM_KEYRING_INNER=1 XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
        dbus-run-session -- "$0" "$@" || status=$?
    exit "$status"
fi

# --foreground: without it the daemon forks and returns before it owns the bus name, and the bus
# may auto-start a second, locked daemon for the first request.
printf 'greenroom-throwaway' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null 2>&1 &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true' EXIT

for _ in $(seq 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'; then
        break
    fi
    sleep 0.1
done

# Not exec: the trap above must still stop the daemon when the command ends.
status=0
"$@" || status=$?
exit "$status"
