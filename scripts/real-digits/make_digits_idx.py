#!/usr/bin/env python3
"""Converts the UCI optical-recognition digits (8x8, grey levels 0..16) to MNIST-like 28x28 IDX files.

Input: digits.csv.gz as Debian's python3-sklearn installs it (1,797 rows of 64 grey levels 0..16, row-major,
then the label). Each image is scaled to 0..255 (v * 255 / 16), resized from 8x8 to 20x20 by bilinear
interpolation (pixel-centre aligned, as PIL's and OpenCV's bilinear resize: source coordinate
(i + 0.5) * 8 / 20 - 0.5, clamped at the border), rounded to unsigned bytes, and placed in a 28x28 frame
translated by whole pixels so that its centre of mass falls on the frame's centre (13.5, 13.5), as MNIST's
digits were (LeCun et al.: size-normalised to 20x20, centred by centre of mass in 28x28). The UCI bitmaps
were already size-normalised to 32x32 before being counted into 4x4 blocks, so the whole 8x8 frame is
resized. White strokes on black, as in MNIST.

Writes an IDX3 unsigned-byte file (magic 0x00000803, dimensions n, 28, 28, big-endian), gzip-compressed
when its name ends in .gz; optionally the labels as IDX1 (magic 0x00000801), a CSV with the columns
pixel0..pixel783 (x / 255, as bdl4j's Fashion-MNIST tables) and label, and a PNG contact sheet.
Only python3 and numpy are needed.
"""

import argparse
import gzip
import struct
import sys
import zlib

import numpy as np

DEFAULT_INPUT = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
SIDE = 28
BOX = 20


def read_digits(path):
    """The images (n, 8, 8) as float grey levels 0..16 and the labels (n,)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float64)
    if table.ndim != 2 or table.shape[1] != 65:
        sys.exit(f"{path}: expected rows of 64 grey levels and a label, found shape {table.shape}")
    images = table[:, :64].reshape(-1, 8, 8)
    if images.min() < 0 or images.max() > 16:
        sys.exit(f"{path}: grey levels outside 0..16")
    return images, table[:, 64].astype(np.uint8)


def bilinear_matrix(n_in, n_out):
    """(n_out, n_in) weights of a pixel-centre-aligned bilinear resize along one axis."""
    w = np.zeros((n_out, n_in))
    for i in range(n_out):
        x = min(max((i + 0.5) * n_in / n_out - 0.5, 0.0), n_in - 1.0)
        lo = int(np.floor(x))
        hi = min(lo + 1, n_in - 1)
        w[i, lo] += 1.0 - (x - lo)
        w[i, hi] += x - lo
    return w


def to_mnist(images):
    """(n, 8, 8) grey levels 0..16 -> (n, 28, 28) uint8, and the number of images that lost ink at the border."""
    r = bilinear_matrix(8, BOX)
    boxes = np.einsum("ij,njk,lk->nil", r, images * (255.0 / 16.0), r)
    boxes = np.clip(np.rint(boxes), 0, 255).astype(np.uint8)
    out = np.zeros((len(images), SIDE, SIDE), dtype=np.uint8)
    clipped = 0
    coords = np.arange(BOX, dtype=np.float64)
    for k, box in enumerate(boxes):
        mass = box.astype(np.float64)
        total = mass.sum()
        if total == 0:
            cy = cx = (BOX - 1) / 2.0
        else:
            cy = (mass.sum(axis=1) @ coords) / total
            cx = (mass.sum(axis=0) @ coords) / total
        # top-left corner so that the centre of mass lands on (SIDE - 1) / 2 = 13.5
        top = int(np.floor((SIDE - 1) / 2.0 - cy + 0.5))
        left = int(np.floor((SIDE - 1) / 2.0 - cx + 0.5))
        y0, x0 = max(top, 0), max(left, 0)
        y1, x1 = min(top + BOX, SIDE), min(left + BOX, SIDE)
        part = box[y0 - top:y1 - top, x0 - left:x1 - left]
        if int(part.sum(dtype=np.int64)) != int(box.sum(dtype=np.int64)):
            clipped += 1
        out[k, y0:y1, x0:x1] = part
    return out, clipped


def open_out(path):
    return gzip.open(path, "wb") if path.endswith(".gz") else open(path, "wb")


def write_idx3(path, images):
    with open_out(path) as f:
        f.write(struct.pack(">IIII", 0x00000803, *images.shape))
        f.write(np.ascontiguousarray(images, dtype=np.uint8).tobytes())


def write_idx1(path, labels):
    with open_out(path) as f:
        f.write(struct.pack(">II", 0x00000801, len(labels)))
        f.write(np.ascontiguousarray(labels, dtype=np.uint8).tobytes())


def write_csv(path, images, labels):
    flat = images.reshape(len(images), -1)
    with open(path, "w") as f:
        f.write(",".join(f"pixel{i}" for i in range(flat.shape[1])) + ",label\n")
        for row, y in zip(flat, labels):
            f.write(",".join("0" if v == 0 else repr(float(np.float32(v / np.float32(255)))) for v in row))
            f.write(f",{y}\n")


def write_sheet(path, images, count, columns=10, scale=3):
    """A PNG (8-bit grey) of the first `count` images in a grid, one grey pixel between them, enlarged `scale` times."""
    count = min(count, len(images))
    rows = (count + columns - 1) // columns
    cell = SIDE + 1
    sheet = np.full((rows * cell + 1, columns * cell + 1), 128, dtype=np.uint8)
    for k in range(count):
        r, c = divmod(k, columns)
        sheet[1 + r * cell:1 + r * cell + SIDE, 1 + c * cell:1 + c * cell + SIDE] = images[k]
    sheet = np.kron(sheet, np.ones((scale, scale), dtype=np.uint8))
    h, w = sheet.shape
    raw = b"".join(b"\x00" + sheet[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("images", help="the IDX3 images file to write (gzip-compressed if it ends in .gz)")
    p.add_argument("--input", default=DEFAULT_INPUT, help="digits.csv.gz (default: %(default)s)")
    p.add_argument("--labels", metavar="FILE", help="also write the labels as an IDX1 file")
    p.add_argument("--csv", metavar="FILE", help="also write a CSV: pixel0..pixel783 (x / 255) and label")
    p.add_argument("--sheet", metavar="FILE.png", help="also write a PNG contact sheet of the first images")
    p.add_argument("--sheet-count", type=int, default=20, help="images on the sheet (default: %(default)s)")
    a = p.parse_args()
    images, labels = read_digits(a.input)
    out, clipped = to_mnist(images)
    write_idx3(a.images, out)
    if a.labels:
        write_idx1(a.labels, labels)
    if a.csv:
        write_csv(a.csv, out, labels)
    if a.sheet:
        write_sheet(a.sheet, out, a.sheet_count)
    print(f"{a.images}: {len(out)} images of {SIDE}x{SIDE}; mean pixel {out.mean():.1f}, "
          f"{(out == 255).mean() * 100:.1f}% saturated, {(out == 0).mean() * 100:.1f}% zero; "
          f"{clipped} lost ink at the frame's border")


if __name__ == "__main__":
    main()
