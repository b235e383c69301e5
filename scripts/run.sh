#!/usr/bin/env bash
# Sets up what is missing, builds Greenroom in release mode, and opens its window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run build:ui
cargo build --release --locked
# Started from a bare console (no desktop session bus), the app gets its own bus and keyring
# daemon; gnome-keyring asks for the keyring's password in a window the first time.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    exec dbus-run-session -- sh -c 'gnome-keyring-daemon --start --components=secrets >/dev/null; exec target/release/greenroom'
fi
exec target/release/greenroom
