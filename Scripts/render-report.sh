#!/usr/bin/env bash
# Renders an HTML report (or an SVG figure) in headless Chromium to a PNG and checks that the
# picture is not blank. Network access is blocked while rendering, so a report that needed
# anything from outside itself would show the gap.
#
# Usage: Scripts/render-report.sh REPORT.html [OUT.png] [WIDTH] [MAX_HEIGHT]
#   OUT.png     default: REPORT.png beside the input
#   WIDTH       viewport width in pixels (default 1000)
#   MAX_HEIGHT  viewport height; the page is captured up to this height and the blank tail
#               below the content is trimmed (default 8000)
#
# Needs: chromium (Debian package `chromium`; installed with apt-get when missing and running
# as root) and python3 (standard library only, for the PNG check).
# Exit status: 0 rendered and not blank, 1 blank or failed render, 2 bad usage.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 4 ]]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
input=$1
if [[ ! -f "$input" ]]; then
    echo "error: $input: no such file" >&2
    exit 2
fi
input_abs=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")
output=${2:-${input%.*}.png}
width=${3:-1000}
height=${4:-8000}

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: chromium is not installed (apt-get install chromium, as root)" >&2
        exit 1
    fi
    echo "installing chromium..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
    browser=$(command -v chromium)
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
raw="$profile/raw.png"

# --no-sandbox: Chromium refuses to run as root otherwise. The resolver rule makes every host
# name unresolvable, so only the file itself can be loaded.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-extensions --disable-background-networking --disable-component-update \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile/user" \
    --default-background-color=ffffffff --window-size="$width,$height" \
    --screenshot="$raw" "file://$input_abs" >"$profile/chromium.log" 2>&1 || {
    echo "error: chromium failed; its log:" >&2
    tail -20 "$profile/chromium.log" >&2
    exit 1
}
if [[ ! -s "$raw" ]]; then
    echo "error: chromium wrote no screenshot" >&2
    exit 1
fi

python3 - "$raw" "$output" <<'PY'
"""Decode the PNG (8-bit RGB/RGBA, standard library only), trim the blank rows at the bottom,
write the result, and fail if the picture is blank."""
import struct, sys, zlib
from itertools import accumulate

source, target = sys.argv[1], sys.argv[2]
data = open(source, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("error: the screenshot is not a PNG")
pos, idat, header = 8, [], None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", chunk)
    elif kind == b"IDAT":
        idat.append(chunk)
    pos += 12 + length
width, height, depth, color, _, _, interlace = header
if depth != 8 or color not in (2, 6) or interlace:
    sys.exit(f"error: unexpected PNG format (depth {depth}, colour type {color}, interlace {interlace})")
bpp = 3 if color == 2 else 4
stride = width * bpp
raw = zlib.decompress(b"".join(idat))
M7 = int.from_bytes(b"\x7f" * stride, "big")
M8 = int.from_bytes(b"\x80" * stride, "big")
AND255 = (255).__and__

def add_bytes(a, b):
    """Byte-wise (a + b) mod 256 of two equal-length byte strings, without a Python loop."""
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    return (((x & M7) + (y & M7)) ^ ((x ^ y) & M8)).to_bytes(stride, "big")

rows, prev = [], bytes(stride)
for r in range(height):
    start = r * (stride + 1)
    kind, line = raw[start], raw[start + 1:start + 1 + stride]
    if kind == 0:
        out = bytes(line)
    elif kind == 1:
        out = bytearray(stride)
        for c in range(bpp):
            out[c::bpp] = bytes(map(AND255, accumulate(line[c::bpp])))
        out = bytes(out)
    elif kind == 2:
        out = add_bytes(line, prev)
    else:
        out = bytearray(line)
        for i in range(stride):
            left = out[i - bpp] if i >= bpp else 0
            up = prev[i]
            if kind == 3:
                out[i] = (out[i] + ((left + up) >> 1)) & 255
            else:
                corner = prev[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                out[i] = (out[i] + pred) & 255
        out = bytes(out)
    rows.append(out)
    prev = out

# Trim the rows at the bottom that are one flat colour (the page below the content).
def flat(row):
    return row == row[:bpp] * width
last = height
while last > 1 and flat(rows[last - 1]) and rows[last - 1] == rows[-1]:
    last -= 1
rows = rows[:min(height, last + 24)]

# Blank check: luminance spread over a grid of samples, and the share of non-background pixels.
background = rows[0][:3]
samples, differing = [], 0
for row in rows[::4]:
    for i in range(0, stride, bpp * 4):
        r, g, b = row[i], row[i + 1], row[i + 2]
        samples.append(0.299 * r + 0.587 * g + 0.114 * b)
        differing += row[i:i + 3] != background
mean = sum(samples) / len(samples)
std = (sum((s - mean) ** 2 for s in samples) / len(samples)) ** 0.5
share = differing / len(samples)

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows), 8, color, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + row for row in rows), 6)) + chunk(b"IEND", b"")
open(target, "wb").write(png)
print(f"{target}: {width}x{len(rows)} px, luminance std {std:.1f}, {share:.1%} non-background pixels")
if std < 3 or share < 0.005:
    sys.exit("error: the rendered page looks blank")
PY
