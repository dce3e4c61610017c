#!/usr/bin/env bash
# Installs and runs the Windows program under Wine 10, as root, after build.sh:
#   packaging/windows/test.sh
# In a fresh Wine profile whose user is "Nguyễn Văn An" (a Vietnamese name with
# spaces, in C:\users\…): the installer's pages are shown in Vietnamese and
# install, then it runs silently over that; the shortcuts, the .sohoa
# file type and the "Apps & features" entry are there; `demo`, `stats` and
# `report` print and write Vietnamese; two processes edit one record while a
# third reads it, and no acknowledged edit is lost; the window opens under Xvfb
# at 1366×768 and at 1920×1080 (a screenshot that is not blank); a bundle given
# on the command line opens the import preview; with Wine's OpenGL turned off
# the window opens through wgpu; with Direct3D and Vulkan off too, a message box
# says what happened; the uninstaller leaves the data folder. Screenshots go to
# target/windows-test/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/chroot.sh"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n1)"
shots="$repo/target/windows-test"
# The host's tools this test reads its results with, checked before anything runs.
for tool in Xvfb xwd convert compare xdotool pdftotext; do
    command -v "$tool" >/dev/null || { echo "test.sh needs $tool on this machine" >&2; exit 1; }
done
rm -rf "$shots" && mkdir -p "$shots"

make_chroot "$chroot_dir"
mount_chroot "$chroot_dir" "$repo"
display=":$((90 + RANDOM % 9))"
xvfb_pid=""
cleanup() {
    wine_run "wineserver -k" 2>/dev/null || true
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
    unmount_chroot "$chroot_dir"
}
trap cleanup EXIT

user="Nguyễn Văn An"
home_c="C:\\users\\$user"
# Paths as Wine in the chroot sees them; on this machine they are under $chroot_dir.
home_unix="/tmp/sohoa-wine/drive_c/users/$user"
program="$home_unix/AppData/Local/Programs/Sohoa"
home="$chroot_dir$home_unix"
data="$home/AppData/Roaming/Sohoa/Sohoa/data"

# A command in the Wine profile; Wine's own chatter goes to stderr and is dropped.
wine_run() {
    in_chroot "$chroot_dir" "mkdir -p /tmp/xdg && chmod 700 /tmp/xdg && cd /tmp && \
        export WINEPREFIX=/tmp/sohoa-wine WINEDEBUG=-all USER='$user' \
        XDG_RUNTIME_DIR=/tmp/xdg LC_ALL=C.UTF-8 PATH=\$PATH:/usr/lib/x86_64-linux-gnu/wine; $1"
}
fail() { echo "FAILED: $*" >&2; exit 1; }
# Whether text $2 holds $1 (not `… | grep -q`: grep stops reading, and under
# pipefail the writer's broken pipe fails the check).
contains() { grep -qF -- "$1" <<< "$2"; }
check() { echo "ok: $*"; }

start_display() {
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null && sleep 1
    Xvfb "$display" -screen 0 "$1"x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 1
    export DISPLAY="$display"
}

# A screenshot of the whole screen; fails when it is one flat colour.
screenshot() {
    xwd -root -silent -display "$display" | convert xwd:- "$shots/$1.png"
    local spread
    spread="$(convert "$shots/$1.png" -colorspace gray -format '%[fx:standard_deviation]' info:)"
    awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' || fail "$1.png is blank (spread $spread)"
    check "screenshot $1.png (spread $spread)"
}

# Starts the program's window with `$1` (extra environment) and `$2` (arguments),
# waits for it, takes screenshot `$3`, closes it.
window() {
    local env="$1" args="$2" name="$3"
    wine_run "$env wine '$program/sohoa.exe' $args" > "$shots/$name.log" 2>&1 &
    local pid=$! waited=0
    until xdotool search --name '^Sohoa' >/dev/null 2>&1; do
        sleep 1; waited=$((waited + 1))
        ((waited < 60)) || fail "no window for $name after 60 s: $(tail -3 "$shots/$name.log")"
    done
    sleep 8
    screenshot "$name"
    wine_run "wineserver -k" || true
    wait "$pid" 2>/dev/null || true
}

