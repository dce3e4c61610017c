#!/bin/sh
# Renders sohoa.svg to the sizes the window, Windows and Linux use. Needs
# rsvg-convert (Debian: librsvg2-bin) and ImageMagick's convert.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" sohoa.svg -o "/tmp/sohoa-icon-$size.png"
done
cp /tmp/sohoa-icon-48.png sohoa-48.png
cp /tmp/sohoa-icon-256.png sohoa-256.png
# The window's icon, as raw RGBA pixels (no PNG decoder in the program).
convert /tmp/sohoa-icon-64.png -depth 8 rgba:sohoa-64.rgba
# Windows: one .ico with every size Explorer, the task bar and shortcuts ask for.
convert /tmp/sohoa-icon-16.png /tmp/sohoa-icon-24.png /tmp/sohoa-icon-32.png \
    /tmp/sohoa-icon-48.png /tmp/sohoa-icon-64.png /tmp/sohoa-icon-256.png sohoa.ico
