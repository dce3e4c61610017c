#!/usr/bin/env bash
# Builds the Debian/Ubuntu package: packaging/linux/build-deb.sh
# Result: target/dist/sohoa_<version>_amd64.deb
#
# dpkg-deb (Debian's own tool, on every Debian machine) packs a tree laid out
# here: the program, its desktop entry, its icon at the sizes desktops use, the
# .sohoa file type, and the licences. Desktops pick the entry, icon and file
# type up through dpkg's triggers; nothing runs at install time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
arch="$(dpkg --print-architecture)"

echo "== building sohoa $version for Linux"
# The packaged program is stripped: no line tables to make for it.
CARGO_PROFILE_RELEASE_DEBUG=false cargo build --release --locked --bin sohoa

root="target/deb/sohoa_${version}_$arch"
rm -rf "$root"
install -Dm755 target/release/sohoa "$root/usr/bin/sohoa"
strip "$root/usr/bin/sohoa"
install -Dm644 packaging/linux/vn.sohoa.Sohoa.desktop "$root/usr/share/applications/vn.sohoa.Sohoa.desktop"
install -Dm644 packaging/linux/sohoa-mime.xml "$root/usr/share/mime/packages/sohoa.xml"
install -Dm644 assets/icon/sohoa.svg "$root/usr/share/icons/hicolor/scalable/apps/sohoa.svg"
install -Dm644 assets/icon/sohoa-48.png "$root/usr/share/icons/hicolor/48x48/apps/sohoa.png"
install -Dm644 assets/icon/sohoa-256.png "$root/usr/share/icons/hicolor/256x256/apps/sohoa.png"
install -Dm644 LICENSE "$root/usr/share/doc/sohoa/copyright"
install -Dm644 assets/fonts/OFL.txt "$root/usr/share/doc/sohoa/OFL-NotoSans.txt"
size_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: sohoa
Version: $version
Architecture: $arch
Maintainer: Sohoa <sohoa@localhost>
Installed-Size: $size_kb
Depends: libc6, libgcc-s1
Recommends: libgl1, libegl1, libxkbcommon-x11-0, libxcursor1, libxrandr2, libxi6
Section: misc
Priority: optional
Description: digital-maturity assessments and program tracking for enterprises
 Sohoa walks a consultant through the enterprise digital-maturity (DBI)
 questionnaire, shows the level with recommendations and a PDF report, and
 follows a provincial support program toward its target: by place, sector,
 size, partner and level, with Excel export. Vietnamese and English.
CONTROL
mkdir -p target/dist
dpkg-deb --build --root-owner-group -Zxz "$root" "target/dist/sohoa_${version}_$arch.deb" >/dev/null
(cd target/dist && shopt -s nullglob && sha256sum -- *.deb *.exe > SHA256SUMS)
ls -l "target/dist/sohoa_${version}_$arch.deb"