echo "== a fresh Wine profile for $user"
wine_run "rm -rf /tmp/sohoa-wine && wineboot -i" >/dev/null 2>&1
[[ -d "$home" ]] || fail "no profile folder $home"
# Wine's own dialog font has no Vietnamese letters (Windows' Segoe UI and Tahoma
# have): Noto Sans stands in for them, so the installer's and the message box's
# Vietnamese can be read in the screenshots.
cp "$repo/assets/fonts/NotoSans-Regular.ttf" "$repo/assets/fonts/NotoSans-Bold.ttf" \
    "$chroot_dir/tmp/sohoa-wine/drive_c/windows/Fonts/"
for font in "MS Shell Dlg" "MS Shell Dlg 2" "Tahoma" "Segoe UI"; do
    wine_run "wine reg add 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes' \
        /v '$font' /d 'Noto Sans' /f" >/dev/null 2>&1
done

setup="/src/target/dist/Sohoa-$version-setup.exe"
echo "== the installer's pages, in Vietnamese"
# The language chosen once is remembered here, and the installer then asks no more.
wine_run "wine reg add 'HKCU\\Software\\Sohoa\\Installer' /v Language /d 1066 /f" >/dev/null 2>&1
start_display 1366x768
wine_run "wine '$setup'" > "$shots/installer.log" 2>&1 &
installer_pid=$!
for page in welcome folder finish; do
    waited=0
    until xdotool search --onlyvisible --name 'Sohoa' >/dev/null 2>&1; do
        sleep 1; waited=$((waited + 1))
        ((waited < 60)) || fail "no installer page '$page' after 60 s"
    done
    sleep 3
    screenshot "installer-$page"
    # Next, then Install (the progress page goes on to the last page by
    # itself); the last page is closed instead (its button starts the program).
    [[ "$page" == finish ]] || xdotool key --window "$(xdotool search --onlyvisible --name 'Sohoa' | head -n1)" Return
    sleep 2
done
wine_run "wineserver -k" || true
wait "$installer_pid" 2>/dev/null || true
[[ -f "$chroot_dir$program/sohoa.exe" ]] || fail "the installer's pages did not install sohoa.exe"
check "installed through its pages (welcome, folder, finish)"

echo "== silent install, over the one above"
wine_run "wine '$setup' /S" >/dev/null 2>&1
[[ -f "$chroot_dir$program/sohoa.exe" ]] || fail "sohoa.exe not installed in $program"
check "installed in $program"
[[ -f "$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Sohoa.lnk" ]] \
    || fail "no Start-menu shortcut"
[[ -f "$home/Desktop/Sohoa.lnk" ]] || fail "no desktop shortcut"
check "Start-menu and desktop shortcuts"
contains 'sohoa.exe" "%1"' \
    "$(wine_run "wine reg query 'HKCU\\Software\\Classes\\Sohoa.Bundle\\shell\\open\\command'" 2>/dev/null)" \
    || fail ".sohoa is not registered"
check ".sohoa opens with sohoa.exe"
contains "$version" \
    "$(wine_run "wine reg query 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Sohoa' /v DisplayVersion" 2>/dev/null)" \
    || fail "not listed in Apps & features"
check "listed in Apps & features as $version"

