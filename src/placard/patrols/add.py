"""``placard patrols add``: one patrol record, appended to a records file without writing YAML by hand.

The record goes into the YAML file that already keeps the list's records (its top-level ``list:``
names the list), else into a new ``posters/patrols/<list>.yml``. It is written in the vocabulary
the campaign's records already use (完好 where they say 完好, ok where they say ok), read back
with the loader, and written only when the file then holds exactly one more record.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..model import PATROL_STATUSES
from ..yamlsrc import YamlProblem, YList, YMap, load
from .load import PATROLS_DIR, STATUS_ZH

ZH_WORDS = tuple(STATUS_ZH.values())
EN_STATUS = re.compile(r"""(?:status\s*:\s*["']?|,\s*)(ok|damaged|dirty|missing|wrong|fixed)\b""")
ZH_STATUS = re.compile("|".join(ZH_WORDS))


def vocabulary(texts: list[str]) -> str:
    """'zh' or 'en': the words the records use for a status (Chinese when they say nothing either way)."""
    zh = sum(len(ZH_STATUS.findall(t)) for t in texts)
    en = sum(len(EN_STATUS.findall(t)) for t in texts)
    return "en" if en > zh else "zh"


def campaign_vocabulary(root: Path) -> str:
    """The vocabulary of every records file in ``posters/patrols/`` (YAML and CSV)."""
    folder = root / PATROLS_DIR
    texts = []
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in (".yml", ".yaml", ".csv") and p.is_file() and not p.is_symlink():
                try:
                    texts.append(p.read_text(encoding="utf-8-sig", errors="replace"))
                except OSError:
                    continue
    return vocabulary(texts)


def word(status: str, vocab: str) -> str:
    """``status`` (a model value) as the records write it."""
    assert status in PATROL_STATUSES
    return STATUS_ZH[status] if vocab == "zh" else status


def q(text: str) -> str:
    """A YAML flow scalar that reads back as ``text`` (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def record_line(
    day: dt.date,
    status_word: str,
    inspector: str,
    *,
    list_id: str | None,
    slot: str | None,
    note: str,
    photos: list[str],
) -> str:
    parts = [f"date: {day.isoformat()}"]
    if list_id:
        parts.append(f"list: {q(list_id)}")
    if slot:
        parts.append(f"slot: {q(slot)}")
    parts += [f"inspector: {q(inspector)}", f"status: {q(status_word)}"]
    if note:
        parts.append(f"note: {q(note)}")
    if photos:
        parts.append("photos: [" + ", ".join(q(p) for p in photos) + "]")
    return "{" + ", ".join(parts) + "}"


def target_file(root: Path, list_id: str) -> tuple[Path, str | None, YMap | YList | None]:
    """(file, its text or None when new, its parsed document) for the list's records."""
    folder = root / PATROLS_DIR
    own = folder / f"{list_id}.yml"
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() not in (".yml", ".yaml") or not p.is_file() or p.is_symlink():
                continue
            try:
                text = p.read_text(encoding="utf-8")
                doc = load(text)
            except (OSError, UnicodeDecodeError, YamlProblem):
                continue
            if (
                isinstance(doc, YMap)
                and doc.get("list") == list_id
                and isinstance(doc.get("records"), list)
            ):
                return p, text, doc
    if own.is_file() and not own.is_symlink():
        text = own.read_text(encoding="utf-8")
        return own, text, load(text)
    return own, None, None


def appended(text: str | None, doc, line: str, list_id: str, inspector: str) -> str:
    """The file's text with the record ``line`` added at the end of its records."""
    if text is None:
        return (
            f"# 巡查记录：{list_id}（placard patrols add 添加，可直接编辑）\n"
            f"list: {q(list_id)}\ninspector: {q(inspector)}\nrecords:\n  - {line}\n"
        )
    if not text.endswith("\n"):
        text += "\n"
    indent = "  " if isinstance(doc, YMap) else ""
    for raw in reversed(text.splitlines()):
        m = re.match(r"^(\s*)- ", raw)
        if m:
            indent = m.group(1)
            break
    if isinstance(doc, YMap) and re.search(r"^records:\s*\[\s*\]\s*$", text, re.M):
        text = re.sub(r"^records:\s*\[\s*\]\s*$", "records:", text, count=1, flags=re.M)
    return text + f"{indent}- {line}\n"
