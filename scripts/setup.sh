#!/usr/bin/env bash
# Installs what building, running and testing Greenroom need on Debian 12, skipping what is
# already there: Debian packages, tauri-driver, and the npm packages of package-lock.json.
#   scripts/setup.sh            everything needed to build and run the app
#   scripts/setup.sh --tests    also what the test suite needs (WebDriver, Xvfb, a keyring)
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_DRIVER_VERSION=2.1.0
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

build_packages=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
    librsvg2-dev libxdo-dev libssl-dev)
# The app keeps tokens in the Secret Service, so running it needs a keyring and a session bus.
run_packages=(dbus dbus-x11 gnome-keyring)
# CJK and emoji fonts, so screenshots show the Chinese, Japanese and Korean text and the emoji
# the sample data holds as a person sees them, not as empty boxes.
test_packages=(webkit2gtk-driver xvfb xauth libsecret-tools imagemagick xdotool xclip unzip fonts-noto-cjk fonts-noto-color-emoji python3-venv)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

packages=("${build_packages[@]}" "${run_packages[@]}")
[ "${1:-}" = --tests ] && packages+=("${test_packages[@]}")

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
        missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
    echo "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
fi
if ! command -v node >/dev/null ||
    ! node -e "const [a,b]=process.versions.node.split('.').map(Number); process.exit(a>${NODE_MIN_MAJOR}||(a===${NODE_MIN_MAJOR}&&b>=${NODE_MIN_MINOR})?0:1)"; then
    echo "Greenroom's UI build needs Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer with npm (Debian 12's own nodejs is too old); install it, then run this again." >&2
    exit 1
fi

if [ "${1:-}" = --tests ] &&
    ! cargo install --list | grep -q "^tauri-driver v${TAURI_DRIVER_VERSION}:"; then
    say "Installing tauri-driver ${TAURI_DRIVER_VERSION}"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
fi

# npm ci wipes node_modules every time; a stamp of the lock file makes a second run skip it.
stamp=node_modules/.greenroom-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
    echo "$wanted" >"$stamp"
fi
