#!/bin/sh
# Renders an mfsweep HTML report with headless Chromium to a PNG and checks that the PNG is
# not blank (enough non-white pixels and colours). Debian: `apt-get install -y chromium`.
#
#   scripts/render-html-report.sh REPORT.html [OUT.png] [HEIGHT]
#
# OUT defaults to REPORT.png and HEIGHT (the window height in pixels; the screenshot is the
# window) to 7000. Exits 0 when the page rendered, 1 when the PNG is blank or missing, 64 on
# bad usage, and 0 with a "skip:" message when no Chromium is installed.
set -eu
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 REPORT.html [OUT.png] [HEIGHT]" >&2
    exit 64
fi
html=$1
out=${2:-${html%.html}.png}
height=${3:-7000}
browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
if [ -z "$browser" ]; then
    echo "skip: no chromium found (Debian: apt-get install -y chromium); $html not rendered"
    exit 0
fi
rm -f "$out"
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
# No network is needed or allowed: the report is self-contained.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-extensions --proxy-server=127.0.0.1:9 --screenshot="$out" \
    --window-size=1400,"$height" "$url" >/dev/null 2>&1 || true
if [ ! -s "$out" ]; then
    echo "error: chromium wrote no screenshot to $out" >&2
    exit 1
fi
python3 - "$out" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"error: {path} is not a PNG")
pos, idat, width, height, ctype, depth = 8, [], 0, 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat.append(body)
    pos += 12 + length
if depth != 8 or ctype not in (2, 6):
    sys.exit(f"error: unsupported PNG (bit depth {depth}, colour type {ctype})")
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(b"".join(idat))
stride = width * bpp
prev = bytearray(stride)
nonwhite = 0
colours = set()
rows_with_ink = 0
for y in range(height):
    start = y * (stride + 1)
    f = raw[start]
    line = bytearray(raw[start + 1:start + 1 + stride])
    if f == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 255
    ink = 0
    for x in range(0, stride, bpp):
        if line[x] < 245 or line[x + 1] < 245 or line[x + 2] < 245:
            ink += 1
            if x % (4 * bpp) == 0:
                colours.add(bytes(line[x:x + 3]))
    nonwhite += ink
    rows_with_ink += ink > 0
    prev = line
share = nonwhite / (width * height)
print(f"{path}: {width}x{height}, {share:.1%} non-white pixels, {rows_with_ink} rows with ink, "
      f"{len(colours)} distinct colours (sampled)")
if share < 0.01 or len(colours) < 16:
    sys.exit(f"error: {path} looks blank")
PY
