#!/usr/bin/env python3
"""Writes the reference fixtures for QREncoderTests, once, from public encoders on PyPI.

Reference: python-qrcode 8.2 (`pip install qrcode==8.2`), which encodes byte mode as the standard
says and lets version, level and mask be forced. Cross-check: segno 1.6.6 (`pip install
segno==1.6.6`) must agree with it on every forced-mask symbol whose data fills the symbol (segno
pads a byte-aligned bit stream with an extra zero byte, its open issues 123 and 148, so only full
symbols are comparable).

    python3 -m venv /tmp/qrvenv && /tmp/qrvenv/bin/pip install qrcode==8.2 segno==1.6.6
    /tmp/qrvenv/bin/python Tests/QREncoderTests/Fixtures/make_fixtures.py

Files written next to this script:
  matrices.txt  - one block per case: a header line, then the symbol's rows as 0/1 (1 = dark)
  digests.txt   - every version 1-40 at every level, data filling the symbol, mask (version+level)%8:
                  FNV-1a 64 of the rows as written in matrices.txt (joined with newlines)
  capacity.txt  - bytes one byte-mode segment holds, per version and level
"""
import os
import qrcode
import qrcode.util
import segno

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
          "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def capacity(version, level):
    count_bits = 8 if version <= 9 else 16
    return (qrcode.util.BIT_LIMIT_TABLE[LEVELS[level]][version] - 4 - count_bits) // 8


def filler(n):
    """A payment-link-like text of exactly n bytes."""
    base = b"https://qr.alipay.com/"
    alnum = b"0123456789abcdefghijklmnopqrstuvwxyz"
    return (base + alnum * (n // len(alnum) + 1))[:n]


def describe(data):
    """The bytes as hex ("-" if none), or filler:N for filler(n) so that headers stay short."""
    if len(data) > 40 and data == filler(len(data)):
        return f"filler:{len(data)}"
    return data.hex() or "-"


def reference(data, level, min_version=None, mask=None):
    """(version, mask, rows) from python-qrcode; min_version None = smallest, mask None = its choice."""
    q = qrcode.QRCode(version=min_version, error_correction=LEVELS[level], mask_pattern=mask, border=0)
    q.add_data(qrcode.util.QRData(data, mode=qrcode.util.MODE_8BIT_BYTE))
    q.make(fit=True)
    rows = ["".join("1" if m else "0" for m in row) for row in q.get_matrix()]
    return q.version, format_mask(rows), rows


def format_mask(rows):
    """The mask number read back from the format information next to the top-left finder."""
    cells = [(r, 8) for r in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, c) for c in range(5, -1, -1)]
    bits = 0
    for i, (r, c) in enumerate(cells):
        bits |= int(rows[r][c]) << i
    return ((bits ^ 0x5412) >> 10) & 0b111


def cross_check_with_segno(data, version, level, mask, rows):
    s = segno.make(data, version=version, error=level.lower(), mode="byte", mask=mask, boost_error=False)
    other = ["".join(str(m) for m in row) for row in s.matrix]
    assert other == rows, f"segno and python-qrcode differ: version {version}-{level} mask {mask}"


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


SANDBOX = b"https://qr.sandbox.cashier.invalid/pay/"
LINKS = {
    "alipay": b"https://qr.alipay.com/bax0123456789abcdef",
    "wechat": b"weixin://wxpay/bizpayurl?pr=AbCdEf1",
    # Store.tradeNumber: "CSH" + the checkout id, at least ten digits; the longest id is Int64.max.
    "sandbox-longest": SANDBOX + b"CSH9223372036854775807",
    "sandbox-typical": SANDBOX + b"CSH0000000042",
    "utf8-chinese": "支付宝 付款 ¥12.50 收银台".encode("utf-8"),
    "latin1-bytes": "Café crème 12,50 ¥".encode("latin-1"),
    "empty": b"",
}


def cases():
    """(name, bytes, level, minimum version, mask); the last two None = the encoder's choice."""
    for name, data in LINKS.items():
        for level in "LMQH":
            yield name, data, level, None, None
    for mask in range(8):
        yield "alipay", LINKS["alipay"], "M", None, mask
        yield "sandbox-longest", LINKS["sandbox-longest"], "Q", None, mask
    yield "wechat", LINKS["wechat"], "M", 7, None      # version information appears from 7 on
    yield "wechat", LINKS["wechat"], "H", 10, 6         # 16-bit character count from 10 on
    yield "utf8-chinese", LINKS["utf8-chinese"], "Q", 3, 3
    # Version boundaries: the longest text a version holds, and one byte more.
    for version, level in [(1, "M"), (2, "L"), (6, "H"), (9, "L"), (10, "Q"), (26, "M"), (40, "L"), (40, "H")]:
        n = capacity(version, level)
        yield f"fills-{version}-{level}", filler(n), level, None, None
        if version < 40:
            yield f"overflows-{version}-{level}", filler(n + 1), level, None, None


def main():
    blocks = []
    for name, data, level, min_version, mask in cases():
        version, chosen, rows = reference(data, level, min_version, mask)
        if len(data) == capacity(version, level) and mask is not None:
            cross_check_with_segno(data, version, level, mask, rows)
        header = " ".join([name, level, str(min_version or 1), "auto" if mask is None else str(mask),
                           str(version), str(chosen), describe(data)])
        blocks.append("= " + header + "\n" + "\n".join(rows) + "\n")
    with open(os.path.join(HERE, "matrices.txt"), "w") as f:
        f.write("# name level min-version requested-mask -> version mask bytes; then rows, 1 = dark\n")
        f.write("\n".join(blocks))

    with open(os.path.join(HERE, "digests.txt"), "w") as f, open(os.path.join(HERE, "capacity.txt"), "w") as c:
        f.write("# version level mask fnv1a64-of-rows (data: the filler text filling the symbol)\n")
        c.write("# version level bytes\n")
        for version in range(1, 41):
            for i, level in enumerate("LMQH"):
                n = capacity(version, level)
                c.write(f"{version} {level} {n}\n")
                mask = (version + i) % 8
                v, chosen, rows = reference(filler(n), level, version, mask)
                assert v == version and chosen == mask
                cross_check_with_segno(filler(n), version, level, mask, rows)
                f.write(f"{version} {level} {mask} {fnv1a64(chr(10).join(rows)):016x}\n")


if __name__ == "__main__":
    main()
