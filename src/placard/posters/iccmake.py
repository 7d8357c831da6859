"""Make placard's own generic CMYK ICC profile (src/placard/data/placard-generic-cmyk.icc).

No freely licensed CMYK output profile is packaged on PyPI or in Debian's free archive (Debian's
``icc-profiles-free`` and ``colord-data`` hold RGB and grey profiles only; Ghostscript's
``default_cmyk.icc`` is AGPL), so placard makes its own and ships it under placard's licence (MIT).

The printing model is a textbook one, tuned to look like coated offset paper (about ISO 12647-2
PC1 / FOGRA39; it is *not* a characterisation of any press): cellular Yule–Nielsen-modified
Neugebauer (n = 2) over the 16 overprints, the eight without black at roughly FOGRA39's solid
Lab values, the eight with black as the product of their reflectance and black's; 14 % tone value
increase at 50 %. The inverse (Lab → CMYK) uses grey-component replacement: greys print with black
only (so anti-aliased black text stays on the K plate), black fades out as chroma rises, and a
total ink limit of 320 % holds. Out-of-gamut colours go to the nearest printable one (least ΔE).

A campaign that knows its press names the shop's own profile (``extra.placard.posters.icc``).
Run ``python -m placard.posters.iccmake`` (pure Python, about a minute);
the output is the same bytes on every machine.
"""

from __future__ import annotations

import itertools
import math
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "placard-generic-cmyk.icc"
D50 = (0.9642, 1.0, 0.8249)
N_YN = 2.0
A2B_GRID, B2A_GRID = 9, 25
TAC = 3.2

# solid overprints of C, M, Y (bits 1, 2, 4), Lab, on paper of L 95
SOLIDS = {
    0: (95.0, 0.0, -2.0), 1: (55.0, -37.0, -50.0), 2: (48.0, 74.0, -3.0), 4: (89.0, -5.0, 93.0),
    3: (24.0, 22.0, -46.0), 5: (50.0, -65.0, 27.0), 6: (47.0, 68.0, 48.0), 7: (23.0, 0.0, 0.0),
}
BLACK = (16.0, 0.0, 0.0)


def lab_to_xyz(L, a, b):
    fy = (L + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def f(t):
        return t ** 3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    return tuple(w * f(t) for w, t in zip(D50, (fx, fy, fz), strict=True))


def xyz_to_lab(X, Y, Z):
    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip((X, Y, Z), D50, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


PAPER = lab_to_xyz(*SOLIDS[0])
KXYZ = lab_to_xyz(*BLACK)
PRIMS = []  # 16 primaries: (bits, xyz ** (1/n)), bit 8 = black
for bits in range(16):
    xyz = lab_to_xyz(*SOLIDS[bits & 7])
    if bits & 8:
        xyz = tuple(p * k / w for p, k, w in zip(xyz, KXYZ, PAPER, strict=True))
    PRIMS.append(tuple(v ** (1 / N_YN) for v in xyz))


def tvi(t):
    return t + 0.56 * t * (1 - t)


def forward(c, m, y, k):
    """CMYK (0–1) -> media-relative Lab (paper = L 100)."""
    e = [tvi(min(1.0, max(0.0, v))) for v in (c, m, y, k)]
    acc = [0.0, 0.0, 0.0]
    for bits, p in enumerate(PRIMS):
        w = 1.0
        for i in range(4):
            w *= e[i] if bits >> i & 1 else 1 - e[i]
        if w:
            acc[0] += w * p[0]
            acc[1] += w * p[1]
            acc[2] += w * p[2]
    xyz = [a ** N_YN * d / p for a, d, p in zip(acc, D50, PAPER, strict=True)]
    return xyz_to_lab(*xyz)


def de(p, q):
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q, strict=True)))


def solve(target, x, free, iters=25):
    """Projected Gauss–Newton on the channels in ``free``: least ΔE to ``target`` within 0..1."""
    x = list(x)
    cur = forward(*x)
    err = de(cur, target)
    for _ in range(iters):
        if err < 0.05:
            break
        J = []
        for i in free:
            h = 1e-3 if x[i] < 0.5 else -1e-3
            x2 = list(x)
            x2[i] += h
            f2 = forward(*x2)
            J.append([(f2[j] - cur[j]) / h for j in range(3)])
        r = [target[j] - cur[j] for j in range(3)]
        # normal equations (J^T J + mu I) d = J^T r, size len(free)
        n = len(free)
        A = [[sum(J[a][j] * J[b][j] for j in range(3)) + (1e-4 if a == b else 0) for b in range(n)] for a in range(n)]
        g = [sum(J[a][j] * r[j] for j in range(3)) for a in range(n)]
        d = _lin(A, g)
        step = 1.0
        while step > 1 / 64:
            x2 = list(x)
            for a, i in enumerate(free):
                x2[i] = min(1.0, max(0.0, x[i] + step * d[a]))
            f2 = forward(*x2)
            e2 = de(f2, target)
            if e2 < err:
                x, cur, err = x2, f2, e2
                break
            step /= 2
        else:
            break
    return x, err