echo "== the command line"
sohoa() { wine_run "wine '$program/sohoa.exe' $*" 2>/dev/null; }
contains "sohoa $version" "$(sohoa --version)" || fail "--version says $(sohoa --version)"
sohoa demo --count 60 > "$shots/demo.txt"
contains "60" "$(cat "$shots/demo.txt")" || fail "demo: $(cat "$shots/demo.txt")"
[[ -d "$data/enterprises" ]] || fail "no data folder at $data"
check "demo wrote 60 enterprises to the default data folder in $home_c"
sohoa stats > "$shots/stats.txt"
contains "Doanh nghiệp: 60" "$(cat "$shots/stats.txt")" || fail "stats: $(head -3 "$shots/stats.txt")"
check "stats prints Vietnamese: $(sed -n 2p "$shots/stats.txt")"
sohoa report --all --output "'C:\\users\\$user\\Báo cáo'" > "$shots/report.txt"
pdfs=("$home/Báo cáo"/*.pdf)
((${#pdfs[@]} >= 50)) || fail "report --all wrote ${#pdfs[@]} PDFs"
contains "Mã số thuế" "$(pdftotext "${pdfs[0]}" -)" || fail "the PDF has no Vietnamese text"
check "report --all wrote ${#pdfs[@]} PDFs in a folder with Vietnamese letters"
sohoa backup create > "$shots/backup.txt"
backups=("$data-backups"/*-manual)
[[ -d "${backups[0]}" ]] || fail "no backup beside the data folder: $(cat "$shots/backup.txt")"
check "backup taken: $(tail -1 "$shots/backup.txt")"
# Restored over a change made since: the record is back as it was.
first_record="$(ls "$data/enterprises" | head -n1)"
first_id="${first_record%.ron}"
sohoa enterprise edit "$first_id" --notes "'Sửa sau khi sao lưu'" > /dev/null
sohoa backup restore "$(basename "${backups[0]}")" > "$shots/restore.txt" \
    || fail "restore: $(tail -3 "$shots/restore.txt")"
! grep -qF "Sửa sau khi sao lưu" "$data/enterprises/$first_record" \
    || fail "the restore left the change made after the backup"
check "backup restored: the change made after it is gone"
sohoa export --bundle "'C:\\users\\$user\\Gửi văn phòng.sohoa'" --no-seal > /dev/null
[[ -s "$home/Gửi văn phòng.sohoa" ]] || fail "no bundle written"
check "a bundle written to a path with Vietnamese letters"

echo "== two Sohoa processes writing one record while a third reads it"
# Windows' own rules, not Linux's: the folder lock, and a record replaced while
# another process has it open. Every edit a command acknowledged (exit 0) must be
# in the record afterwards, as its value or in its history; every read succeeds.
shared="C:\\users\\$user\\Cùng thư mục"
shared_unix="$home/Cùng thư mục"
on_shared() { wine_run "wine '$program/sohoa.exe' --data-dir '$shared' $*"; }
id="$(on_shared enterprise add --name "'Công ty TNHH Hai Người Ghi'" 2>/dev/null | tr -d '\r')"
[[ -n "$id" ]] || fail "enterprise add printed no id"
rm -f "$shots"/acknowledged-* "$shots/reads-failed" "$shots/reading"
writer() {
    local flag="$1" prefix="$2" i
    for i in $(seq -w 1 "${SOHOA_WINE_EDITS:-25}"); do
        if on_shared enterprise edit "$id" "$flag" "$prefix$i" >/dev/null 2>>"$shots/writers.err"; then
            echo "$prefix$i" >> "$shots/acknowledged-$prefix"
        fi
    done
}
reader() {
    local reads=0
    while [[ -f "$shots/reading" ]]; do
        on_shared enterprise show "$id" >/dev/null 2>>"$shots/reads-failed.err" \
            || echo "read $reads" >> "$shots/reads-failed"
        reads=$((reads + 1))
    done
    echo "$reads" > "$shots/reads"
}
touch "$shots/reading"
reader & reader_pid=$!
writer --phone 0911 & first=$!
writer --notes "Ghi-chú-" & second=$!
wait "$first" "$second"
rm -f "$shots/reading"
wait "$reader_pid"
record="$(grep -rlF -- "$id" "$shared_unix/enterprises")"
acknowledged=0
for value in $(cat "$shots"/acknowledged-*); do
    acknowledged=$((acknowledged + 1))
    # As the field's value ("v"), or in its history, which holds values as RON text (\"v\").
    grep -qF -e "\"$value\"" -e "\\\"$value\\\"" "$record" \
        || fail "acknowledged edit $value is not in the record"
done
edits=$((2 * ${SOHOA_WINE_EDITS:-25}))
((acknowledged == edits)) || fail "$acknowledged of $edits edits acknowledged: $(tail -3 "$shots/writers.err")"
[[ ! -f "$shots/reads-failed" ]] || fail "$(wc -l < "$shots/reads-failed") reads failed: $(tail -3 "$shots/reads-failed.err")"
leftovers="$(find "$shared_unix" -name '.sohoa-tmp-*' -o -path '*quarantine*' -type f | wc -l)"
((leftovers == 0)) || fail "$leftovers temporary or quarantined files left"
check "two writers: $acknowledged of $edits edits acknowledged, all in the record; $(cat "$shots/reads") reads, none failed"

echo "== installing again over the installed program"
wine_run "wine '$setup' /S" >/dev/null 2>&1
contains "Doanh nghiệp: 60" "$(sohoa stats)" || fail "the data changed after installing again"
check "installed again: the program runs and the 60 records are there"

echo "== the window"
start_display 1366x768
window "" "" window-1366x768
start_display 1920x1080
window "" "" window-1920x1080
window "" "'C:\\users\\$user\\Gửi văn phòng.sohoa'" import-preview-1920x1080
# The preview is a window over the dashboard: the two screenshots differ.
changed="$(compare -metric AE "$shots/window-1920x1080.png" "$shots/import-preview-1920x1080.png" null: 2>&1 || true)"
((${changed%.*} > 20000)) || fail "the bundle did not open the import preview ($changed pixels changed)"
check "the bundle opened the import preview ($changed pixels changed)"

# A PC whose OpenGL has no usable driver: Wine's OpenGL is turned off by giving
# it a libGL that does not load. Wine's DXGI then needs its Vulkan renderer (on
# Windows, DXGI does not rest on OpenGL). wgpu is held to its Vulkan backend here
# (on Mesa's software Vulkan): Wine's Direct3D 12, itself a layer over Vulkan,
# loses its device on Mesa's software Vulkan ("Parent device is lost"), which
# says nothing about Direct3D 12 on Windows. SOHOA_WINE_WGPU=dx12 tries it.
wgpu_backend="${SOHOA_WINE_WGPU:-vulkan}"
echo "== without OpenGL"
in_chroot "$chroot_dir" "mkdir -p /tmp/no-gl && : > /tmp/no-gl/libGL.so.1"
wine_run "wine reg add 'HKCU\\Software\\Wine\\Direct3D' /v renderer /d vulkan /f" >/dev/null 2>&1
log="$home/AppData/Local/Sohoa/Sohoa/data/sohoa.log"
rm -f "$log"
window "LD_LIBRARY_PATH=/tmp/no-gl WGPU_BACKEND=$wgpu_backend" "" window-without-opengl
contains "did not open with glow" "$(cat "$log" 2>/dev/null)" || fail "OpenGL was not turned off"
! contains "did not open with wgpu" "$(cat "$log")" || fail "wgpu failed: $(tail -1 "$log")"
check "the window opened through wgpu ($wgpu_backend) with OpenGL off"

echo "== without any renderer"
rm -f "$log"
wine_run "LD_LIBRARY_PATH=/tmp/no-gl VK_ICD_FILENAMES=/nonexistent.json wine '$program/sohoa.exe'" \
    > "$shots/no-renderer.log" 2>&1 &
pid=$!
waited=0
until xdotool search --name '^Sohoa$' >/dev/null 2>&1 && contains "did not open with wgpu" "$(cat "$log" 2>/dev/null)"; do
    sleep 1; waited=$((waited + 1))
    ((waited < 90)) || fail "no message box after 90 s: $(tail -3 "$shots/no-renderer.log")"
done
sleep 3
screenshot message-box
xdotool search --name '^Sohoa$' | while read -r id; do xdotool key --window "$id" Return 2>/dev/null; done || true
sleep 2
wine_run "wineserver -k" || true
wait "$pid" 2>/dev/null || true
check "a message box said the window could not open"
in_chroot "$chroot_dir" "rm -rf /tmp/no-gl"
wine_run "wine reg delete 'HKCU\\Software\\Wine\\Direct3D' /v renderer /f" >/dev/null 2>&1 || true

echo "== uninstall"
# The uninstaller copies itself to %TEMP% and returns at once: wait for it.
wine_run "wine '$program/uninstall.exe' /S" >/dev/null 2>&1
for _ in $(seq 60); do [[ -f "$chroot_dir$program/sohoa.exe" ]] || break; sleep 1; done
[[ ! -f "$chroot_dir$program/sohoa.exe" ]] || fail "sohoa.exe is still there"
[[ ! -f "$home/Desktop/Sohoa.lnk" ]] || fail "the desktop shortcut is still there"
[[ -d "$data/enterprises" ]] || fail "the uninstaller removed the data folder"
check "uninstalled; the data folder is still there ($(ls "$data/enterprises" | wc -l) records)"
echo "all Windows checks passed"
