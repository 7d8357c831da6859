"""Helpers for the content-check tests: small campaigns on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image

from placard.engine import check_campaign

TODAY = dt.date(2026, 11, 23)

MKDOCS = """site_name: 测试
docs_dir: docs
extra:
  placard:
    name: 测试活动
    office: 测试办
    themes:
      - {id: civility, name: 文明礼仪, colour: "#c0392b"}
{lint}"""


def make_campaign(root: Path, slogans: dict[str, str] = None, guides: dict[str, str] = None,
                  ads: dict[str, str] = None, lint: str = "", raw_slogans: dict[str, str] = None) -> Path:
    """Slogans given as their text (approved); guides as their body; raw files as they are."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS.replace("{lint}", lint), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for name, text in (slogans or {}).items():
        write(root / "slogans" / f"{name}.md", slogan(text))
    for name, raw in (raw_slogans or {}).items():
        write(root / "slogans" / f"{name}.md", raw)
    for name, body in (guides or {}).items():
        write(root / "docs" / "guides" / f"{name}.md", guide(body))
    for name, raw in (ads or {}).items():
        write(root / "docs" / "ads" / f"{name}.md", raw)
        Image.new("RGB", (8, 8), "white").save(root / "docs" / "ads" / f"{name}.png")
    return root


def slogan(text: str, extra: str = "") -> str:
    if '"' in text and "'" not in text:
        quoted = f"'{text}'"
    else:
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (f'---\ntext: {quoted}\ntheme: civility\nstatus: approved\napproved_by: 王丽\n'
            f"approved_on: 2026-09-11\n{extra}---\n")


def guide(body: str, title: str = "文明指南", extra: str = "") -> str:
    return (f"---\ntitle: {title}\ntheme: civility\nstatus: approved\napproved_by: 王丽\n"
            f"approved_on: 2026-09-11\n{extra}---\n\n{body}")


def ad(title: str, name: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ntheme: civility\nstatus: approved\napproved_by: 王丽\n"
            f"approved_on: 2026-09-11\nartwork: {name}.png\nalt: 公益广告画面\n{extra}---\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings_by_file(root: Path, today: dt.date = TODAY):
    result = check_campaign(root, today)
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    return result, by_file