def _lin(A, g):
    n = len(g)
    M = [row[:] + [g[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        if abs(M[c][c]) < 1e-12:
            return [0.0] * n
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c], strict=True)]
    return [M[i][n] / M[i][i] for i in range(n)]


K_L = [forward(0, 0, 0, i / 200)[0] for i in range(201)]  # lightness of black alone


def k_for_lightness(L):
    if L >= K_L[0]:
        return 0.0
    for i in range(1, 201):
        if K_L[i] <= L:
            lo, hi = K_L[i - 1], K_L[i]
            return (i - 1 + (lo - L) / (lo - hi)) / 200
    return 1.0


def inverse(target):
    L, a, b = target
    chroma = math.hypot(a, b)
    k = k_for_lightness(L) * max(0.0, 1 - chroma / 40)
    x, err = solve(target, [0.0, 0.0, 0.0, k], (0, 1, 2))
    if err > 1.0:
        x4, err4 = solve(target, x, (0, 1, 2, 3))
        if err4 < err - 0.5:
            x, err = x4, err4
    total = sum(x)
    if total > TAC:
        cmy = sum(x[:3])
        f = max(0.0, (TAC - x[3]) / cmy) if cmy else 0.0
        x = [x[0] * f, x[1] * f, x[2] * f, x[3]]
    return x


# ---------------------------------------------------------------- ICC writing

def s15(v):
    return struct.pack(">i", round(v * 65536))


def u16(v):
    return max(0, min(65535, round(v)))


def lab_enc(L, a, b):  # ICC v2 16-bit Lab (lut16Type)
    return u16(L / 100 * 65280), u16((a + 128) * 256), u16((b + 128) * 256)


def lab_dec(i, j, k, g):
    # grid node -> Lab; the v2 encoding's top code 0xFFFF is L 100.39, a/b 127.996
    return (i / (g - 1) * 65535 / 652.80, j / (g - 1) * 65535 / 256 - 128, k / (g - 1) * 65535 / 256 - 128)


def mft2(n_in, n_out, grid, clut):
    head = b"mft2" + b"\0" * 4 + bytes([n_in, n_out, grid, 0])
    head += b"".join(s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    head += struct.pack(">HH", 2, 2)
    ident = struct.pack(">HH", 0, 65535)
    return head + ident * n_in + struct.pack(f">{len(clut)}H", *clut) + ident * n_out


def text_desc(s):
    a = s.encode("ascii") + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(a)) + a + struct.pack(">II", 0, 0) + b"\0\0\0" + b"\0" * 67


def text_tag(s):
    return b"text" + b"\0" * 4 + s.encode("ascii") + b"\0"


def xyz_tag(xyz):
    return b"XYZ " + b"\0" * 4 + b"".join(s15(v) for v in xyz)


def build() -> bytes:
    a2b = []
    for node in itertools.product(range(A2B_GRID), repeat=4):
        a2b.extend(lab_enc(*forward(*(v / (A2B_GRID - 1) for v in node))))
    b2a = []
    for n, node in enumerate(itertools.product(range(B2A_GRID), repeat=3)):
        target = lab_dec(*node, B2A_GRID)
        target = (min(100.0, target[0]), target[1], target[2])
        b2a.extend(u16(v * 65535) for v in inverse(target))
        if n % 500 == 0:
            print(f"  {n}/{B2A_GRID ** 3}", file=sys.stderr)
    tags = [
        (b"desc", text_desc("placard generic CMYK (coated, GCR)")),
        (b"cprt", text_tag("No copyright: made by placard.posters.iccmake; MIT licence, use freely")),
        (b"wtpt", xyz_tag(PAPER)),
        (b"A2B0", mft2(4, 3, A2B_GRID, a2b)),
        (b"B2A0", mft2(3, 4, B2A_GRID, b2a)),
    ]
    aliases = {b"A2B1": b"A2B0", b"A2B2": b"A2B0", b"B2A1": b"B2A0", b"B2A2": b"B2A0"}
    table, body, where = [], b"", {}
    offset = 128 + 4 + 12 * (len(tags) + len(aliases))
    for sig, data in tags:
        where[sig] = (offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    for sig, _ in tags:
        table.append((sig, *where[sig]))
    for sig, src in aliases.items():
        table.append((sig, *where[src]))
    size = offset + len(body)
    header = struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"prtrCMYKLab "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + struct.pack(">I", 0)
    header += b"\0" * 8 + b"\0" * 8 + struct.pack(">I", 0) + b"".join(s15(v) for v in D50) + b"plcd"
    header += b"\0" * (128 - len(header))
    tag_table = struct.pack(">I", len(table)) + b"".join(s + struct.pack(">II", o, n) for s, o, n in table)
    return header + tag_table + body


if __name__ == "__main__":
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
