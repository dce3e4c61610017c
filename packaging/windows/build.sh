#!/usr/bin/env bash
# Builds the Windows program and its installer on a Debian machine, as root:
#   packaging/windows/build.sh
# Result: target/dist/Sohoa-<version>-setup.exe (and target/dist/windows/sohoa.exe).
#
# The machine's Rust toolchain has no Windows standard library, so the build runs
# in a Debian unstable chroot whose rustc ships the standard library's source
# (rust-src): it is compiled for x86_64-pc-windows-gnu with -Z build-std and
# linked by MinGW-w64. The chroot also holds NSIS, which makes the installer, and
# Wine, which the tests run the program with. It is made once (about 3 minutes)
# and reused: SOHOA_WINDOWS_CHROOT names it (default /var/cache/sohoa/windows-chroot).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/chroot.sh"

make_chroot "$chroot_dir"
mount_chroot "$chroot_dir" "$repo"
trap 'unmount_chroot "$chroot_dir"' EXIT

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n1)"
dist="$repo/target/dist"
mkdir -p "$dist/windows"

echo "== building sohoa.exe $version for Windows"
in_chroot "$chroot_dir" "$windows_cargo build --release --target x86_64-pc-windows-gnu --bin sohoa"
exe="$repo/target/windows-gnu/x86_64-pc-windows-gnu/release/sohoa.exe"
in_chroot "$chroot_dir" "x86_64-w64-mingw32-strip -o /src/target/dist/windows/sohoa.exe \
    /src/target/windows-gnu/x86_64-pc-windows-gnu/release/sohoa.exe"
test -s "$exe"

echo "== making the installer"
in_chroot "$chroot_dir" "cd /src/packaging/windows && makensis -V2 \
    -DVERSION=$version -DEXE=/src/target/dist/windows/sohoa.exe \
    -DOUTFILE=/src/target/dist/Sohoa-$version-setup.exe installer.nsi"
(cd "$dist" && shopt -s nullglob && sha256sum -- *.deb *.exe > SHA256SUMS)
ls -l "$dist/Sohoa-$version-setup.exe" "$dist/windows/sohoa.exe"
