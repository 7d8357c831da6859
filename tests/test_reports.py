"""The inspection binder, the work summary and the evidence archive (issue 25), made from the records.

Figures are checked against the inspection ledger computed for the same days (the ledger is what
inspectors already read), never against the report code's own functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import copy_example, run_placard, write

TODAY = "2026-12-07"


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("reports") / "campaign")


@pytest.fixture(scope="module")
def binder(example: Path, tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("out")
    proc = run_placard(
        "binder",
        example,
        "--date",
        TODAY,
        "--from",
        "2026-10-01",
        "--to",
        "2026-11-30",
        "--out",
        out / "binder.pdf",
        "--archive",
        out / "evidence.zip",
        cwd=out,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "binder.pdf", out / "evidence.zip", proc


def test_binder_is_a4_with_a_contents_page_whose_numbers_point_at_the_sections(binder, example):
    from pypdf import PdfReader

    pdf, _zip, _proc = binder
    reader = PdfReader(str(pdf))
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1  # A4 in points
    pages = [_flat(p.extract_text() or "") for p in reader.pages]
    toc = next(i for i, t in enumerate(pages) if "目录" in t)
    # every placement list of the example is in the contents, with the page its section starts on
    names = {
        "fenghuang-hoarding": "凤凰路地铁站施工围挡",
        "gov-school-hoarding": "光明第二小学改扩建工程围挡",
    }
    for list_id, name in names.items():
        m = re.search(re.escape(name) + r"（" + re.escape(list_id) + r"）\.*(\d+)", pages[toc])
        assert m, (name, pages[toc][:800])
        page_no = int(m.group(1))
        assert pages[page_no - 1].startswith(name) or name in pages[page_no - 1][:60]
        assert str(page_no) in pages[page_no - 1][-6:]  # the page number printed at the foot


def test_binder_holds_share_patrols_photo_pairs_and_hashes(binder, example):
    pdf, _zip, _proc = binder
    text = _flat("".join(_pdf_pages(pdf)))
    assert "光明区创建全国文明城区" in text and "迎检材料" in text
    # h05 on the hoarding was reported damaged on 2026-11-20 and never fixed: shown as not fixed
    assert "围挡板被车辆刮破" in text
    assert "尚未整改" in text
    # the appendix names each source file with its SHA-256
    src = example / "posters/placements/fenghuang-hoarding.yml"
    assert hashlib.sha256(src.read_bytes()).hexdigest() in text
    assert "posters/placements/fenghuang-hoarding.yml" in text


def test_binder_photos_are_at_most_300_dpi_at_their_printed_size(binder):
    pdf, _zip, _proc = binder
    if shutil.which("pdfimages") is None:
        pytest.fail("pdfimages (poppler-utils) is needed: apt-get install poppler-utils")
    out = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "the example's before/after photos are in the binder"
    for r in rows:
        x_ppi, y_ppi = int(r[12]), int(r[13])
        assert x_ppi <= 301 and y_ppi <= 301, r


def test_archive_holds_original_bytes_and_a_true_manifest(binder, example):
    _pdf, archive, _proc = binder
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {"binder.pdf", "ledger.xlsx", "manifest.csv", "README.txt"} <= names
        photo = "posters/patrols/photos/2026-11/IMG_20261120_164200.jpg"
        assert z.read(f"sources/{photo}") == (example / photo).read_bytes()
        manifest = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8-sig"))))
        assert len(manifest) == len(names) - 2
        for row in manifest:
            data = z.read(row["file"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
            assert len(data) == int(row["bytes"])
        assert "归档" in z.read("README.txt").decode("utf-8") or "证据" in z.read(
            "README.txt"
        ).decode("utf-8")


def _summary_tables(path: Path) -> tuple[list[list[str]], str]:
    from docx import Document

    doc = Document(str(path))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    return rows, "\n".join(p.text for p in doc.paragraphs)


def test_summary_figures_equal_the_ledgers_for_the_same_days(example, tmp_path):
    """Lowest share and days below the rule per list, from the ledger of every day of the period."""
    from placard.ledger import ledger_rows
    from placard.load import load_campaign

    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    out = tmp_path / "summary.docx"
    proc = run_placard(
        "summary", example, "--date", TODAY, "--from", start, "--to", end, "--out", out
    )
    assert proc.returncode == 0, proc.stderr
    rows, text = _summary_tables(out)
    for heading in ("工作开展情况", "主要成效", "存在问题", "下步打算"):
        assert heading in text
    campaign = load_campaign(example, dt.date(2026, 12, 7)).campaign
    per_list: dict[str, list] = {}
    day = start
    while day <= end:
        for r in ledger_rows(campaign, day).summary:
            if r[10] in ("达标", "不达标"):  # a day with something published in the list's period
                per_list.setdefault(r[0], []).append((float(r[9].rstrip("%")), r[10]))
        day += dt.timedelta(days=1)
    by_id = {re.search(r"（([^）]+)）$", r[0]).group(1): r for r in rows[1:] if "（" in r[0]}
    assert set(by_id) == set(per_list)
    for list_id, days in per_list.items():
        row = by_id[list_id]
        assert float(row[2].rstrip("%")) == min(s for s, _v in days), list_id
        assert int(row[4]) == sum(1 for _s, v in days if v == "不达标"), list_id
        assert int(row[5]) == len(days), list_id
    # the patrol days done, as the ledger's patrol history lists them
    history = ledger_rows(campaign, end).patrols
    done = len({(r[1], r[0]) for r in history if start <= r[0] <= end})
    m = re.search(r"应巡查 (\d+) 次，实际巡查 (\d+) 次", text)
    assert m and int(m.group(2)) == done, text


def test_summary_of_a_period_without_records_says_so(example, tmp_path):
    out = tmp_path / "s.docx"
    proc = run_placard(
        "summary",
        example,
        "--date",
        TODAY,
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--out",
        out,
    )
    assert proc.returncode == 0, proc.stderr
    rows, text = _summary_tables(out)
    assert rows == []  # no table of invented figures
    assert "没有" in text


def test_list_without_patrols_is_shown_as_such(example, tmp_path):
    out = tmp_path / "b.pdf"
    proc = run_placard(
        "binder",
        example,
        "--date",
        TODAY,
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        out,
    )
    assert proc.returncode == 0, proc.stderr
    pages = [_flat(p) for p in _pdf_pages(out)]
    # the station light boxes were not patrolled in November: their section says so, and is not left out
    section = next(p for p in pages if p.startswith("光明汽车站候车厅灯箱"))
    assert "本期未记录巡查" in section


def test_unreadable_photo_is_listed_and_the_binder_still_made(tmp_path):
    root = copy_example(tmp_path / "c")
    photo = root / "posters/patrols/photos/2026-11/IMG_20261120_164200.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" + b"\0" * 100)
    out = tmp_path / "b.pdf"
    proc = run_placard("binder", root, "--date", TODAY, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "IMG_20261120_164200.jpg" in proc.stderr
    text = _flat("".join(_pdf_pages(out)))
    assert "IMG_20261120_164200.jpg" in text and "无法读取" in text


def test_from_after_to_is_refused(example, tmp_path):
    proc = run_placard(
        "binder", example, "--from", "2026-11-30", "--to", "2026-11-01", "--out", tmp_path / "b.pdf"
    )
    assert proc.returncode == 1
    assert "2026-11-30" in proc.stderr and "2026-11-01" in proc.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_output_inside_the_sources_is_refused(example):
    target = example / "posters" / "binder.pdf"
    proc = run_placard("binder", example, "--out", target)
    assert proc.returncode == 1
    assert "posters" in proc.stderr
    assert not target.exists()


def test_an_existing_file_placard_did_not_make_is_left_alone(example, tmp_path):
    mine = write(tmp_path / "report.pdf", "%PDF-1.4 my own report")
    proc = run_placard("summary", example, "--out", tmp_path / "report.docx")
    assert proc.returncode == 0, proc.stderr
    for cmd, path in (("binder", mine), ("summary", write(tmp_path / "notes.docx", "mine"))):
        before = path.read_bytes()
        proc = run_placard(cmd, example, "--out", path)
        assert proc.returncode == 1, (cmd, proc.stdout)
        assert str(path.name) in proc.stderr
        assert path.read_bytes() == before
    # a summary placard made may be made again over itself
    proc = run_placard("summary", example, "--out", tmp_path / "report.docx")
    assert proc.returncode == 0, proc.stderr
