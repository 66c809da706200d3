#!/usr/bin/env python3
"""Decodes the QR codes in a binary PGM (P5) image with zxing-cpp (`pip install zxing-cpp`, tested
with 3.1.1) and prints each one's raw bytes as hex, one line per code. Exit status 3 when zxing-cpp
is not installed, so that the Swift test can say it skipped."""
import re
import sys

try:
    import zxingcpp
except ImportError:
    sys.exit(3)


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, "expected a binary PGM with maxval 255"
    width, height = int(header[1]), int(header[2])
    return memoryview(data[header.end():header.end() + width * height]).cast("B", (height, width))


for code in zxingcpp.read_barcodes(read_pgm(sys.argv[1]), formats=zxingcpp.BarcodeFormat.QRCode):
    print(code.bytes.hex())
