#!/usr/bin/env bash
# Installs the .deb on this machine and checks it, as root, after build-deb.sh:
#   packaging/linux/test-deb.sh
# dpkg -i; `sohoa --version`; the desktop entry passes desktop-file-validate;
# the .sohoa file type and the icon are where desktops look; `sohoa demo` and
# `sohoa stats` work in a fresh folder; dpkg -r removes the program and leaves
# the data folder.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n1)"
deb="$repo/target/dist/sohoa_${version}_$(dpkg --print-architecture).deb"
fail() { echo "FAILED: $*" >&2; exit 1; }
check() { echo "ok: $*"; }

command -v desktop-file-validate >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        desktop-file-utils shared-mime-info >/dev/null
}
dpkg -i "$deb" >/dev/null
[[ "$(sohoa --version)" == "sohoa $version" ]] || fail "sohoa --version says $(sohoa --version)"
check "installed: $(command -v sohoa), $(sohoa --version)"
desktop-file-validate /usr/share/applications/vn.sohoa.Sohoa.desktop || fail "desktop entry"
check "desktop entry valid"
[[ -f /usr/share/icons/hicolor/scalable/apps/sohoa.svg && -f /usr/share/icons/hicolor/256x256/apps/sohoa.png ]] \
    || fail "icon missing"
update-mime-database /usr/share/mime
[[ "$(grep -c 'application/x-sohoa-bundle' /usr/share/mime/globs2)" -ge 1 ]] || fail "no .sohoa MIME type"
check "icon and the .sohoa file type installed"
data="$(mktemp -d)"
sohoa --data-dir "$data/folder" demo --count 20 >/dev/null 2>&1
stats="$(sohoa --data-dir "$data/folder" stats)"
grep -qF "Doanh nghiệp: 20" <<< "$stats" || fail "stats: $stats"
check "demo and stats in a new folder"
dpkg -r sohoa >/dev/null
[[ ! -e /usr/bin/sohoa ]] || fail "sohoa still installed"
[[ -d "$data/folder/enterprises" ]] || fail "removing the package touched the data folder"
rm -rf "$data"
check "removed; the data folder stays"
echo "all .deb checks passed"
