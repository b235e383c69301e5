#!/usr/bin/env bash
# Reads a built .deb's control file and desktop entry and fails unless they say what a person
# browsing packages needs: a long description, a maintainer with a contact, a homepage, and
# menu categories where people look (Office, Network). Run after `cargo tauri build` by
# scripts/bench-footprint.sh and the release workflow.
set -euo pipefail
deb=${1:?usage: check-package.sh PACKAGE.deb}
problems=()
control=$(dpkg-deb -f "$deb")
field() { dpkg-deb -f "$deb" "$1"; }
maintainer=$(field Maintainer)
[[ $maintainer =~ \<[^@\>]+@[^\>]+\> ]] || problems+=("Maintainer has no e-mail contact: '$maintainer'")
[[ $(field Homepage) == https://* ]] || problems+=("no https Homepage")
# The long description is the Description's lines after the first (the short one).
long=$(printf '%s\n' "$control" | awk '/^Description:/ { on = 1; next } on && /^ / { print } on && /^[^ ]/ { on = 0 }')
[[ ${#long} -ge 80 ]] || problems+=("the long description is missing or short: '$long'")
[[ $long != *"(none)"* ]] || problems+=("the long description says (none)")
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/*.desktop')
categories=$(printf '%s\n' "$desktop" | sed -n 's/^Categories=//p')
for wanted in Office Network; do
    [[ ";$categories;" == *";$wanted;"* ]] || problems+=("the desktop entry's Categories lack $wanted: '$categories'")
done
printf '%s\n' "$desktop" | grep -q '^Exec=greenroom' || problems+=("the desktop entry does not start greenroom")
if ((${#problems[@]})); then
    printf 'package %s:\n' "$deb" >&2
    printf '  %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "package $(basename "$deb"): maintainer, homepage, long description and menu categories are in place"
