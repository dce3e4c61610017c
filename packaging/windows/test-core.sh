#!/usr/bin/env bash
# Runs the library's own tests as a Windows program, under Wine 10, as root:
#   packaging/windows/test-core.sh [test name filter]
# The sohoa-core crate's unit and integration tests are built for
# x86_64-pc-windows-gnu in the build chroot (see build.sh) and each test binary
# is started by Wine, in a Wine profile whose user is "Nguyễn Văn An": the
# temporary folders the tests write in are under C:\users\Nguyễn Văn An\…, so
# every store, lock, backup, journal and key test meets a path with Vietnamese
# letters and spaces, Windows' file sharing rules and its rename. They are built
# with the release profile and the standard library of build.sh (after it, 12
# minutes on 2 cores: the library's features and test dependencies still differ).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/chroot.sh"

make_chroot "$chroot_dir"
mount_chroot "$chroot_dir" "$repo"
cleanup() {
    in_chroot "$chroot_dir" "WINEPREFIX=/tmp/sohoa-wine-tests wineserver -k" 2>/dev/null || true
    unmount_chroot "$chroot_dir"
}
trap cleanup EXIT

filter="${1:-}"
echo "== sohoa-core's tests, built for Windows and run under Wine"
in_chroot "$chroot_dir" "mkdir -p /tmp/xdg-tests && chmod 700 /tmp/xdg-tests && cd /src && \
    export WINEPREFIX=/tmp/sohoa-wine-tests WINEDEBUG=-all USER='Nguyễn Văn An' \
        XDG_RUNTIME_DIR=/tmp/xdg-tests LC_ALL=C.UTF-8 \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine && \
    $windows_cargo test --release --target x86_64-pc-windows-gnu -p sohoa-core -- $filter"
